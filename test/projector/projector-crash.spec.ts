import { GENESIS_HASH, chainAppend } from '@app/audit';
import Database from 'better-sqlite3';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@app/event-store';
import {
  LOG_TOTALS_ID,
  MAIN_PROJECTOR,
  Projector,
  SqliteReadStore,
  allProjections,
  streamStatsProjection,
  type LogTotals,
  type StreamStats,
} from '@app/read-models';
import { projectWorkload } from '@app/domain/testing/project-workload';
import { captureOutput, eventually, exited, spawnTs } from '../support/ts-child';

const EVENTS = 100_000;
/** What the generated lives hold: whole commands, so a little over EVENTS. */
let EVENTS_WRITTEN = 0;
const STREAMS = 200;
const KILLS = 5;

/**
 * The projector app is killed with SIGKILL at five random moments while it
 * catches up with a 100,000-event log written by the domain's own decider
 * (200 projects, every area), through every real view. After a last, clean run the views must
 * equal a from-scratch rebuild: no event skipped, none applied twice.
 */
describe('projector crash safety', () => {
  let dir: string;
  let eventsFile: string;
  let viewsFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'projector-crash-'));
    eventsFile = join(dir, 'events.db');
    viewsFile = join(dir, 'views.db');
    const store = new SqliteEventStore({ filename: eventsFile });
    // Each project's life as the domain's commands write it (every area, seeded), interleaved across projects.
    const lives = Array.from({ length: STREAMS }, (_, s) => projectWorkload({ projectId: `p${s}`, events: EVENTS / STREAMS, seed: s + 1 }));
    EVENTS_WRITTEN = lives.reduce((sum, life) => sum + life.length, 0);
    const written = new Array<number>(STREAMS).fill(0);
    const heads = new Array<string>(STREAMS).fill(GENESIS_HASH);
    const open = lives.map((_, s) => s);
    while (open.length > 0) {
      // Appends of varying size to projects in a shuffled order, as real projects write.
      const at = Math.floor(Math.random() * open.length);
      const s = open[at]!;
      const size = Math.min(1 + Math.floor(Math.random() * 50), lives[s]!.length - written[s]!);
      // Chained as the api chains them (docs/audit.md): the projector refuses an event whose hash does not hold.
      const chained = chainAppend(`project-p${s}`, written[s]! - 1, heads[s]!, lives[s]!.slice(written[s]!, written[s]! + size).map((event) => ({ id: randomUUID(), type: event.type, data: event.data, metadata: {} })));
      heads[s] = chained.lastHash;
      await store.append(`project-p${s}`, chained.events, { expectedRevision: written[s]! === 0 ? 'no_stream' : written[s]! - 1 });
      written[s]! += size;
      if (written[s] === lives[s]!.length) open.splice(at, 1);
    }
    await store.close();
  });

  const children: ChildProcessWithoutNullStreams[] = [];

  afterAll(() => {
    // A failed assertion must not leave a projector running.
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (): Record<string, string> => ({
    EVENT_STORE_URL: `sqlite:${eventsFile}`,
    READ_STORE_URL: `sqlite:${viewsFile}`,
    LOG_LEVEL: 'warn',
    // A killed projector keeps its lease until it runs out: the next one waits that long (projector-failover.spec.ts tests the default).
    PROJECTOR_LEASE_TTL_MS: '1000',
  });

  /** The projector's checkpoint as another process sees it (0 until it has written one). */
  const checkpoint = (db: Database.Database | null): bigint => {
    if (db === null) return 0n;
    try {
      const row = db.prepare('SELECT position FROM checkpoints WHERE name = ?').pluck().get(MAIN_PROJECTOR) as
        | string
        | undefined;
      return row === undefined ? 0n : BigInt(row);
    } catch (error) {
      // The child has created the file but not yet its tables. (Matched by message, not
      // instanceof: better-sqlite3's native addon may raise an error of another jest realm.)
      const message = (error as { message?: unknown } | null)?.message;
      if (typeof message === 'string' && /no such table/.test(message)) return 0n;
      throw error;
    }
  };

  it('after 5 SIGKILLs during catch-up, the views equal a rebuild from scratch', async () => {
    const killedAt: bigint[] = [];
    let observer: Database.Database | null = null;

    for (let round = 0; round < KILLS; round += 1) {
      const before = checkpoint(observer);
      const remaining = EVENTS_WRITTEN - Number(before);
      // Somewhere ahead, leaving room for the rounds still to come.
      const step = Math.floor(remaining / (KILLS - round + 1));
      const target = before + BigInt(Math.max(1, Math.floor(step * (0.3 + Math.random() * 0.7))));

      const child = spawnTs('apps/projector/src/main.ts', env());
      children.push(child);
      const output = captureOutput(child);
      observer ??= await eventually(
        () => {
          try {
            return new Database(viewsFile, { readonly: true, fileMustExist: true });
          } catch {
            return null;
          }
        },
        { timeoutMs: 30_000, describe: output.text },
      );
      const seen = await eventually(
        () => {
          const now = checkpoint(observer);
          return now >= target ? now : null;
        },
        { timeoutMs: 60_000, intervalMs: 1, describe: output.text },
      );
      child.kill('SIGKILL');
      expect(await exited(child)).toBe('SIGKILL');
      killedAt.push(seen);
    }

    // Every kill landed during the catch-up, each further along than the last.
    expect(killedAt).toHaveLength(KILLS);
    for (let i = 0; i < KILLS; i += 1) {
      expect(killedAt[i]! > (i === 0 ? 0n : killedAt[i - 1]!)).toBe(true);
      expect(killedAt[i]! < BigInt(EVENTS_WRITTEN)).toBe(true);
    }

    // A last run catches up and stops cleanly on SIGTERM.
    const last = spawnTs('apps/projector/src/main.ts', env());
    children.push(last);
    const output = captureOutput(last);
    await eventually(() => checkpoint(observer) === BigInt(EVENTS_WRITTEN), { timeoutMs: 60_000, describe: output.text });
    last.kill('SIGTERM');
    expect(await exited(last)).toBe(0);
    observer?.close();

    // The same log folded from scratch, in this process.
    const events = new SqliteEventStore({ filename: eventsFile });
    const rebuilt = new SqliteReadStore({ filename: join(dir, 'rebuilt.db') });
    const projected = new SqliteReadStore({ filename: viewsFile });
    const projector = new Projector({ name: MAIN_PROJECTOR, events, store: rebuilt, projections: allProjections });
    try {
      await projector.start();
      await projector.waitFor(BigInt(EVENTS_WRITTEN), 60_000);
      await projector.stop();

      for (const { view } of allProjections) {
        const afterCrashes = await projected.list(view, { limit: 1_000_000 });
        const fromScratch = await rebuilt.list(view, { limit: 1_000_000 });
        expect(afterCrashes.length).toBe(fromScratch.length);
        expect(afterCrashes).toEqual(fromScratch);
      }

      // And both equal the truth, counted straight from the log.
      const perStream = new Map<string, number>();
      let positionSum = 0n;
      for await (const event of events.readAll() as AsyncIterable<RecordedEvent>) {
        perStream.set(event.streamId, (perStream.get(event.streamId) ?? 0) + 1);
        positionSum += event.position;
      }
      const totals = (await projected.get<LogTotals>(streamStatsProjection.view, LOG_TOTALS_ID))!;
      expect(totals.events).toBe(EVENTS_WRITTEN);
      expect(BigInt(totals.positionSum)).toBe(positionSum);
      for (const [stream, count] of perStream) {
        const stats = (await projected.get<StreamStats>(streamStatsProjection.view, stream))!;
        expect(stats.events).toBe(count);
        expect(stats.lastRevision).toBe(count - 1);
      }
    } finally {
      await projector.stop();
      await Promise.all([events.close(), rebuilt.close(), projected.close()]);
    }
  }, 240_000);

  it('`projections:rebuild` folds the log again and removes every document the log cannot produce', async () => {
    // Documents no event made: a board of a project that never existed, and a wrong count.
    const projected = new SqliteReadStore({ filename: viewsFile });
    await projected.put('project_board', 'ghost', { projectId: 'ghost', revision: 3, data: { name: 'Ghost' } });
    await projected.put(streamStatsProjection.view, 'project-999', { stream: 'project-999', events: 7 });
    await projected.close();

    const child = spawnTs('apps/projector/src/rebuild.ts', env());
    children.push(child);
    const output = captureOutput(child);
    expect(await exited(child)).toBe(0);
    expect(output.text()).toMatch(/project_board: \d+ documents \(was \d+, 1 the log cannot produce removed\)/);
    expect(output.text()).toContain(`Rebuilt ${EVENTS_WRITTEN} events up to position ${EVENTS_WRITTEN}`);
    // Where the time went, as an operator reads it.
    expect(output.text()).toMatch(/time: reading the log \d+\.\d\d s, checking hash links \d+\.\d\d s, folding \d+\.\d\d s, writing the views \d+\.\d\d s \(of all of it, garbage collection \d+\.\d\d s\)/);

    const rebuilt = new SqliteReadStore({ filename: join(dir, 'rebuilt.db') });
    const after = new SqliteReadStore({ filename: viewsFile });
    try {
      for (const { view } of allProjections) expect(await after.list(view, { limit: 1_000_000 })).toEqual(await rebuilt.list(view, { limit: 1_000_000 }));
      expect(await after.get('project_board', 'ghost')).toBeNull();
      expect(await after.getCheckpoint(MAIN_PROJECTOR)).toBe(BigInt(EVENTS_WRITTEN));
    } finally {
      await Promise.all([rebuilt.close(), after.close()]);
    }
  }, 120_000);
});
