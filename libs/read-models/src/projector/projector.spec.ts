import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryEventStore, NO_STREAM, SqliteEventStore, type RecordedEvent } from '@app/event-store';
import { foldProjection, type Projection } from '../projection';
import { LOG_TOTALS_ID, streamStatsProjection, type LogTotals } from '../projections';
import { LeaseLostError, ReadStoreUnavailableError, type ReadStore, type ViewBatch } from '../read-store.port';
import { SqliteReadStore } from '../adapters/sqlite/sqlite-read-store';
import { Projector } from './projector';
import { HashChainGuard } from './event-guard';
import { rebuildViews } from './rebuild';
import { GENESIS_HASH, chainAppend, chainHead } from '@app/audit';

const newEvent = (n: number) => ({ id: randomUUID(), type: 'Counted', data: { n } });

async function seed(events: MemoryEventStore, streams: number, perStream: number): Promise<void> {
  for (let s = 0; s < streams; s += 1) {
    await events.append(
      `project-${s}`,
      Array.from({ length: perStream }, (_, i) => newEvent(i)),
      { expectedRevision: NO_STREAM },
    );
  }
}

async function allEvents(events: MemoryEventStore): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const event of events.readAll()) out.push(event);
  return out;
}

async function viewDocs(store: ReadStore, view: string): Promise<Map<string, unknown>> {
  const docs = new Map<string, unknown>();
  for (const { id, doc } of await store.list(view, { limit: 100_000 })) docs.set(id, doc);
  return docs;
}

