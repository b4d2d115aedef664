/**
 * `npm run bench:audit`: verification of a 100,000-event project's hash chain
 * (docs/audit.md), three ways, each beside raw SHA-256 over the same bytes in
 * the same run (the canonical content of every event, hashed and nothing
 * else: the floor of any verifier of this rule), and time travel:
 *
 * 1. the chain walk itself (`ChainWalk` over events already in memory);
 * 2. `GET …/audit/verify`'s work (`AuditService.verify`): the walk over the
 *    stream read from the embedded SQLite store;
 * 3. `npm run audit:verify`'s work: an export bundle read from a file, line
 *    by line, parsed and checked;
 * 4. a view at a random revision of a 100,000-event project, through the real
 *    route (`GET …/views/board?at=<r>`) of a real api process, beside the same
 *    route serving the current view from the read store.
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
import { call, chainedAppender, machine, median, projectorReached, recordSection, startProcess, type Row } from './support';

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 100_000);
const RUNS = 3;
/** Time travel: the project's events, its tasks, and the requests timed (one at a time, as a slider sends them). */
const TRAVEL_EVENTS = Number(process.env.BENCH_TRAVEL_EVENTS ?? 100_000);
const TRAVEL_TASKS = 1_000;
const TRAVEL_REQUESTS = Number(process.env.BENCH_TRAVEL_REQUESTS ?? 1_000);
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

interface Latency {
  readonly p50: number;
  readonly p99: number;
}

/** `GET url(i)` for i = 0 … count − 1, one at a time; every answer must be a 200. Milliseconds from send to the whole body. */
async function latency(count: number, url: (i: number) => string, token: string): Promise<Latency> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = process.hrtime.bigint();
    const response = await fetch(url(i), { headers: { authorization: `Bearer ${token}` } });
    const body = await response.text();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (response.status !== 200) throw new Error(`${url(i)}: ${response.status} ${body.slice(0, 300)}`);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length * 0.5)]!, p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))]! };
}

/**
 * Time travel over HTTP on a real api process: a project of TRAVEL_EVENTS
 * events (1,000 tasks, then task edits: the project of `npm run
 * bench:commands`), written into the api's own store; the board at random
 * revisions, after one request that folds the whole log (timed apart: the
 * cold start), beside the current board served from the read store.
 */
async function timeTravel(dir: string): Promise<{ ours: Latency; current: Latency; coldMs: number; events: number }> {
  const env: Record<string, string> = { DATA_DIR: join(dir, 'api'), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'log', SEED_DEMO: 'false', AUTH_RATE_LIMIT_PER_MINUTE: '1000' };
  const api = await startProcess('apps/api/src/main.ts', [], env, /Listening on (http:\/\/\S+)/);
  try {
    const base = api.match[1]!.replace('localhost', '127.0.0.1');
    await call(`${base}/api/auth/signup`, 'POST', { email: 'bench@example.com', password: 'benchmark password', name: 'Bench' });
    const token = (await call(`${base}/api/auth/login`, 'POST', { email: 'bench@example.com', password: 'benchmark password' })).body.accessToken as string;
    const projectId = (await call(`${base}/api/projects`, 'POST', { name: 'Time travel', currency: 'EUR' }, token)).body.id as string;
    const me = (await call(`${base}/api/me`, 'GET', undefined, token)).body.id as string;

    process.stdout.write(`Filling a project with ${TRAVEL_EVENTS.toLocaleString('en')} events for time travel...\n`);
    const store = new SqliteEventStore({ filename: join(dir, 'api', 'events.db') });
    const stream = `project-${projectId}`;
    const taskIds = Array.from({ length: TRAVEL_TASKS }, () => randomUUID());
    const metadata = { actor: { id: me, role: 'manager' }, commandId: randomUUID() };
    const append = await chainedAppender(store, stream);
    let appended = await append(
      taskIds.map((taskId): NewEvent => ({ id: randomUUID(), type: 'TaskAdded', data: { taskId, phaseId: null, title: 'Task', description: '', assigneeId: me, startDate: null, dueDate: null, estimateHours: 8, dependsOn: [] }, metadata })),
    );
    for (let written = 2 + TRAVEL_TASKS; written < TRAVEL_EVENTS; ) {
      const size = Math.min(1_000, TRAVEL_EVENTS - written);
      const edits = Array.from({ length: size }, (_, i): NewEvent => ({ id: randomUUID(), type: 'TaskUpdated', data: { taskId: taskIds[(written + i) % TRAVEL_TASKS], changes: { title: `Edit ${written + i}`, estimateHours: (written + i) % 40 } }, metadata }));
      appended = await append(edits);
      written += size;
    }
    await store.close();
    const head = appended.nextExpectedRevision;
    await projectorReached(base, appended.position);

    const view = `${base}/api/projects/${projectId}/views/board`;
    const coldStart = process.hrtime.bigint();
    await latency(1, () => `${view}?at=${head}`, token);
    const coldMs = Number(process.hrtime.bigint() - coldStart) / 1e6;
    const random = seededRevisions(head);
    await latency(50, () => `${view}?at=${random()}`, token); // warm-up: JIT
    const ours = await latency(TRAVEL_REQUESTS, () => `${view}?at=${random()}`, token);
    await latency(50, () => view, token);
    const current = await latency(TRAVEL_REQUESTS, () => view, token);
    return { ours, current, coldMs, events: head + 1 };
  } finally {
    api.child.kill('SIGTERM');
  }
}

