import type { ThrottlerStorage } from '@nestjs/throttler';

/** Hits are counted in buckets of this many milliseconds: the sliding window moves in these steps. */
const BUCKET_MS = 1000;

interface Window {
  /** Hits per bucket, a ring indexed by bucket number modulo its length. */
  readonly buckets: number[];
  /** The newest bucket number counted. */
  newest: number;
  /** Hits in the window: the sum of the buckets. */
  total: number;
  /** While blocked, the time (ms) the block ends; 0 when not blocked. */
  blockedUntil: number;
}

/**
 * Storage for `@nestjs/throttler` that costs the same for every request, however
 * high the limit: a sliding window of per-second buckets per key, instead of
 * the default storage's list of every hit's expiry, which is filtered on every
 * request (at a limit of 100,000 a minute, that is 100,000 numbers per request).
 * The semantics are the default storage's: a key over its limit is blocked for
 * `blockDuration` (ms), during which its requests are refused and not counted;
 * `timeToExpire` and `timeToBlockExpire` are in seconds, as the guard's headers
 * expect. Counts are exact to within one bucket at the window's trailing edge.
 */
export class SlidingWindowThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    // Forget keys with no hit in their window and no block, so memory follows the active callers.
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<{
    totalHits: number;
    timeToExpire: number;
    isBlocked: boolean;
    timeToBlockExpire: number;
  }> {
    const now = this.now();
    const id = `${throttlerName}\u0000${key}`;
    const size = Math.max(1, Math.ceil(ttl / BUCKET_MS));
    let window = this.windows.get(id);
    if (window === undefined || window.buckets.length !== size) {
      window = { buckets: new Array<number>(size).fill(0), newest: Math.floor(now / BUCKET_MS), total: 0, blockedUntil: 0 };
      this.windows.set(id, window);
    }
    advance(window, Math.floor(now / BUCKET_MS));

    if (window.blockedUntil > now) {
      return { totalHits: window.total + 1, timeToExpire: this.secondsToExpire(window), isBlocked: true, timeToBlockExpire: seconds(window.blockedUntil - now) };
    }
    if (window.blockedUntil !== 0) {
      // The block is over: the caller starts afresh.
      window.blockedUntil = 0;
      window.buckets.fill(0);
      window.total = 0;
    }
    window.buckets[window.newest % size]! += 1;
    window.total += 1;
    if (window.total > limit) {
      window.blockedUntil = now + (blockDuration > 0 ? blockDuration : ttl);
      return { totalHits: window.total, timeToExpire: this.secondsToExpire(window), isBlocked: true, timeToBlockExpire: seconds(window.blockedUntil - now) };
    }
    return { totalHits: window.total, timeToExpire: this.secondsToExpire(window), isBlocked: false, timeToBlockExpire: 0 };
  }

  /** Keys held (for tests and metrics). */
  get size(): number {
    return this.windows.size;
  }

  sweep(): void {
    const now = this.now();
    for (const [id, window] of this.windows) {
      advance(window, Math.floor(now / BUCKET_MS));
      if (window.total === 0 && window.blockedUntil <= now) this.windows.delete(id);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  /** Seconds until the oldest counted hit leaves the window. */
  private secondsToExpire(window: Window): number {
    const size = window.buckets.length;
    for (let age = size - 1; age >= 0; age -= 1) {
      if (window.buckets[(window.newest - age + size * 2) % size]! > 0) return size - age;
    }
    return size;
  }
}

/** Moves the window so that `bucket` is its newest, emptying the buckets that fell out. */
function advance(window: Window, bucket: number): void {
  const size = window.buckets.length;
  const steps = bucket - window.newest;
  if (steps <= 0) return;
  if (steps >= size) {
    window.buckets.fill(0);
    window.total = 0;
  } else {
    for (let b = window.newest + 1; b <= bucket; b += 1) {
      window.total -= window.buckets[b % size]!;
      window.buckets[b % size] = 0;
    }
  }
  window.newest = bucket;
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
