import { randomUUID } from 'node:crypto';
import { CheckpointConflictError, LeaseLostError, type ReadStore } from '../read-store.port';

/**
 * The contract every `ReadStore` adapter passes. Each test uses views and a
 * checkpoint name of its own, so the suite also runs against a shared server.
 */
export interface ReadStoreContractHarness {
  open(): Promise<ReadStore>;
  release(store: ReadStore): Promise<void>;
}

export function readStoreContract(name: string, harness: ReadStoreContractHarness): void {
  describe(`ReadStore contract: ${name}`, () => {
    let sut: ReadStore;
    let view: string;
    let other: string;
    let checkpoint: string;

    beforeEach(async () => {
      sut = await harness.open();
      const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
      view = `v${suffix}`;
      other = `w${suffix}`;
      checkpoint = `cp-${suffix}`;
    });

    afterEach(async () => {
      await harness.release(sut);
    });

    it('starts with no checkpoint and no documents', async () => {
      expect(await sut.getCheckpoint(checkpoint)).toBeNull();
      expect(await sut.get(view, 'a')).toBeNull();
      expect(await sut.count(view)).toBe(0);
      expect(await sut.list(view)).toEqual([]);
    });

    it('commits documents and the checkpoint together', async () => {
      await sut.commit({
        changes: [
          { view, id: 'a', doc: { n: 1, nested: { list: [1, 'two', null], flag: true } } },
          { view, id: 'b', doc: { n: 2 } },
          { view: other, id: 'a', doc: 'a string document' },
        ],
        checkpoint: { name: checkpoint, position: 3n, expected: null },
      });
      expect(await sut.get(view, 'a')).toEqual({ n: 1, nested: { list: [1, 'two', null], flag: true } });
      expect(await sut.get(other, 'a')).toBe('a string document');
      expect(await sut.getCheckpoint(checkpoint)).toBe(3n);
      expect(await sut.count(view)).toBe(2);
    });

    it('replaces and deletes documents', async () => {
      await sut.commit({
        changes: [
          { view, id: 'a', doc: { n: 1 } },
          { view, id: 'b', doc: { n: 2 } },
        ],
        checkpoint: { name: checkpoint, position: 2n, expected: null },
      });
      await sut.commit({
        changes: [
          { view, id: 'a', doc: { n: 10 } },
          { view, id: 'b', doc: null },
        ],
        checkpoint: { name: checkpoint, position: 4n, expected: 2n },
      });
      expect(await sut.get(view, 'a')).toEqual({ n: 10 });
      expect(await sut.get(view, 'b')).toBeNull();
      expect(await sut.getCheckpoint(checkpoint)).toBe(4n);
    });

    it('refuses a batch whose expected checkpoint is stale, writing nothing', async () => {
      await sut.commit({
        changes: [{ view, id: 'a', doc: { n: 1 } }],
        checkpoint: { name: checkpoint, position: 5n, expected: null },
      });
      const replay = sut.commit({
        changes: [
          { view, id: 'a', doc: { n: 2 } },
          { view, id: 'c', doc: { n: 3 } },
        ],
        checkpoint: { name: checkpoint, position: 5n, expected: null },
      });
      await expect(replay).rejects.toBeInstanceOf(CheckpointConflictError);
      await expect(replay).rejects.toMatchObject({ expected: null, actual: 5n });
      expect(await sut.get(view, 'a')).toEqual({ n: 1 });
      expect(await sut.get(view, 'c')).toBeNull();
      expect(await sut.getCheckpoint(checkpoint)).toBe(5n);
    });

    it('keeps positions beyond 64 bits exactly', async () => {
      const position = (123_456_789n << 64n) | 987_654_321n;
      await sut.commit({ changes: [], checkpoint: { name: checkpoint, position, expected: null } });
      expect(await sut.getCheckpoint(checkpoint)).toBe(position);
    });

    it('reads many documents at once, ignoring missing ids', async () => {
      const ids = Array.from({ length: 1200 }, (_, i) => `id-${String(i).padStart(4, '0')}`);
      await sut.commit({
        changes: ids.map((id, i) => ({ view, id, doc: { i } })),
        checkpoint: { name: checkpoint, position: 1n, expected: null },
      });
      const found = await sut.getMany<{ i: number }>(view, [...ids, 'missing', ids[0]!]);
      expect(found.size).toBe(1200);
      expect(found.get('id-0042')).toEqual({ i: 42 });
      expect(found.has('missing')).toBe(false);
    });

    it('lists documents by id, in pages', async () => {
      await sut.commit({
        changes: ['c', 'a', 'e', 'b', 'd'].map((id) => ({ view, id, doc: { id } })),
        checkpoint: { name: checkpoint, position: 1n, expected: null },
      });
      const first = await sut.list<{ id: string }>(view, { limit: 2 });
      expect(first.map((d) => d.id)).toEqual(['a', 'b']);
      const next = await sut.list<{ id: string }>(view, { afterId: 'b', limit: 10 });
      expect(next.map((d) => d.id)).toEqual(['c', 'd', 'e']);
      expect(next[0]!.doc).toEqual({ id: 'c' });
    });

    it('resets views and the checkpoint for a rebuild, leaving other views alone', async () => {
      await sut.commit({
        changes: [
          { view, id: 'a', doc: 1 },
          { view: other, id: 'a', doc: 2 },
        ],
        checkpoint: { name: checkpoint, position: 9n, expected: null },
      });
      await sut.reset(checkpoint, [view]);
      expect(await sut.getCheckpoint(checkpoint)).toBeNull();
      expect(await sut.count(view)).toBe(0);
      expect(await sut.get(other, 'a')).toBe(2);
    });

    it('refuses view names outside the safe alphabet', async () => {
      await expect(sut.get('Robert"); DROP TABLE documents;--', 'a')).rejects.toThrow(RangeError);
      await expect(
        sut.commit({ changes: [{ view: '$bad', id: 'a', doc: 1 }], checkpoint: { name: checkpoint, position: 1n, expected: null } }),
      ).rejects.toThrow(RangeError);
      expect(await sut.getCheckpoint(checkpoint)).toBeNull();
    });

    it('inserts a document only when none is there, exactly once under concurrency', async () => {
      expect(await sut.insertIfAbsent(view, 'k', { first: true })).toBe(true);
      expect(await sut.insertIfAbsent(view, 'k', { first: false })).toBe(false);
      expect(await sut.get(view, 'k')).toEqual({ first: true });
      const racers = await Promise.all(Array.from({ length: 10 }, (_, i) => sut.insertIfAbsent(view, 'race', { i })));
      expect(racers.filter(Boolean)).toHaveLength(1);
      expect(await sut.getCheckpoint(checkpoint)).toBeNull();
    });

    it('puts and deletes single documents outside a batch', async () => {
      await sut.put(view, 'p', { v: 1 });
      await sut.put(view, 'p', { v: 2 });
      expect(await sut.get(view, 'p')).toEqual({ v: 2 });
      await sut.put(view, 'p', null);
      expect(await sut.get(view, 'p')).toBeNull();
      await expect(sut.put('Bad View', 'p', 1)).rejects.toThrow(RangeError);
    });

    describe('leases', () => {
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

      it('gives a free lease to one holder, renews it for that holder, and refuses it to others until it runs out', async () => {
        const lease = `lease-${checkpoint}`;
        expect(await sut.getLease(lease)).toBeNull();
        expect(await sut.acquireLease({ name: lease, holder: 'a', ttlMs: 300 })).toBe(true);
        const taken = await sut.getLease(lease);
        expect(taken).toMatchObject({ name: lease, holder: 'a' });
        expect(taken!.expiresAt.getTime() - taken!.acquiredAt.getTime()).toBeGreaterThanOrEqual(300);
        expect(await sut.acquireLease({ name: lease, holder: 'b', ttlMs: 300 })).toBe(false);
        expect(await sut.acquireLease({ name: lease, holder: 'a', ttlMs: 300 })).toBe(true);
        expect((await sut.getLease(lease))!.acquiredAt).toEqual(taken!.acquiredAt);
        await sleep(350);
        expect(await sut.acquireLease({ name: lease, holder: 'b', ttlMs: 300 })).toBe(true);
        expect(await sut.getLease(lease)).toMatchObject({ holder: 'b' });
        expect(await sut.acquireLease({ name: lease, holder: 'a', ttlMs: 300 })).toBe(false);
      });

      it('lets exactly one of many concurrent holders take a free lease', async () => {
        const lease = `lease-${checkpoint}`;
        const taken = await Promise.all(
          Array.from({ length: 8 }, (_, i) => sut.acquireLease({ name: lease, holder: `h${i}`, ttlMs: 10_000 })),
        );
        expect(taken.filter(Boolean)).toHaveLength(1);
        expect(await sut.getLease(lease)).toMatchObject({ holder: `h${taken.indexOf(true)}` });
      });

      it('is free for others at once when its holder releases it; a release by another holder changes nothing', async () => {
        const lease = `lease-${checkpoint}`;
        await sut.acquireLease({ name: lease, holder: 'a', ttlMs: 10_000 });
        await sut.releaseLease({ name: lease, holder: 'b' });
        expect(await sut.getLease(lease)).toMatchObject({ holder: 'a' });
        await sut.releaseLease({ name: lease, holder: 'a' });
        expect(await sut.getLease(lease)).toBeNull();
        expect(await sut.acquireLease({ name: lease, holder: 'b', ttlMs: 10_000 })).toBe(true);
      });

      it('is taken from a running holder by a preempting one (a rebuild), whose lease it then is', async () => {
        const lease = `lease-${checkpoint}`;
        await sut.acquireLease({ name: lease, holder: 'a', ttlMs: 10_000 });
        expect(await sut.acquireLease({ name: lease, holder: 'rebuild', ttlMs: 10_000, preempt: true })).toBe(true);
        expect(await sut.getLease(lease)).toMatchObject({ holder: 'rebuild' });
        expect(await sut.acquireLease({ name: lease, holder: 'a', ttlMs: 10_000 })).toBe(false);
        await expect(
          sut.commit({ changes: [], checkpoint: { name: checkpoint, position: 1n, expected: null, lease: { name: lease, holder: 'a' } } }),
        ).rejects.toBeInstanceOf(LeaseLostError);
      });

      it('commits a batch only for the holder of an unexpired lease, writing nothing otherwise', async () => {
        const lease = `lease-${checkpoint}`;
        await sut.acquireLease({ name: lease, holder: 'a', ttlMs: 300 });
        await sut.commit({
          changes: [{ view, id: 'x', doc: 1 }],
          checkpoint: { name: checkpoint, position: 1n, expected: null, lease: { name: lease, holder: 'a' } },
        });
        const byOther = sut.commit({
          changes: [{ view, id: 'x', doc: 2 }],
          checkpoint: { name: checkpoint, position: 2n, expected: 1n, lease: { name: lease, holder: 'b' } },
        });
        await expect(byOther).rejects.toBeInstanceOf(LeaseLostError);
        await expect(byOther).rejects.toMatchObject({ lease, holder: 'b', current: 'a' });
        await sleep(350);
        // Expired: not even its last holder may commit until it takes the lease again.
        await expect(
          sut.commit({
            changes: [{ view, id: 'x', doc: 3 }],
            checkpoint: { name: checkpoint, position: 2n, expected: 1n, lease: { name: lease, holder: 'a' } },
          }),
        ).rejects.toMatchObject({ name: 'LeaseLostError', current: null });
        expect(await sut.get(view, 'x')).toBe(1);
        expect(await sut.getCheckpoint(checkpoint)).toBe(1n);
        await sut.releaseLease({ name: lease, holder: 'a' });
        await expect(
          sut.commit({
            changes: [{ view, id: 'x', doc: 4 }],
            checkpoint: { name: checkpoint, position: 2n, expected: 1n, lease: { name: lease, holder: 'a' } },
          }),
        ).rejects.toBeInstanceOf(LeaseLostError);
        expect(await sut.get(view, 'x')).toBe(1);
      });
    });

    it('answers ping while open', async () => {
      await expect(sut.ping()).resolves.toBeUndefined();
    });
  });
}
