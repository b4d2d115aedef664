import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../../errors';
import { storedJson } from '../../stored-json';
import { eventStoreContract, waitUntil } from '../../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

const dirs = new Map<SqliteEventStore, string>();

eventStoreContract('sqlite', {
  open: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'es-sqlite-'));
    const store = new SqliteEventStore({ filename: join(dir, 'events.db') });
    dirs.set(store, dir);
    return store;
  },
  release: async (store) => {
    await store.close();
    rmSync(dirs.get(store as SqliteEventStore)!, { recursive: true, force: true });
  },
});

describe('SqliteEventStore specifics', () => {
  let dir: string;
  let filename: string;
  let sut: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'es-sqlite-'));
    filename = join(dir, 'events.db');
    sut = new SqliteEventStore({ filename });
  });

  afterEach(async () => {
    await sut.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const event = (n: number) => ({ id: randomUUID(), type: 'Ticked', data: { n } });

  it('commits appends issued together in one group, where one conflict touches no other append', async () => {
    await sut.append('a', [event(0)], { expectedRevision: 'no_stream' });
    const resent = event(1);
    await sut.append('r', [resent], { expectedRevision: 'no_stream' });

    const results = await Promise.allSettled([
      sut.append('a', [event(1)], { expectedRevision: 0 }),
      sut.append('a', [event(2)], { expectedRevision: 0 }), // loses: the one before moved it to 1
      sut.append('b', [event(1), event(2)], { expectedRevision: 'no_stream' }),
      sut.append('r', [resent], { expectedRevision: 'no_stream' }), // a re-send: first result
      sut.append('c', [event(1)], { expectedRevision: 5 }), // conflict on a missing stream
    ]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect((results[4] as PromiseRejectedResult).reason).toMatchObject({ actualRevision: 'no_stream' });
    expect(await count(sut.readStream('a'))).toBe(2);
    expect(await count(sut.readStream('b'))).toBe(2);
    expect(await count(sut.readStream('r'))).toBe(1);
    expect(await count(sut.readStream('c'))).toBe(0);
    // Positions stay contiguous: nothing rolled back left a hole.
    const positions: bigint[] = [];
    for await (const e of sut.readAll()) positions.push(e.position);
    expect(positions).toEqual(positions.map((_, i) => BigInt(i + 1)));
  });

  it('finishes appends already accepted when it closes, then refuses new ones', async () => {
    const pending = Array.from({ length: 500 }, (_, i) =>
      sut.append(`s${i % 7}`, [event(i)], { expectedRevision: 'any' }),
    );
    await sut.close();
    await expect(Promise.all(pending)).resolves.toHaveLength(500);
    await expect(sut.append('late', [event(0)], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );

    const reopened = new SqliteEventStore({ filename });
    try {
      expect(await count(reopened.readAll())).toBe(500);
    } finally {
      await reopened.close();
    }
    sut = new SqliteEventStore({ filename });
  });

  it('follows appends made through another connection to the same file (another process)', async () => {
    const other = new SqliteEventStore({ filename, pollIntervalMs: 10 });
    try {
      const seen: string[] = [];
      const subscription = sut.subscribeAll().subscribe((e) => seen.push(e.id));
      const written = [event(1), event(2), event(3)];
      await other.append('elsewhere', written, { expectedRevision: 'no_stream' });
      await waitUntil(() => seen.length === 3);
      subscription.unsubscribe();
      expect(seen).toEqual(written.map((e) => e.id));
    } finally {
      await other.close();
    }
  });

  it('completes its subscriptions when it closes', async () => {
    let completed = false;
    sut.subscribeAll().subscribe({ complete: () => (completed = true) });
    await sut.close();
    expect(completed).toBe(true);
    sut = new SqliteEventStore({ filename });
  });

  it('keeps the JSON text each event read was parsed from, for that event object alone', async () => {
    const written = { id: randomUUID(), type: 'Ticked', data: { n: 1, b: [true, null], a: 'é' }, metadata: { z: 1, actor: { id: 'u', role: 'manager' } } };
    await sut.append('a', [written], { expectedRevision: 'no_stream' });
    const read = [sut.readPage(null, 10)[0]!];
    for await (const e of sut.readStream('a')) read.push(e);
    for await (const e of sut.readAll()) read.push(e);
    for (const e of read) {
      expect(storedJson(e)).toEqual({ data: JSON.stringify(written.data), metadata: JSON.stringify(written.metadata) });
      // The text is not one of its members: what is written or copied of it is the event alone.
      expect(Object.keys(e)).toEqual(['id', 'type', 'data', 'metadata', 'streamId', 'revision', 'position', 'recordedAt']);
      expect(JSON.stringify({ ...e, position: String(e.position) })).toBe(
        JSON.stringify({ id: written.id, type: 'Ticked', data: written.data, metadata: written.metadata, streamId: 'a', revision: 0, position: '1', recordedAt: e.recordedAt }),
      );
      expect(storedJson({ ...e })).toBeUndefined();
      expect(storedJson(structuredClone(e))).toBeUndefined();
    }
  });

  it('refuses to open a file written by a newer schema', async () => {
    await sut.close();
    const db = new Database(filename);
    db.pragma('user_version = 99');
    db.close();
    expect(() => new SqliteEventStore({ filename })).toThrow(/schema 99/);
    sut = new SqliteEventStore({ filename: join(dir, 'fresh.db') });
  });
});

async function count(iterable: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of iterable) n += 1;
  return n;
}
