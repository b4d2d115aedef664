import { randomUUID } from 'node:crypto';
import { BSON, MongoClient, MongoErrorLabel, MongoServerError, ReadConcern, WriteConcern } from 'mongodb';
import { readStoreContract } from '../../testing/read-store.contract';
import { CheckpointConflictError, ReadStoreUnavailableError, type ReadStore } from '../../read-store.port';
import { MongoReadStore } from './mongodb-read-store';
import { FakeMongoClient } from './testing/fake-mongo-client';

/**
 * Without a server: the store's own logic over an in-memory stand-in for the
 * driver (see FakeMongoClient for what it does and does not check), and the
 * real driver against an address where nothing listens.
 */
const fakes = new Map<ReadStore, FakeMongoClient>();
readStoreContract('mongodb adapter over an in-memory driver stand-in (no server)', {
  open: async () => {
    const fake = new FakeMongoClient();
    const store = new MongoReadStore({ client: fake.asClient(), dbName: 'contract' });
    fakes.set(store, fake);
    return store;
  },
  release: async (store) => {
    await store.close();
    expect(fakes.get(store)!.closed).toBe(false);
    fakes.delete(store);
  },
});

describe('MongoReadStore over the driver stand-in', () => {
  let fake: FakeMongoClient;
  let sut: MongoReadStore;

  beforeEach(() => {
    fake = new FakeMongoClient();
    sut = new MongoReadStore({ client: fake.asClient(), dbName: 'views' });
  });

  it('writes a batch in one transaction with snapshot reads and majority, journaled commits', async () => {
    await sut.commit({
      changes: [
        { view: 'a', id: '1', doc: { n: 1 } },
        { view: 'b', id: '1', doc: 'x' },
        { view: 'a', id: '2', doc: null },
      ],
      checkpoint: { name: 'cp', position: 7n, expected: null },
    });
    expect(fake.calls.transactions).toHaveLength(1);
    const options = fake.calls.transactions[0]!;
    expect(options.readConcern).toEqual(new ReadConcern('snapshot'));
    expect(options.writeConcern).toEqual(new WriteConcern('majority', undefined, true));
    expect(fake.calls.operations).toEqual([
      'checkpoints.findOne',
      'view_a.bulkWrite',
      'view_b.bulkWrite',
      'checkpoints.replaceOne',
    ]);
  });

  it('stores documents as { _id, doc } or, for unsafe keys, { _id, body } and checkpoints as decimal strings', async () => {
    const position = (1n << 64n) | 3n;
    await sut.commit({
      changes: [
        { view: 'a', id: 'plain', doc: { n: 1 } },
        { view: 'a', id: 'odd', doc: { $set: { 'a.b': 1 } } },
      ],
      checkpoint: { name: 'cp', position, expected: null },
    });
    const raw = (collection: string, id: string) =>
      BSON.deserialize(fake.databases.get('views')!.get(collection)!.get(id)!);
    expect(raw('view_a', 'plain')).toEqual({ _id: 'plain', doc: { n: 1 } });
    expect(raw('view_a', 'odd')).toEqual({ _id: 'odd', body: '{"$set":{"a.b":1}}' });
    expect(raw('checkpoints', 'cp')).toEqual({ _id: 'cp', position: '18446744073709551619' });
    expect(await sut.get('a', 'odd')).toEqual({ $set: { 'a.b': 1 } });
    expect(await sut.getMany('a', ['odd', 'plain'])).toEqual(
      new Map<string, unknown>([
        ['plain', { n: 1 }],
        ['odd', { $set: { 'a.b': 1 } }],
      ]),
    );
    expect(await sut.getCheckpoint('cp')).toBe(position);
  });

  it('reads the checkpoint first and writes nothing on a conflict', async () => {
    await sut.commit({ changes: [], checkpoint: { name: 'cp', position: 5n, expected: null } });
    fake.calls.operations.length = 0;
    await expect(
      sut.commit({ changes: [{ view: 'a', id: '1', doc: 1 }], checkpoint: { name: 'cp', position: 6n, expected: 4n } }),
    ).rejects.toMatchObject({ name: 'CheckpointConflictError', expected: 4n, actual: 5n });
    expect(fake.calls.operations).toEqual(['checkpoints.findOne']);
    expect(await sut.count('a')).toBe(0);
  });

  it('treats a replayed batch (stored == batch position) as a conflict, so it is applied once', async () => {
    const batch = { changes: [{ view: 'a', id: '1', doc: { n: 1 } }], checkpoint: { name: 'cp', position: 3n, expected: 1n } };
    await sut.commit({ changes: [], checkpoint: { name: 'cp', position: 1n, expected: null } });
    await sut.commit(batch);
    const replay = sut.commit(batch);
    await expect(replay).rejects.toBeInstanceOf(CheckpointConflictError);
    await expect(replay).rejects.toMatchObject({ actual: 3n });
  });

  it('rolls back every view when a write fails mid-batch, and maps an exhausted transient error', async () => {
    await sut.commit({
      changes: [
        { view: 'a', id: '1', doc: 'old' },
        { view: 'b', id: '1', doc: 'old' },
      ],
      checkpoint: { name: 'cp', position: 1n, expected: null },
    });
    const transient = new MongoServerError({ message: 'WriteConflict', code: 112, codeName: 'WriteConflict' });
    transient.addErrorLabel(MongoErrorLabel.TransientTransactionError);
    // View a's bulkWrite succeeds, then view b's fails.
    fake.failNext('view_b.bulkWrite', transient);
    const failing = sut.commit({
      changes: [
        { view: 'a', id: '1', doc: 'new' },
        { view: 'b', id: '1', doc: 'new' },
      ],
      checkpoint: { name: 'cp', position: 2n, expected: 1n },
    });
    await expect(failing).rejects.toBeInstanceOf(ReadStoreUnavailableError);
    await expect(failing).rejects.toMatchObject({ cause: transient });
    expect(await sut.get('a', '1')).toBe('old');
    expect(await sut.get('b', '1')).toBe('old');
    expect(await sut.getCheckpoint('cp')).toBe(1n);
  });

  it('passes a non-transient server error through unchanged', async () => {
    const duplicate = new MongoServerError({ message: 'E11000', code: 11000, codeName: 'DuplicateKey' });
    fake.failNext('checkpoints.replaceOne', duplicate);
    await expect(sut.commit({ changes: [], checkpoint: { name: 'cp', position: 1n, expected: null } })).rejects.toBe(duplicate);
    expect(await sut.getCheckpoint('cp')).toBeNull();
  });

  it('resets in one transaction with deleteMany, leaving other views and checkpoints', async () => {
    await sut.commit({
      changes: [
        { view: 'a', id: '1', doc: 1 },
        { view: 'b', id: '1', doc: 2 },
      ],
      checkpoint: { name: 'cp', position: 9n, expected: null },
    });
    await sut.commit({ changes: [], checkpoint: { name: 'other', position: 4n, expected: null } });
    fake.calls.operations.length = 0;
    fake.calls.transactions.length = 0;
    await sut.reset('cp', ['a', 'a']);
    expect(fake.calls.transactions).toHaveLength(1);
    expect(fake.calls.operations).toEqual(['view_a.deleteMany', 'checkpoints.deleteOne']);
    expect(await sut.count('a')).toBe(0);
    expect(await sut.get('b', '1')).toBe(2);
    expect(await sut.getCheckpoint('cp')).toBeNull();
    expect(await sut.getCheckpoint('other')).toBe(4n);
  });

  it('refuses a bad view name in reset before deleting anything', async () => {
    await sut.commit({ changes: [{ view: 'a', id: '1', doc: 1 }], checkpoint: { name: 'cp', position: 1n, expected: null } });
    await expect(sut.reset('cp', ['a', 'Bad'])).rejects.toThrow(RangeError);
    expect(await sut.count('a')).toBe(1);
    expect(await sut.getCheckpoint('cp')).toBe(1n);
  });

  it('pages with limit 0 as an empty page and refuses negative limits', async () => {
    await sut.commit({ changes: [{ view: 'a', id: '1', doc: 1 }], checkpoint: { name: 'cp', position: 1n, expected: null } });
    expect(await sut.list('a', { limit: 0 })).toEqual([]);
    await expect(sut.list('a', { limit: -1 })).rejects.toThrow(RangeError);
    expect(await sut.list('a', { afterId: '' })).toEqual([{ id: '1', doc: 1 }]);
  });

  it('sorts ids by their UTF-8 bytes, like the SQLite adapter', async () => {
    const ids = ['b', 'B', 'é', 'a', 'Z', '10', '9', '\u{1F600}'];
    await sut.commit({
      changes: ids.map((id) => ({ view: 'a', id, doc: id })),
      checkpoint: { name: 'cp', position: 1n, expected: null },
    });
    const listed = (await sut.list<string>('a')).map((d) => d.id);
    expect(listed).toEqual([...ids].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
  });

  it('closes a borrowed client never, and refuses calls after close', async () => {
    await sut.close();
    await sut.close();
    expect(fake.closed).toBe(false);
    await expect(sut.get('a', '1')).rejects.toBeInstanceOf(ReadStoreUnavailableError);
    await expect(sut.commit({ changes: [], checkpoint: { name: 'cp', position: 1n, expected: null } })).rejects.toBeInstanceOf(
      ReadStoreUnavailableError,
    );
    await expect(sut.ping()).rejects.toBeInstanceOf(ReadStoreUnavailableError);
  });

  it('maps a client closed under it to unavailable', async () => {
    await fake.close();
    await expect(sut.ping()).rejects.toBeInstanceOf(ReadStoreUnavailableError);
    await expect(sut.reset('cp', ['a'])).rejects.toBeInstanceOf(ReadStoreUnavailableError);
  });
});

describe('MongoReadStore with the real driver and no server', () => {
  // Port 1: nothing listens there; fail server selection fast.
  const unreachable = 'mongodb://127.0.0.1:1/unreachable_db?directConnection=true&serverSelectionTimeoutMS=300&connectTimeoutMS=300';

  it('takes the database from the URL path, else client_projects, unless one is given', async () => {
    const stores = [
      new MongoReadStore({ url: unreachable }),
      new MongoReadStore({ url: 'mongodb://127.0.0.1:1/?directConnection=true' }),
      new MongoReadStore({ url: unreachable, dbName: 'explicit' }),
    ];
    expect(stores.map((s) => s.databaseName)).toEqual(['unreachable_db', 'client_projects', 'explicit']);
    const client = new MongoClient('mongodb://127.0.0.1:1/ignored');
    expect(new MongoReadStore({ client }).databaseName).toBe('client_projects');
    await Promise.all([...stores.map((s) => s.close()), client.close()]);
  });

  it('reports an unreachable server as ReadStoreUnavailableError', async () => {
    const sut = new MongoReadStore({ url: unreachable });
    try {
      const ping = sut.ping();
      await expect(ping).rejects.toBeInstanceOf(ReadStoreUnavailableError);
      await expect(ping).rejects.toMatchObject({ cause: { name: 'MongoServerSelectionError' } });
      await expect(sut.getCheckpoint('cp')).rejects.toBeInstanceOf(ReadStoreUnavailableError);
      await expect(
        sut.commit({ changes: [{ view: 'a', id: '1', doc: 1 }], checkpoint: { name: 'cp', position: 1n, expected: null } }),
      ).rejects.toBeInstanceOf(ReadStoreUnavailableError);
    } finally {
      await sut.close();
    }
  });

  it('fails connect() with ReadStoreUnavailableError', async () => {
    await expect(MongoReadStore.connect(unreachable)).rejects.toBeInstanceOf(ReadStoreUnavailableError);
  });

  it('refuses bad view names before touching the network', async () => {
    const sut = new MongoReadStore({ url: unreachable });
    try {
      await expect(sut.get('Robert"); DROP', 'a')).rejects.toThrow(RangeError);
      await expect(sut.count('$where')).rejects.toThrow(RangeError);
      await expect(
        sut.commit({ changes: [{ view: 'a.b', id: '1', doc: 1 }], checkpoint: { name: 'cp', position: 1n, expected: null } }),
      ).rejects.toThrow(RangeError);
    } finally {
      await sut.close();
    }
  });

  it('closes a client it created', async () => {
    const sut = new MongoReadStore({ url: unreachable });
    const client = (sut as unknown as { client: MongoClient }).client;
    const close = jest.spyOn(client, 'close');
    await sut.close();
    expect(close).toHaveBeenCalledTimes(1);
  });
});

/**
 * Against a real server (needs a replica set): the shared contract
 * and a few server-only checks (transactions need
 * one), e.g. `MONGODB_TEST_URL=mongodb://localhost:27017/?directConnection=true`
 * with the compose `mongo` service. Each test gets a database of its own,
 * dropped when the test ends.
 */
const url = process.env['MONGODB_TEST_URL'];

if (url) {
  describe('MongoReadStore on the server at MONGODB_TEST_URL', () => {
    let client: MongoClient;

    beforeAll(async () => {
      client = await new MongoClient(url, { serverSelectionTimeoutMS: 10_000 }).connect();
    });

    afterAll(async () => {
      await client?.close();
    });

    const databases = new Map<ReadStore, string>();

    readStoreContract('mongodb', {
      open: async () => {
        const dbName = `rs_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
        const store = new MongoReadStore({ client, dbName });
        databases.set(store, dbName);
        return store;
      },
      release: async (store) => {
        await store.close();
        const dbName = databases.get(store);
        databases.delete(store);
        if (dbName) await client.db(dbName).dropDatabase();
      },
    });

    describe('MongoReadStore against a server', () => {
      let dbName: string;
      let sut: MongoReadStore;

      beforeEach(() => {
        dbName = `rs_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
        sut = new MongoReadStore({ client, dbName });
      });

      afterEach(async () => {
        await sut.close();
        await client.db(dbName).dropDatabase();
      });

      it('connects from a URL and answers ping', async () => {
        const store = await MongoReadStore.connect(url, { dbName });
        try {
          expect(store.databaseName).toBe(dbName);
          await expect(store.ping()).resolves.toBeUndefined();
        } finally {
          await store.close();
        }
      });

      it('keeps documents with keys MongoDB treats specially, exactly', async () => {
        const odd = {
          $set: 1,
          'a.b': { $ref: 'x', $id: 'y' },
          _bsontype: 'ObjectId',
          nested: [{ 'dotted.key': true, $inc: null }],
          '': 'empty key',
        };
        await sut.commit({
          changes: [
            { view: 'odd', id: 'a', doc: odd },
            { view: 'odd', id: 'b', doc: ['array', 1, { ok: true }] },
            { view: 'odd', id: 'c', doc: 42 },
          ],
          checkpoint: { name: 'odd', position: 1n, expected: null },
        });
        expect(await sut.get('odd', 'a')).toEqual(odd);
        expect(await sut.get('odd', 'b')).toEqual(['array', 1, { ok: true }]);
        expect(await sut.get('odd', 'c')).toBe(42);
        expect((await sut.list('odd')).map((d) => d.id)).toEqual(['a', 'b', 'c']);
      });

      it('stores plain documents as native BSON under `doc`', async () => {
        await sut.commit({
          changes: [{ view: 'plain', id: 'a', doc: { n: 1 } }],
          checkpoint: { name: 'plain', position: 1n, expected: null },
        });
        const raw = await client.db(dbName).collection('view_plain').findOne({ _id: 'a' as never });
        expect(raw).toEqual({ _id: 'a', doc: { n: 1 } });
        const checkpoint = await client.db(dbName).collection('checkpoints').findOne({ _id: 'plain' as never });
        expect(checkpoint).toEqual({ _id: 'plain', position: '1' });
      });

      it('lets exactly one of two racing writers move a checkpoint', async () => {
        const commits = [1, 2].map((n) =>
          sut.commit({
            changes: [{ view: 'race', id: 'a', doc: { n } }],
            checkpoint: { name: 'race', position: BigInt(n), expected: null },
          }),
        );
        const results = await Promise.allSettled(commits);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.name)).toEqual([
          'CheckpointConflictError',
        ]);
        const position = await sut.getCheckpoint('race');
        expect(await sut.get('race', 'a')).toEqual({ n: Number(position) });
      });

      it('refuses calls after close with an unavailable error', async () => {
        await sut.close();
        await expect(sut.get('v', 'a')).rejects.toMatchObject({ name: 'ReadStoreUnavailableError' });
        await expect(sut.ping()).rejects.toMatchObject({ name: 'ReadStoreUnavailableError' });
      });
    });
  });
} else {
  console.warn('[skip] MongoDB read-store contract suite: MONGODB_TEST_URL is not set');
  const skipSuite = describe.skip;
  skipSuite('MongoDB read-store contract suite (skipped: MONGODB_TEST_URL not set)', () => {
    it('runs against a MongoDB replica set', () => undefined);
  });
}
