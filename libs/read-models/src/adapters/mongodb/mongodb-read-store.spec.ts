import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { readStoreContract } from '../../testing/read-store.contract';
import type { ReadStore } from '../../read-store.port';
import { MongoReadStore } from './mongodb-read-store';

/**
 * The shared contract against a real MongoDB replica set (transactions need
 * one), e.g. `MONGODB_TEST_URL=mongodb://localhost:27017/?directConnection=true`
 * with the compose `mongo` service. Each test gets a database of its own,
 * dropped when the test ends.
 */
const url = process.env['MONGODB_TEST_URL'];

if (url) {
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
} else {
  console.warn('[skip] MongoDB read-store contract suite: MONGODB_TEST_URL is not set');
  const skipSuite = describe.skip;
  skipSuite('MongoDB read-store contract suite (skipped: MONGODB_TEST_URL not set)', () => {
    it('runs against a MongoDB replica set', () => undefined);
  });
}
