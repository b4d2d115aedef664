import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { projectWorkload } from '@app/domain/testing/project-workload';
import { SqliteEventStore } from '@app/event-store';
import { MAIN_PROJECTOR, SqliteReadStore, allProjections, rebuildViews } from '@app/read-models';
async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'rb-'));
  const file = join(dir, 'events.db');
  const events = new SqliteEventStore({ filename: file });
  const P = 200, N = 100_000;
  const lives = Array.from({ length: P }, (_, p) => projectWorkload({ projectId: `p${p}`, events: N / P, seed: p + 1 }));
  const written = new Array<number>(P).fill(0);
  for (let round = 0; lives.some((life, p) => written[p]! < life.length); round += 1)
    for (let p = 0; p < P; p += 1) {
      const chunk = lives[p]!.slice(written[p]!, written[p]! + 25);
      if (!chunk.length) continue;
      await events.append(`project-p${p}`, chunk.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata: { actor: { id: 'pm', role: 'manager' } } })), { expectedRevision: written[p] === 0 ? 'no_stream' : written[p]! - 1 });
      written[p]! += chunk.length;
    }
  for (let run = 0; run < 2; run++) {
    const db = new Database(file, { readonly: true });
    let t = process.hrtime.bigint(); let n = 0;
    for (const row of db.prepare('SELECT data, metadata FROM events ORDER BY position').iterate() as Iterable<{ data: string; metadata: string }>) { JSON.parse(row.data); JSON.parse(row.metadata); n++; }
    const raw = n / (Number(process.hrtime.bigint() - t) / 1e9); db.close();
    const store = new SqliteReadStore({ filename: join(dir, `v${run}.db`) });
    t = process.hrtime.bigint();
    const rep = await rebuildViews({ name: MAIN_PROJECTOR, events, store, projections: allProjections });
    const ours = rep.events / (Number(process.hrtime.bigint() - t) / 1e9);
    console.log(`raw ${raw.toFixed(0)}/s ours ${ours.toFixed(0)}/s events ${rep.events}`);
    await store.close();
  }
}
void main().then(() => process.exit(0));