/** Revisions 0 … head, drawn at random (a fixed seed: the same draw every run). */
function seededRevisions(head: number): () => number {
  let a = 0x5eed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (head + 1));
  };
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

    const travel = await timeTravel(dir);

    const name = (what: string): string => `${what}, ${count.toLocaleString('en')} events`;
    const target = { perSecond: 100_000 };
    const rows: Row[] = [
      { name: name('Hash-chain walk, events in memory'), ours: inMemory, baseline: raw, unit: 'events/s', target },
      { name: name('`GET …/audit/verify`: the walk over the stream read from the embedded store'), ours: fromStore, baseline: raw, unit: 'events/s', target },
      { name: name('`npm run audit:verify`: an export bundle read from its file, parsed and checked'), ours: offline, baseline: raw, unit: 'events/s', target },
      {
        name: `A view at a random revision of a ${travel.events.toLocaleString('en')}-event project: \`GET …/views/board?at=<r>\` over HTTP, p99`,
        ours: travel.ours.p99,
        baseline: travel.current.p99,
        unit: 'ms',
        target: { atMost: 50 },
      },
    ];
    const failed = recordSection('audit', 'Audit: hash-chain verification and time travel', rows, [
      `Baseline, every row: raw SHA-256 (node:crypto's one-shot \`hash\`) over the canonical content of each event — the exact bytes each verifier hashes, ${Math.round(bytes / count).toLocaleString('en')} bytes per event on average, prepared in memory beforehand — in the same run: the floor of any verifier of the rule in docs/audit.md.`,
      `Ours: the walk checks every revision follows on and every event's stored hash against SHA-256 of its RFC 8785 canonical content: it writes each event as stored (JSON.stringify; the api stores members in canonical order) and hashes that, and canonicalizes only an event whose hash does not match that way (docs/audit.md, \"How the api checks a hash, quickly\"); \`GET …/audit/verify\` (\`AuditService.verify\`, without HTTP) also reads each row from SQLite and parses its JSON; the offline verifier (what \`npm run audit:verify\` runs) also reads the file in 1 MiB chunks, cuts it into lines and parses each line.`,
      `Events: one project's life written by the domain's decider (every area, seeded), with the api's metadata, chained as the api appends them. Median of ${RUNS} runs after a warm-up.`,
      `Time travel, ours: the real api process (its build, as \`npm start\` runs it, embedded store) answering \`GET /api/projects/:id/views/board?at=<r>\` for ${TRAVEL_REQUESTS.toLocaleString('en')} revisions drawn at random, one request at a time as a slider sends them, timed from send to the whole body: p50 ${travel.ours.p50.toFixed(1)} ms, p99 ${travel.ours.p99.toFixed(1)} ms. The board is folded from the log with its own code from the last snapshot (one per 1,000 revisions, docs/audit.md). Before them, one request folded the whole log and left the snapshots: ${Math.round(travel.coldMs).toLocaleString('en')} ms (the cold start, once per project, view and api process). Baseline: the same route without \`at\`, the current board from the read store, same load: p50 ${travel.current.p50.toFixed(1)} ms, p99 ${travel.current.p99.toFixed(1)} ms. The project: ${TRAVEL_TASKS.toLocaleString('en')} tasks, then task edits (the project of \`npm run bench:commands\`); a board of about 0.2 MB of JSON.`,
      `Not measured here: views of several megabytes. On the every-area project above, views grow to 0.5–9 MB of JSON by revision 100,000 (over 10,000 tasks, each with its baseline), where parsing one snapshot alone takes 5–115 ms: the target is for views the size of this board.`,
    ]);
    process.stdout.write(
      `raw SHA-256: ${Math.round(raw)} events/s\nwalk in memory: ${Math.round(inMemory)} events/s\nfrom the store: ${Math.round(fromStore)} events/s\noffline bundle: ${Math.round(offline)} events/s\n` +
        `time travel (board, ${travel.events} events): p50 ${travel.ours.p50.toFixed(1)} ms, p99 ${travel.ours.p99.toFixed(1)} ms, cold ${Math.round(travel.coldMs)} ms; current view p50 ${travel.current.p50.toFixed(1)} ms, p99 ${travel.current.p99.toFixed(1)} ms\n${machine().line}\nRecorded in BENCHMARKS.md\n`,
    );
    if (failed.length > 0) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
