import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { EventStore } from '@app/event-store';
import type { Projection } from '../projection';
import type { ReadStore } from '../read-store.port';
import type { EventGuard } from './event-guard';
import { Projector, SET_ASIDE_VIEW, type ProjectorLease, type ProjectorLogger } from './projector';

/** Events folded per batch while rebuilding, and twice that queued (the live projector folds 1,000). */
const REBUILD_BATCH = 25_000;

/**
 * A rebuild commits when the documents it changed since its last commit reach
 * this many (the projector's default number of documents kept in memory), or
 * when the heap in use reaches `REBUILD_HEAP_SHARE` of V8's limit, and at the
 * end: not every so many events, since every commit writes every document
 * changed since the one before, whole.
 */
export const REBUILD_COMMIT_DOCUMENTS = 10_000;
export const REBUILD_HEAP_SHARE = 0.5;

export interface RebuildReport {
  /** Events folded, and the position the views now stand at. */
  readonly events: number;
  readonly position: string | null;
  /** Documents per view before and after: what the log cannot produce is gone. */
  readonly views: ReadonlyArray<{ readonly view: string; readonly before: number; readonly after: number }>;
  readonly setAside: number;
  readonly seconds: number;
  /**
   * Where those seconds went: checking each event's hash link (with a guard),
   * folding events into documents, and writing the documents; the rest is
   * reading the log (and dropping the views first). `collecting` is the
   * garbage collector's pauses, which fall within all of them.
   */
  readonly spent: {
    readonly checkingSeconds: number;
    readonly foldingSeconds: number;
    readonly committingSeconds: number;
    readonly collectingSeconds: number;
  };
}

/**
 * Drops every view of a projector and its checkpoint, then folds the whole log
 * again up to the head it had when the rebuild began. Documents the log cannot
 * produce are removed with the rest. With a lease, the rebuild takes it first,
 * even from a projector of the same name running elsewhere, which stands by
 * (its commits are refused) until the rebuild gives it up, then resumes from
 * the rebuilt checkpoint. Without one, such a projector sees its checkpoint
 * move and resumes from the stored one: every batch is guarded by the
 * checkpoint it started from, so nothing is applied twice.
 */
export async function rebuildViews(options: {
  readonly name: string;
  readonly events: EventStore;
  readonly store: ReadStore;
  readonly projections: readonly Projection[];
  readonly logger?: ProjectorLogger;
  /** Asked before each event is folded (the hash chain): the rebuild stops at an event it refuses. */
  readonly guard?: EventGuard;
  readonly timeoutMs?: number;
  /** Events folded per batch (what bounds a commit is `commitDocuments` and the heap). */
  readonly batchSize?: number;
  /** Documents changed before a commit (default `REBUILD_COMMIT_DOCUMENTS`): fewer commits, fewer writes of the same documents. */
  readonly commitDocuments?: number;
  /** The lease of the projectors of that name (see `ProjectorOptions.lease`), taken from whoever holds it. */
  readonly lease?: ProjectorLease;
}): Promise<RebuildReport> {
  const started = process.hrtime.bigint();
  let collectingMs = 0;
  const collections = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) collectingMs += entry.duration;
  });
  collections.observe({ entryTypes: ['gc'] });
  const views = [...options.projections.map((projection) => projection.view), SET_ASIDE_VIEW];
  const before = await Promise.all(views.map((view) => options.store.count(view)));
  const head = await options.events.headPosition();
  let folded = 0;
  const projector = new Projector({
    name: options.name,
    events: options.events,
    store: options.store,
    projections: options.projections,
    logger: options.logger,
    guard: options.guard,
    batchSize: options.batchSize ?? REBUILD_BATCH,
    maxQueued: (options.batchSize ?? REBUILD_BATCH) * 2,
    commitBound: {
      documents: options.commitDocuments ?? REBUILD_COMMIT_DOCUMENTS,
      heapBytes: Math.floor(getHeapStatistics().heap_size_limit * REBUILD_HEAP_SHARE),
    },
    lease: options.lease === undefined ? undefined : { ...options.lease, preempt: true },
    onCommit: ({ events }) => (folded += events),
  });
  try {
    await projector.rebuild();
    if (head !== null) await projector.waitFor(head, options.timeoutMs ?? 600_000);
  } finally {
    await projector.stop();
    for (const entry of collections.takeRecords()) collectingMs += entry.duration;
    collections.disconnect();
  }
  const status = projector.status;
  if (status.state === 'failed') throw new Error(`The rebuild stopped: ${status.error}`);
  const after = await Promise.all(views.map((view) => options.store.count(view)));
  const { checkingMs, foldingMs, committingMs } = projector.timings;
  return {
    events: folded,
    position: status.position === null ? null : status.position.toString(),
    views: views.map((view, i) => ({ view, before: before[i]!, after: after[i]! })),
    setAside: status.setAside,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    spent: {
      checkingSeconds: checkingMs / 1000,
      foldingSeconds: foldingMs / 1000,
      committingSeconds: committingMs / 1000,
      collectingSeconds: collectingMs / 1000,
    },
  };
}