describe('Projector', () => {
  let events: MemoryEventStore;
  let store: SqliteReadStore;
  let sut: Projector;

  beforeEach(() => {
    events = new MemoryEventStore();
    store = new SqliteReadStore({ filename: ':memory:' });
  });

  afterEach(async () => {
    await sut?.stop();
    await store.close();
    await events.close();
  });

  const projector = (overrides: Partial<ConstructorParameters<typeof Projector>[0]> = {}): Projector =>
    new Projector({ name: 'main', events, store, projections: [streamStatsProjection], ...overrides });

  /** The store, whose first `failures` commits fail as a full disk would. */
  const failingCommits = (failures: number): { store: ReadStore; failuresLeft: () => number } => {
    let left = failures;
    const flaky: ReadStore = Object.create(store) as ReadStore;
    flaky.commit = async (batch) => {
      if (left > 0) {
        left -= 1;
        throw new ReadStoreUnavailableError('disk full');
      }
      return store.commit(batch);
    };
    return { store: flaky, failuresLeft: () => left };
  };

  it('catches up with the log, then follows it live', async () => {
    await seed(events, 5, 30);
    sut = projector({ batchSize: 40 });
    await sut.start();
    await sut.waitFor((await events.headPosition())!);

    await events.append('project-9', [newEvent(1)], { expectedRevision: NO_STREAM });
    await sut.waitFor((await events.headPosition())!);

    const expected = foldProjection(streamStatsProjection, await allEvents(events));
    expect(await viewDocs(store, 'stream_stats')).toEqual(expected);
    expect(sut.status).toMatchObject({ state: 'running', position: 151n, error: null });
  });

  it('resumes after the stored checkpoint without applying anything twice', async () => {
    await seed(events, 3, 50);
    sut = projector({ batchSize: 20 });
    await sut.start();
    await sut.waitFor(150n);
    await sut.stop();

    await events.append('project-0', [newEvent(99)], { expectedRevision: 49 });
    sut = projector({ batchSize: 20 });
    await sut.start();
    await sut.waitFor(151n);

    const totals = (await store.get<LogTotals>('stream_stats', LOG_TOTALS_ID))!;
    expect(totals.events).toBe(151);
    expect(BigInt(totals.positionSum)).toBe((151n * 152n) / 2n);
  });

  it('pauses the subscription when its queue is full and still applies every event once', async () => {
    await seed(events, 10, 100);
    sut = projector({ batchSize: 7, maxQueued: 20 });
    await sut.start();
    await sut.waitFor(1000n);
    const totals = (await store.get<LogTotals>('stream_stats', LOG_TOTALS_ID))!;
    expect(totals.events).toBe(1000);
    expect(BigInt(totals.positionSum)).toBe((1000n * 1001n) / 2n);
    expect(sut.status.queued).toBe(0);
  });

  it('retries a batch while the read store is unavailable, then carries on', async () => {
    await seed(events, 2, 10);
    const flaky = failingCommits(3);
    sut = projector({ store: flaky.store, retryDelayMs: { min: 5, max: 20 } });
    await sut.start();
    await sut.waitFor(20n);
    expect(flaky.failuresLeft()).toBe(0);
    expect((await store.get<LogTotals>('stream_stats', LOG_TOTALS_ID))!.events).toBe(20);
  });

  it('sets aside an event a view cannot fold, with its error, and goes on with the events after it', async () => {
    await seed(events, 2, 4);
    // A view that changes its document in place and fails half-way on n=2 of project-0.
    const fragile: Projection<{ seen: number[]; total: number }> = {
      view: 'fragile',
      documentIds: (event) => [event.streamId],
      evolve: (doc, event) => {
        const current = doc ?? { seen: [], total: 0 };
        const n = (event.data as { n: number }).n;
        current.seen.push(n);
        if (n === 2 && event.streamId === 'project-0') throw new Error('cannot fold n=2');
        current.total += n;
        return current;
      },
    };
    sut = projector({ projections: [fragile, streamStatsProjection] });
    await sut.start();
    await sut.waitFor(8n);
    expect(sut.status).toMatchObject({ state: 'running', position: 8n, setAside: 1 });
    expect(sut.status.lastSetAside).toMatch(/View fragile failed on event .* \(Counted, project-0@2, position 3\): cannot fold n=2/);
    // The failing document kept its state from before that event, and took the ones after it.
    expect(await store.get('fragile', 'project-0')).toEqual({ seen: [0, 1, 3], total: 4 });
    expect(await store.get('fragile', 'project-1')).toEqual({ seen: [0, 1, 2, 3], total: 6 });
    // Other views never noticed.
    expect((await store.get<LogTotals>('stream_stats', LOG_TOTALS_ID))!.events).toBe(8);
    const [aside] = (await store.list('set_aside', { limit: 10 })).map((item) => item.doc);
    expect(aside).toMatchObject({ view: 'fragile', documentId: 'project-0', type: 'Counted', streamId: 'project-0', revision: 2, position: '3', error: expect.stringContaining('cannot fold n=2') });

    // A restart remembers how many were set aside; a rebuild starts afresh (and sets the event aside again).
    await sut.stop();
    const again = projector({ projections: [fragile, streamStatsProjection] });
    await again.start();
    expect(again.status.setAside).toBe(1);
    await again.rebuild();
    await again.waitFor(8n);
    expect(again.status.setAside).toBe(1);
    expect(await store.count('set_aside')).toBe(1);
    await again.stop();
  });

  it('folds view by view, and sets aside what fails in log order whatever the order of the views', async () => {
    await seed(events, 2, 4);
    // Two views failing in one batch: the first view on a later event than the second.
    const failing = (view: string, stream: string, n: number): Projection<{ seen: number[] }> => ({
      view,
      documentIds: (event) => [event.streamId],
      evolve: (doc, event) => {
        const current = doc ?? { seen: [] };
        const at = (event.data as { n: number }).n;
        if (at === n && event.streamId === stream) throw new Error(`${view} cannot fold n=${n}`);
        current.seen.push(at);
        return current;
      },
    });
    sut = projector({ projections: [failing('late', 'project-1', 3), failing('early', 'project-0', 1), streamStatsProjection] });
    await sut.start();
    await sut.waitFor(8n);
    expect(sut.status).toMatchObject({ state: 'running', position: 8n, setAside: 2 });
    // The last set aside is the one met last in the log (project-1@3, position 8), not the last view's.
    expect(sut.status.lastSetAside).toMatch(/View late failed on event .* \(Counted, project-1@3, position 8\)/);
    expect(await store.get('late', 'project-1')).toEqual({ seen: [0, 1, 2] });
    expect(await store.get('early', 'project-0')).toEqual({ seen: [0, 2, 3] });
    expect(await viewDocs(store, 'stream_stats')).toEqual(foldProjection(streamStatsProjection, await allEvents(events)));
  });

  describe('between commits', () => {
    const appendOneByOne = async (count: number, stream = 'project-0'): Promise<void> => {
      for (let i = 0; i < count; i += 1) {
        await events.append(stream, [newEvent(i)], { expectedRevision: i === 0 ? NO_STREAM : i - 1 });
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    };
    const countingCommits = (): { store: ReadStore; commits: Array<{ changes: number; position: bigint }> } => {
      const commits: Array<{ changes: number; position: bigint }> = [];
      const counting: ReadStore = Object.create(store) as ReadStore;
      counting.commit = async (batch) => {
        commits.push({ changes: batch.changes.length, position: batch.checkpoint.position });
        return store.commit(batch);
      };
      return { store: counting, commits };
    };

    it('folds events arriving one by one into one commit, writing each document once', async () => {
      const { store: counting, commits } = countingCommits();
      sut = projector({ store: counting, commitDelayMs: 60_000 });
      await sut.start();
      await appendOneByOne(30);
      await waitUntil(() => sut.status.folded === 30n);
      expect(commits).toEqual([]);
      expect(sut.status).toMatchObject({ position: null, folded: 30n, queued: 30 });

      // Someone waiting for a position has it committed at once, not at the end of the delay.
      await sut.waitFor(30n);
      expect(commits).toEqual([{ changes: 2, position: 30n }]); // the totals and project-0's stats
      expect((await store.get<LogTotals>('stream_stats', LOG_TOTALS_ID))!.events).toBe(30);
    });

    it('commits what it folded when it stops, and a restart goes on from there', async () => {
      sut = projector({ commitDelayMs: 60_000 });
      await sut.start();
      await appendOneByOne(12);
      await waitUntil(() => sut.status.folded === 12n);
      expect(await store.getCheckpoint('main')).toBeNull();
      await sut.stop();
      expect(await store.getCheckpoint('main')).toBe(12n);

      await appendOneByOne(3, 'project-1');
      sut = projector({ commitDelayMs: 60_000 });
      await sut.start();
      await sut.waitFor(15n);
      expect(await viewDocs(store, 'stream_stats')).toEqual(foldProjection(streamStatsProjection, await allEvents(events)));
    });

    it('folds again from the last commit when a commit fails, applying nothing twice', async () => {
      const flaky = failingCommits(1);
      sut = projector({ store: flaky.store, commitDelayMs: 60_000, retryDelayMs: { min: 5, max: 20 } });
      await sut.start();
      await appendOneByOne(10);
      await waitUntil(() => sut.status.folded === 10n);
      await sut.waitFor(10n);
      expect(flaky.failuresLeft()).toBe(0);
      expect(await viewDocs(store, 'stream_stats')).toEqual(foldProjection(streamStatsProjection, await allEvents(events)));
    });

    it('a rebuild commits when the documents it changed reach its bound, not every so many events, and at the end', async () => {
      await seed(events, 20, 10);
      const { store: counting, commits } = countingCommits();
      const report = await rebuildViews({ name: 'main', events, store: counting, projections: [streamStatsProjection], batchSize: 10, commitDocuments: 5 });
      // Each batch is one stream's 10 events: its document and the totals; four streams make five documents.
      expect(commits).toEqual([40n, 80n, 120n, 160n, 200n].map((position) => ({ changes: 5, position })));
      expect(report).toMatchObject({ events: 200, position: '200', setAside: 0 });
      // Where its time went: the parts measured lie within the whole.
      const { checkingSeconds, foldingSeconds, committingSeconds, collectingSeconds } = report.spent;
      for (const part of [checkingSeconds, foldingSeconds, committingSeconds, collectingSeconds]) expect(part).toBeGreaterThanOrEqual(0);
      expect(checkingSeconds).toBe(0); // no guard
      expect(foldingSeconds).toBeGreaterThan(0);
      expect(committingSeconds).toBeGreaterThan(0);
      expect(foldingSeconds + committingSeconds).toBeLessThanOrEqual(report.seconds);
      expect(await viewDocs(store, 'stream_stats')).toEqual(foldProjection(streamStatsProjection, await allEvents(events)));
    });

    it('folds correctly with fewer documents kept in memory than the views hold', async () => {
      await seed(events, 12, 5);
      sut = projector({ cachedDocuments: 3, batchSize: 4, commitDelayMs: 0 });
      await sut.start();
      await sut.waitFor(60n);
      for (let s = 0; s < 12; s += 1) await appendOneByOne(1, `late-${s}`);
      await sut.waitFor(72n);
      expect(await viewDocs(store, 'stream_stats')).toEqual(foldProjection(streamStatsProjection, await allEvents(events)));
    });

    it('sets aside an event a view cannot fold when earlier events are still uncommitted, folding those once', async () => {
      const fragile: Projection<{ seen: number[] }> = {
        view: 'fragile',
        documentIds: (event) => [event.streamId],
        evolve: (doc, event) => {
          const current = doc ?? { seen: [] };
          const n = (event.data as { n: number }).n;
          current.seen.push(n);
          if (n === 5) throw new Error('cannot fold n=5');
          return current;
        },
      };
      sut = projector({ projections: [fragile], commitDelayMs: 60_000 });
      await sut.start();
      await appendOneByOne(8);
      await sut.waitFor(8n);
      expect(await store.get('fragile', 'project-0')).toEqual({ seen: [0, 1, 2, 3, 4, 6, 7] });
      expect(sut.status).toMatchObject({ state: 'running', setAside: 1 });
    });
  });

  describe('with the hash chain guard', () => {
    const appendChained = async (stream: string, count: number, forge?: number): Promise<void> => {
      let revision = -1;
      let previous = GENESIS_HASH;
      for await (const event of events.readStream(stream)) {
        revision = event.revision;
        previous = chainHead(event);
      }
      const { events: chained } = chainAppend(stream, revision, previous, Array.from({ length: count }, (_, i) => ({ ...newEvent(i), metadata: { commandId: 'test' } })));
      const written = chained.map((event, i) => (i === forge ? { ...event, metadata: { ...event.metadata, hash: 'f'.repeat(64) } } : event));
      await events.append(stream, written, { expectedRevision: revision < 0 ? NO_STREAM : revision });
    };

    it('folds a chained log, and stops before an event whose hash does not hold, having committed everything before it', async () => {
      await appendChained('project-a', 5);
      await appendChained('project-b', 2);
      await appendChained('project-a', 3, 1); // project-a@6 is forged
      await appendChained('project-b', 2);
      sut = projector({ guard: new HashChainGuard(events) });
      await sut.start();
      await expect(sut.waitFor(12n)).rejects.toThrow(/will not go past an event: the hash chain is broken at project-a@6 \(position 9\)/);
      expect(sut.status).toMatchObject({ state: 'failed', position: 8n });
      expect(sut.status.error).toContain('project-a@6');
      expect((await store.get<LogTotals>('stream_stats', LOG_TOTALS_ID))!.events).toBe(8);

      // A restart refuses the same event again: it never goes past it.
      await sut.stop();
      sut = projector({ guard: new HashChainGuard(events) });
      await sut.start();
      await expect(sut.waitFor(9n)).rejects.toThrow(/project-a@6/);
      expect(sut.status.position).toBe(8n);
    });

    it('checks a stream first met after its start against the hash of the event before, read from the log', async () => {
      await appendChained('project-a', 4);
      sut = projector({ guard: new HashChainGuard(events) });
      await sut.start();
      await sut.waitFor(4n);
      await sut.stop();
      await appendChained('project-a', 2);
      sut = projector({ guard: new HashChainGuard(events) });
      await sut.start();
      await sut.waitFor(6n);
      expect(sut.status).toMatchObject({ state: 'running', position: 6n });
    });

    it('folds a stream written before hashing, chains its first hashed event from the genesis hash, and refuses an unhashed event in a hashed stream', async () => {
      await events.append('project-old', [newEvent(0), newEvent(1)], { expectedRevision: NO_STREAM });
      await appendChained('project-old', 2);
      await appendChained('project-a', 2);
      sut = projector({ guard: new HashChainGuard(events) });
      await sut.start();
      await sut.waitFor(6n);
      expect(sut.status).toMatchObject({ state: 'running', position: 6n });

      await events.append('project-a', [newEvent(2)], { expectedRevision: 1 });
      await expect(sut.waitFor(7n)).rejects.toThrow(/project-a@2 \(position 7\): revision 2 carries no hash/);
      expect(sut.status.position).toBe(6n);
    });
  });

  describe('with the hash chain guard over the SQLite event store, which hashes the text stored', () => {
    let dir: string;
    let sqlite: SqliteEventStore;

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'guard-sqlite-'));
      sqlite = new SqliteEventStore({ filename: join(dir, 'events.db') });
    });

    afterEach(async () => {
      await sut?.stop();
      await sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('folds an event stored with its members out of canonical order, and refuses one whose stored text was changed', async () => {
      const written = Array.from({ length: 6 }, (_, n) => ({ id: randomUUID(), type: 'Counted', data: { n, label: `n${n}` }, metadata: { commandId: 'test', actor: { id: 'u', role: 'manager' } } }));
      const { events: chained } = chainAppend('project-a', -1, GENESIS_HASH, written);
      await sqlite.append('project-a', chained, { expectedRevision: NO_STREAM });
      const db = new Database(join(dir, 'events.db'));
      const rewrite = db.prepare('UPDATE events SET data = ?, metadata = ? WHERE stream_id = ? AND revision = ?');
      // Revision 1 with every member in reverse order (as another writer might store it): the same event.
      const { hash, commandId, actor } = chained[1]!.metadata as { hash: string; commandId: string; actor: { id: string; role: string } };
      rewrite.run('{"label":"n1","n":1}', JSON.stringify({ hash, commandId, actor: { role: actor.role, id: actor.id } }), 'project-a', 1);
      // Revision 4 changed, its members still in canonical order.
      rewrite.run('{"label":"n4","n":40}', JSON.stringify(chained[4]!.metadata), 'project-a', 4);
      db.close();

      sut = projector({ events: sqlite, guard: new HashChainGuard(sqlite) });
      await sut.start();
      await expect(sut.waitFor(6n)).rejects.toThrow(/will not go past an event: the hash chain is broken at project-a@4 \(position 5\): revision 4: its hash does not match/);
      expect(sut.status).toMatchObject({ state: 'failed', position: 4n });
      expect((await store.get<LogTotals>('stream_stats', LOG_TOTALS_ID))!.events).toBe(4);
    });
  });

  it('rebuilds every view from scratch to the same documents', async () => {
    await seed(events, 4, 25);
    sut = projector();
    await sut.start();
    await sut.waitFor(100n);
    const before = await viewDocs(store, 'stream_stats');
    await store.commit({
      changes: [{ view: 'stream_stats', id: 'stray', doc: { not: 'from the log' } }],
      checkpoint: { name: 'main', position: 100n, expected: 100n },
    });

    await sut.rebuild();
    await sut.waitFor(100n);
    expect(await viewDocs(store, 'stream_stats')).toEqual(before);
  });

  describe('under a lease (one active projector per name)', () => {
    const TTL = 400;
    let others: Projector[];
    /** The store as one projector sees it: every commit it makes is recorded with its writer, and `cut()` makes it unreachable. */
    const commits: Array<{ writer: string | undefined; from: bigint | null; to: bigint }> = [];
    const seenBy = (holder: string) => {
      let reachable = true;
      const view: ReadStore = Object.create(store) as ReadStore;
      const gate = <T>(call: () => Promise<T>): Promise<T> =>
        reachable ? call() : Promise.reject(new ReadStoreUnavailableError(`${holder} cannot reach the store`));
      view.commit = (batch: ViewBatch) =>
        gate(async () => {
          await store.commit(batch);
          commits.push({ writer: batch.checkpoint.lease?.holder, from: batch.checkpoint.expected, to: batch.checkpoint.position });
        });
      view.acquireLease = (request) => gate(() => store.acquireLease(request));
      view.releaseLease = (lease) => gate(() => store.releaseLease(lease));
      view.getCheckpoint = (name) => gate(() => store.getCheckpoint(name));
      return { store: view, cut: () => (reachable = false), mend: () => (reachable = true) };
    };
    const leased = (holder: string, target = seenBy(holder).store, overrides: Partial<ConstructorParameters<typeof Projector>[0]> = {}) => {
      const made = projector({ store: target, lease: { holder, ttlMs: TTL }, ...overrides });
      others.push(made);
      return made;
    };

    beforeEach(() => {
      others = [];
      commits.length = 0;
    });
    afterEach(async () => {
      for (const other of others) await other.stop();
    });

    it('runs the views in exactly one of two projectors; the other stands by, and waitFor is answered there too', async () => {
      await seed(events, 3, 20);
      const a = leased('a');
      const b = leased('b');
      await a.start();
      await b.start();
      expect([a.status.state, b.status.state].sort()).toEqual(['running', 'standby']);
      const [active, standing] = a.status.state === 'running' ? [a, b] : [b, a];
      await standing.waitFor(60n);
      await events.append('project-7', [newEvent(1)], { expectedRevision: NO_STREAM });
      await standing.waitFor(61n);
      expect(standing.status.state).toBe('standby');
      expect(new Set(commits.map((commit) => commit.writer))).toEqual(new Set([active.status.holder]));
      expect(await viewDocs(store, 'stream_stats')).toEqual(foldProjection(streamStatsProjection, await allEvents(events)));
    });

    it('hands over at once when the active one stops (it gives the lease up)', async () => {
      await seed(events, 2, 10);
      const a = leased('a');
      const b = leased('b');
      await a.start();
      await b.start();
      await a.waitFor(20n);
      await a.stop();
      await waitUntil(() => b.status.state === 'running');
      await events.append('project-5', [newEvent(1)], { expectedRevision: NO_STREAM });
      await b.waitFor(21n);
      expect(commits.map((commit) => commit.writer)).toEqual([...commits.filter((c) => c.writer === 'a').map(() => 'a'), ...commits.filter((c) => c.writer === 'b').map(() => 'b')]);
      expect(await viewDocs(store, 'stream_stats')).toEqual(foldProjection(streamStatsProjection, await allEvents(events)));
      expect((await store.getLease('main'))?.holder).toBe('b');
    });

    it('takes over from one cut off from the store once its lease runs out; the cut-off one stands by and never writes again', async () => {
      await seed(events, 2, 10);
      const seenByA = seenBy('a');
      // A folds and holds its events a long time before committing: it has work in hand when it is cut off.
      const a = leased('a', seenByA.store, { commitDelayMs: 60_000 });
      const b = leased('b');
      await a.start();
      await b.start();
      await a.waitFor(20n);
      await events.append('project-5', [newEvent(1), newEvent(2)], { expectedRevision: NO_STREAM });
      await waitUntil(() => a.status.folded === 22n);
      seenByA.cut();
      await waitUntil(() => b.status.state === 'running', 5 * TTL);
      expect(a.status.state).toBe('standby');
      await b.waitFor(22n);
      seenByA.mend();
      await events.append('project-6', [newEvent(1)], { expectedRevision: NO_STREAM });
      await b.waitFor(23n);
      await new Promise((resolve) => setTimeout(resolve, TTL));
      expect(a.status.state).toBe('standby');
      expect(b.status.state).toBe('running');
      // Every commit by one writer, then every commit by the other, each from where the last one ended.
      const writers = commits.map((commit) => commit.writer);
      expect(writers.slice(writers.indexOf('b')).every((writer) => writer === 'b')).toBe(true);
      commits.forEach((commit, i) => expect(commit.from).toBe(i === 0 ? null : commits[i - 1]!.to));
      expect(await viewDocs(store, 'stream_stats')).toEqual(foldProjection(streamStatsProjection, await allEvents(events)));
    });

    it('refuses the commit of a projector whose lease was taken, and that projector stands by', async () => {
      await seed(events, 1, 5);
      const a = leased('a');
      await a.start();
      await a.waitFor(5n);
      // Another holder takes the lease as a rebuild would; a's next commit must be refused.
      await store.acquireLease({ name: 'main', holder: 'rebuild', ttlMs: 60_000, preempt: true });
      const refused = store.commit({ changes: [], checkpoint: { name: 'main', position: 6n, expected: 5n, lease: { name: 'main', holder: 'a' } } });
      await expect(refused).rejects.toBeInstanceOf(LeaseLostError);
      await events.append('project-0', [newEvent(5)], { expectedRevision: 4 });
      await waitUntil(() => a.status.state === 'standby', 5 * TTL);
      expect(await store.getCheckpoint('main')).toBe(5n);
      await store.releaseLease({ name: 'main', holder: 'rebuild' });
      await a.waitFor(6n, 5 * TTL);
      expect(a.status.state).toBe('running');
    });

    it('rebuilds under the lease, taking it from the running projector, which resumes after the rebuild', async () => {
      await seed(events, 3, 10);
      const a = leased('a');
      await a.start();
      await a.waitFor(30n);
      await store.put('stream_stats', 'stray', { not: 'from the log' });
      const rebuilder = leased('rebuild');
      const before = commits.length;
      await rebuilder.rebuild();
      // An event while the rebuild runs: a would fold it, and may not commit it.
      await events.append('project-8', [newEvent(1)], { expectedRevision: NO_STREAM });
      await rebuilder.waitFor(31n);
      await waitUntil(() => a.status.state === 'standby', 5 * TTL);
      expect(commits.slice(before).every((commit) => commit.writer === 'rebuild')).toBe(true);
      expect(await store.get('stream_stats', 'stray')).toBeNull();
      await rebuilder.stop();
      await events.append('project-9', [newEvent(1)], { expectedRevision: NO_STREAM });
      await waitUntil(() => a.status.state === 'running', 5 * TTL);
      await a.waitFor(32n);
      expect(await viewDocs(store, 'stream_stats')).toEqual(foldProjection(streamStatsProjection, await allEvents(events)));
    });
  });

  it('resumes from the stored checkpoint when another writer moved it under its feet', async () => {
    await seed(events, 1, 10);
    let raced = false;
    const racing: ReadStore = Object.create(store) as ReadStore;
    racing.commit = async (batch) => {
      if (!raced && batch.checkpoint.expected === 10n) {
        // Another writer commits events 11 and 12 first, as a second projector would.
        raced = true;
        const log = (await allEvents(events)).slice(0, 12);
        const docs = foldProjection(streamStatsProjection, log);
        await store.commit({
          changes: [...docs].map(([id, doc]) => ({ view: 'stream_stats', id, doc })),
          checkpoint: { name: 'main', position: 12n, expected: 10n },
        });
      }
      return store.commit(batch);
    };
    sut = projector({ store: racing, batchSize: 5 });
    await sut.start();
    await sut.waitFor(10n);
    await events.append('project-0', [newEvent(10), newEvent(11), newEvent(12)], { expectedRevision: 9 });
    await waitUntil(() => sut.status.position === 13n);

    expect(raced).toBe(true);
    expect(await viewDocs(store, 'stream_stats')).toEqual(
      foldProjection(streamStatsProjection, await allEvents(events)),
    );
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
