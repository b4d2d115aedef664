import { SlidingWindowThrottlerStorage } from './rate-limit-storage';

describe('SlidingWindowThrottlerStorage', () => {
  let now = 0;
  const storage = new SlidingWindowThrottlerStorage(() => now);
  const hit = (key = 'user-1', limit = 3, block = 0) => storage.increment(key, 60_000, limit, block, 'write');
  beforeEach(() => {
    now = 1_000_000;
  });
  afterAll(() => storage.close());

  it('counts hits per key and throttler up to the limit, then blocks for the block duration (the window length when none)', async () => {
    expect((await hit('a')).totalHits).toBe(1);
    expect((await storage.increment('a', 60_000, 3, 0, 'other')).totalHits).toBe(1); // another throttler, its own count
    expect((await hit('b')).totalHits).toBe(1); // another key, its own count
    now += 10_000;
    expect(await hit('a')).toEqual({ totalHits: 2, timeToExpire: 50, isBlocked: false, timeToBlockExpire: 0 });
    expect((await hit('a')).isBlocked).toBe(false);
    const refused = await hit('a');
    expect(refused).toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });
    now += 30_000;
    expect(await hit('a')).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 }); // refused, not counted
    now += 30_000;
    expect(await hit('a')).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 }); // afresh
  });

  it('is a sliding window: hits leave it one second at a time, a full window later', async () => {
    await hit('c', 100);
    now += 30_000;
    await hit('c', 100);
    await hit('c', 100);
    now += 29_999;
    expect((await hit('c', 100)).totalHits).toBe(4);
    now += 1_000; // the first hit is 60 s old
    expect((await hit('c', 100)).totalHits).toBe(4);
    now += 30_000; // the next two are too
    expect((await hit('c', 100)).totalHits).toBe(3);
    now += 120_000;
    expect((await hit('c', 100)).totalHits).toBe(1);
  });

  it('uses the given block duration, and costs the same at any limit', async () => {
    for (let i = 0; i < 100_000; i += 1) await hit('d', 1_000_000);
    expect((await hit('d', 1_000_000)).totalHits).toBe(100_001);
    expect(await hit('e', 1, 5_000)).toMatchObject({ isBlocked: false });
    expect(await hit('e', 1, 5_000)).toMatchObject({ isBlocked: true, timeToBlockExpire: 5 });
  });

  it('forgets keys with nothing in their window', async () => {
    await hit('f');
    const before = storage.size;
    now += 61_000;
    storage.sweep();
    expect(storage.size).toBeLessThan(before);
    expect((await hit('f')).totalHits).toBe(1);
  });
});
