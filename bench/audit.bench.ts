/**
 * `npm run bench:audit`: verification of a 100,000-event project's hash chain
 * (docs/audit.md), three ways, each beside raw SHA-256 over the same bytes in
 * the same run (the canonical content of every event, hashed and nothing
 * else: the floor of any verifier of this rule):
 *
 * 1. the chain walk itself (`ChainWalk` over events already in memory);
 * 2. `GET …/audit/verify`'s work (`AuditService.verify`): the walk over the
 *    stream read from the embedded SQLite store;
 * 3. `npm run audit:verify`'s work: an export bundle read from a file, line
 *    by line, parsed and checked.
 *
 * Events: one project's life written by the domain's decider, with the
 * metadata the api writes, hashed as the api hashes them at append.
 * Bounded in count; stops by itself.
 */
import { hash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleEvent, bundleHeader, bundleLine, canonicalContent, chainAppend, GENESIS_HASH, storedHash, verifyBundleBytes, verifyStream, type ChainedEvent } from '@app/audit';
import { bundleInput } from '@app/audit/cli';
import { projectWorkload } from '@app/domain/testing/project-workload';
import { SqliteEventStore, type NewEvent } from '@app/event-store';
import { AuditService } from '../apps/api/src/audit/audit.service';
import { machine, median, recordSection, type Row } from './support';

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 100_000);
const RUNS = 3;
/** Events per append when the stream is written, as a busy project's batches would be. */
const BATCH = 10;

/** The project's events, chained and hashed as the api appends them. */
function chainedProject(projectId: string): ChainedEvent[] {
  const streamId = `project-${projectId}`;
  const domain = projectWorkload({ projectId, events: EVENTS });
  const stream: ChainedEvent[] = [];
  let previous = GENESIS_HASH;
  for (let from = 0; from < domain.length; from += BATCH) {
    const commandId = randomUUID();
    const batch = domain.slice(from, from + BATCH).map((event, i) => ({
      id: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: { actor: { id: 'pm', role: 'manager' }, commandId, correlationId: commandId, occurredAt: new Date(Date.UTC(2027, 0, 4) + (from + i) * 60_000).toISOString() },
    }));
    const chained = chainAppend(streamId, from - 1, previous, batch);
    previous = chained.lastHash;
    chained.events.forEach((event, i) => stream.push({ ...event, streamId, revision: from + i }));
  }
  return stream;
}

/** Events per second of `run` over `count` events: median of RUNS, after one warm-up. */
async function rate(count: number, run: () => unknown): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return count / median(times);
}

function assertOk(result: { ok: boolean }, what: string): void {
  if (!result.ok) throw new Error(`${what}: the chain does not verify: ${JSON.stringify(result)}`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
  try {
    const projectId = randomUUID();
    process.stdout.write(`Writing a ${EVENTS.toLocaleString('en')}-event project...\n`);
    const events = chainedProject(projectId);
    const count = events.length;

    // Baseline: SHA-256 over the very bytes the verifiers hash, prepared beforehand.
    const contents = events.map((event, i) => Buffer.from(canonicalContent(i === 0 ? GENESIS_HASH : storedHash(events[i - 1]!)!, event), 'utf8'));
    const bytes = contents.reduce((sum, content) => sum + content.length, 0);
    const raw = await rate(count, () => {
      for (const content of contents) hash('sha256', content, 'hex');
    });

    const inMemory = await rate(count, async () => assertOk(await verifyStream(events), 'in memory'));

    const store = new SqliteEventStore({ filename: join(dir, 'events.db') });
    const streamId = `project-${projectId}`;
    for (let from = 0; from < count; from += 1_000) {
      const slice = events.slice(from, from + 1_000).map(({ id, type, data, metadata }) => ({ id, type, data, metadata }) as NewEvent);
      await store.append(streamId, slice, { expectedRevision: from === 0 ? 'no_stream' : from - 1 });
    }
    const audit = new AuditService(store);
    const fromStore = await rate(count, async () => assertOk(await audit.verify(projectId), 'from the store'));
    await store.close();

    const file = join(dir, 'bundle.ndjson');
    const header = bundleHeader({ projectId, stream: streamId, to: count - 1, finalHash: storedHash(events[count - 1]!)!, exportedAt: new Date().toISOString() });
    writeFileSync(file, [bundleLine(header), ...events.map((event) => bundleLine(bundleEvent(event)))].join(''));
    const offline = await rate(count, async () =>
      assertOk(await verifyBundleBytes(bundleInput(file)), 'offline'),
    );

    const name = (what: string): string => `${what}, ${count.toLocaleString('en')} events`;
    const target = { perSecond: 100_000 };
    const rows: Row[] = [
      { name: name('Hash-chain walk, events in memory'), ours: inMemory, baseline: raw, unit: 'events/s', target },
      { name: name('`GET …/audit/verify`: the walk over the stream read from the embedded store'), ours: fromStore, baseline: raw, unit: 'events/s', target },
      { name: name('`npm run audit:verify`: an export bundle read from its file, parsed and checked'), ours: offline, baseline: raw, unit: 'events/s', target },
    ];
    const failed = recordSection('audit', 'Audit: hash-chain verification', rows, [
      `Baseline, every row: raw SHA-256 (node:crypto's one-shot \`hash\`) over the canonical content of each event — the exact bytes each verifier hashes, ${Math.round(bytes / count).toLocaleString('en')} bytes per event on average, prepared in memory beforehand — in the same run: the floor of any verifier of the rule in docs/audit.md.`,
      `Ours: the walk checks every revision follows on and every event's stored hash against SHA-256 of its RFC 8785 canonical content (json-canonicalize), so it canonicalizes each event and hashes it; \`GET …/audit/verify\` (\`AuditService.verify\`, without HTTP) also reads each row from SQLite and parses its JSON; the offline verifier (what \`npm run audit:verify\` runs) also reads the file in 1 MiB chunks, cuts it into lines and parses each line.`,
      `Events: one project's life written by the domain's decider (every area, seeded), with the api's metadata, chained as the api appends them. Median of ${RUNS} runs after a warm-up.`,
    ]);
    process.stdout.write(
      `raw SHA-256: ${Math.round(raw)} events/s\nwalk in memory: ${Math.round(inMemory)} events/s\nfrom the store: ${Math.round(fromStore)} events/s\noffline bundle: ${Math.round(offline)} events/s\n${machine().line}\nRecorded in BENCHMARKS.md\n`,
    );
    if (failed.length > 0) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
