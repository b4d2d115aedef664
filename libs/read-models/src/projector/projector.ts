import { getHeapStatistics } from 'node:v8';
import type { Subscription } from 'rxjs';
import { EventStoreUnavailableError, type EventStore, type GlobalPosition, type RecordedEvent } from '@app/event-store';
import type { Projection } from '../projection';
import type { EventGuard } from './event-guard';
import {
  CheckpointConflictError,
  LeaseLostError,
  ReadStoreUnavailableError,
  type ReadStore,
  type ViewChange,
} from '../read-store.port';

/** `standby`: another projector of the same name holds the lease; this one takes over when it lapses. */
export type ProjectorState = 'stopped' | 'standby' | 'starting' | 'running' | 'failed';

export interface ProjectorLease {
  /** Who this projector is, unique among those that may run (host, process, a random part). */
  readonly holder: string;
  /** How long the lease runs unless renewed (ms): the longest a dead holder keeps others waiting. */
  readonly ttlMs: number;
  /** How often it is renewed, or asked for while standing by (ms; default a third of `ttlMs`). */
  readonly renewEveryMs?: number;
  /** Take the lease from a running holder at start (a rebuild). */
  readonly preempt?: boolean;
}

export interface ProjectorLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ProjectorOptions {
  /** Name of the checkpoint this projector owns in the read store. */
  readonly name: string;
  readonly events: EventStore;
  readonly store: ReadStore;
  readonly projections: readonly Projection[];
  /** Most events folded into one commit. */
  readonly batchSize?: number;
  /** Events queued before the subscription is paused (backpressure). */
  readonly maxQueued?: number;
  /**
   * How long folded events wait in memory before they are committed (ms): a
   * busy log is committed once per interval instead of once per event, and a
   * document changed by many events is written once. The wait grows with what
   * a commit costs (up to `MAX_COMMIT_DELAY_MS`), so that commits take about a
   * tenth of the projector's time. Someone waiting for a position (`waitFor`)
   * has it committed at once. 0: commit every batch.
   */
  readonly commitDelayMs?: number;
  /** Documents kept parsed in memory between batches (least recently used leave first). */
  readonly cachedDocuments?: number;
  /**
   * Asked before each event is folded (the hash chain, in the apps): the
   * projector commits what comes before an event it refuses, then stops
   * there and reports why in its status.
   */
  readonly guard?: EventGuard;
  /** First and longest wait before retrying after a store was unavailable. */
  readonly retryDelayMs?: { readonly min: number; readonly max: number };
  readonly logger?: ProjectorLogger;
  /**
   * One active projector per name when several run: the one holding this
   * lease (named like the projector) follows the log; the others stand by and
   * take over when it lapses. Every commit is refused unless its writer holds
   * the lease, so no view is ever written by two projectors. Without it, the
   * checkpoint guard alone keeps batches from being applied twice.
   */
  readonly lease?: ProjectorLease;
  /**
   * Commit by memory instead of by events and time (a rebuild): what is folded
   * stays in memory, however many events that takes, until the documents
   * changed since the last commit reach `documents` or the V8 heap in use
   * reaches `heapBytes`; then, and when someone waits for a position folded
   * (`waitFor`), it is committed. Every changed document is written once per
   * commit, so fewer commits write less. `batchSize` and `commitDelayMs` then
   * only bound each fold.
   */
  readonly commitBound?: { readonly documents: number; readonly heapBytes: number };
  /** Called after every commit. */
  readonly onCommit?: (commit: { readonly position: GlobalPosition; readonly events: number }) => void;
}

export interface ProjectorStatus {
  readonly name: string;
  readonly state: ProjectorState;
  /** Last position committed to the read store. */
  readonly position: GlobalPosition | null;
  /** Last position folded into the documents in memory (at or after `position`). */
  readonly folded: GlobalPosition | null;
  /** Events received and not yet committed. */
  readonly queued: number;
  readonly error: string | null;
  /** Events set aside because a view could not fold them (kept in the `set_aside` view). */
  readonly setAside: number;
  /** The last of them, described; `null` when none. */
  readonly lastSetAside: string | null;
  /** This projector's lease holder id, when it runs under a lease. */
  readonly holder: string | null;
}

/**
 * Where a projector's time went since it was made (ms): checking events with
 * its guard, folding them into documents (the views' code, and reading the
 * documents a batch lacks), and committing (writing documents and checkpoint).
 * The rest of its time is reading the log and waiting for it.
 */
export interface ProjectorTimings {
  readonly checkingMs: number;
  readonly foldingMs: number;
  readonly committingMs: number;
}

/** Where the projector keeps the events it set aside: one document per (event, view, document). */
export const SET_ASIDE_VIEW = 'set_aside';

/** An event a view could not fold, set aside so that later events keep flowing. */
export interface SetAsideDoc {
  readonly view: string;
  readonly documentId: string;
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: string;
  readonly error: string;
  readonly setAsideAt: string;
}

/** A batch met an event a view cannot fold: fold it again, event by event, setting that one aside. */
class FoldAgainCarefully extends Error {
  constructor(
    readonly from: GlobalPosition,
    readonly through: GlobalPosition,
  ) {
    super(`fold again carefully from ${from} through ${through}`);
  }
}

/** A document as the projector holds it between batches; `doc: null` is "not in the store". */
interface CachedDoc {
  readonly view: string;
  readonly id: string;
  doc: unknown;
  /** The fold that last used it (least recently used leave the cache first). */
  used: number;
  /** The uncommitted changes it is in, if any (so it is added to them once). */
  pending: Uncommitted | null;
}

/**
 * What a batch folds into one projection's documents, in log order: for each
 * event and each document it names, the event's index in the batch and the
 * document.
 */
interface Work {
  readonly events: number[];
  readonly entries: CachedDoc[];
}

/** Folded, not yet committed: the documents changed and the position they stand at. */
interface Uncommitted {
  readonly changed: Set<CachedDoc>;
  readonly setAside: Array<{ id: string; doc: SetAsideDoc }>;
  position: GlobalPosition | null;
  events: number;
}

/** The longest folded events wait before their commit, however costly commits are. */
export const MAX_COMMIT_DELAY_MS = 1000;

const silent: ProjectorLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

const uncommitted = (): Uncommitted => ({ changed: new Set(), setAside: [], position: null, events: 0 });

/**
 * Follows the global log from its checkpoint and keeps views up to date.
 *
 * Events are folded into the documents they touch, which the projector keeps
 * parsed in memory, and committed together with the checkpoint in one atomic
 * step, guarded by the checkpoint the commit started from. Under load, the
 * events of a short interval (`commitDelayMs`) go into one commit. A crash at
 * any moment therefore loses nothing and applies nothing twice: on restart the
 * projector resumes after the last committed position, and whatever was folded
 * but not committed is folded again from the log.
 */
export class Projector {
  private readonly batchSize: number;
  private readonly maxQueued: number;
  private readonly commitDelayMs: number;
  private readonly cachedDocuments: number;
  private readonly retry: { readonly min: number; readonly max: number };
  private readonly log: ProjectorLogger;
  private state: ProjectorState = 'stopped';
  private position: GlobalPosition | null = null;
  private received: GlobalPosition | null = null;
  private queue: RecordedEvent[] = [];
  private subscription: Subscription | null = null;
  private draining: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelay: number;
  private lastError: string | null = null;
  private setAside = 0;
  private lastSetAside: string | null = null;
  private readonly waiters = new Set<{ position: GlobalPosition; resolve: () => void; reject: (error: Error) => void }>();
  private generation = 0;
  /** Parsed documents in least-recently-used order; they match the committed ones plus `pending`. */
  private readonly cache: ReadonlyArray<Map<string, CachedDoc>>;
  private cached = 0;
  private folds = 0;
  private pending = uncommitted();
  private commitTimer: NodeJS.Timeout | null = null;
  private commitDue = false;
  /** How long the last commit took (ms). */
  private lastCommitMs = 0;
  private spent = { checkingMs: 0, foldingMs: 0, committingMs: 0 };
  /**
   * After a view failed on an event, the batches that hold any event of the
   * failed batch (`from` to `through`) are folded event by event (set-aside);
   * those before it folded without failing and are folded as usual.
   */
  private careful: { readonly from: GlobalPosition; readonly through: GlobalPosition } | null = null;
  private leaseTimer: NodeJS.Timeout | null = null;
  /** Bumped when the projector stops: a lease tick of an earlier run does nothing. */
  private leaseRun = 0;
  /** Until when this projector surely holds the lease (ms since the epoch; 0: it does not). */
  private leaseUntil = 0;
  /** While standing by: polls the stored checkpoint for those waiting for a position. */
  private pollTimer: NodeJS.Timeout | null = null;
  /** Stands the projector by the moment its lease runs out unrenewed, before another can take it. */
  private fenceTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: ProjectorOptions) {
    this.batchSize = options.batchSize ?? 1000;
    this.maxQueued = options.maxQueued ?? this.batchSize * 10;
    this.commitDelayMs = options.commitDelayMs ?? 50;
    this.cachedDocuments = options.cachedDocuments ?? 10_000;
    this.cache = options.projections.map(() => new Map());
    this.retry = options.retryDelayMs ?? { min: 100, max: 5000 };
    this.retryDelay = this.retry.min;
    this.log = options.logger ?? silent;
  }

  /** Where this projector's time went (a few clock readings per batch, not per event). */
  get timings(): ProjectorTimings {
    return { ...this.spent };
  }

  get status(): ProjectorStatus {
    return {
      name: this.options.name,
      state: this.state,
      position: this.position,
      folded: this.pending.position ?? this.position,
      queued: this.queue.length + this.pending.events,
      error: this.lastError,
      setAside: this.setAside,
      lastSetAside: this.lastSetAside,
      holder: this.options.lease?.holder ?? null,
    };
  }

  /**
   * Reads the checkpoint and starts following the log after it. Under a
   * lease, first takes the lease: until then (another projector holds it) the
   * projector stands by and asks again every `renewEveryMs`.
   */
  async start(): Promise<void> {
    if (this.state === 'running' || this.state === 'starting' || this.state === 'standby') return;
    const lease = this.options.lease;
    if (lease === undefined) return this.follow();
    this.state = 'standby';
    this.lastError = null;
    const run = ++this.leaseRun;
    await this.leaseTick(run, lease.preempt === true, true);
  }

  /** Asks for the lease (takes or renews it), then follows the log or stands by; again every `renewEveryMs`. */
  private async leaseTick(run: number, preempt = false, first = false): Promise<void> {
    const lease = this.options.lease!;
    const { store, name } = this.options;
    const asked = Date.now();
    let held: boolean | null;
    try {
      held = await store.acquireLease({ name, holder: lease.holder, ttlMs: lease.ttlMs, preempt });
    } catch (error) {
      held = null;
      if (run === this.leaseRun) this.log.warn(`Projector ${name}: could not ask for the lease (${errorMessage(error)})`);
    }
    if (run !== this.leaseRun) return;
    if (held === true) {
      this.leaseUntil = asked + lease.ttlMs;
      this.armFence(run);
      if (this.state === 'standby') {
        this.log.log(`Projector ${name}: took the lease (${lease.holder})`);
        await this.follow();
      }
    } else if (held === false) {
      if (this.state !== 'standby' && this.state !== 'failed') this.standBy('another projector holds the lease now');
      else if (first) {
        const other = await store.getLease(name).catch(() => null);
        this.log.log(`Projector ${name}: standing by, ${other === null ? 'another projector' : other.holder} holds the lease`);
      }
      this.leaseUntil = 0;
    } else if (this.state !== 'standby' && this.state !== 'failed' && Date.now() >= this.leaseUntil) {
      // The store did not answer for a whole lease: another projector may hold it by now.
      this.standBy('its lease ran out while the store did not answer');
    }
    if (run !== this.leaseRun) return;
    if (this.leaseTimer !== null) clearTimeout(this.leaseTimer);
    this.leaseTimer = setTimeout(() => {
      this.leaseTimer = null;
      void this.leaseTick(run);
    }, lease.renewEveryMs ?? Math.max(1, Math.floor(lease.ttlMs / 3)));
  }

  /**
   * At `leaseUntil` (measured from before the store granted it, so no later than
   * the store's own expiry), a projector that has not renewed stops: another may
   * take the lease from then on, and it must not still be running.
   */
  private armFence(run: number): void {
    this.clearFence();
    this.fenceTimer = setTimeout(() => {
      this.fenceTimer = null;
      if (run !== this.leaseRun || Date.now() < this.leaseUntil) return;
      if (this.state !== 'standby' && this.state !== 'failed' && this.state !== 'stopped') this.standBy('its lease ran out while the store did not answer');
    }, Math.max(0, this.leaseUntil - Date.now()));
  }

  private clearFence(): void {
    if (this.fenceTimer !== null) clearTimeout(this.fenceTimer);
    this.fenceTimer = null;
  }

  /** Stops following the log and drops what is folded but not committed; another projector holds the lease. */
  private standBy(why: string): void {
    this.generation += 1;
    this.unsubscribe();
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.forget();
    this.state = 'standby';
    this.leaseUntil = 0;
    this.clearFence();
    this.log.warn(`Projector ${this.options.name}: standing by, ${why}`);
    this.pollForWaiters();
  }

  /** While standing by, those waiting for a position are answered from the stored checkpoint (the active projector moves it). */
  private pollForWaiters(): void {
    if (this.pollTimer !== null || this.waiters.size === 0) return;
    this.pollTimer = setTimeout(() => {
      void (async () => {
        const checkpoint = await this.options.store.getCheckpoint(this.options.name).catch(() => null);
        this.pollTimer = null;
        if (checkpoint !== null) this.resolveWaiters(checkpoint);
        if (this.state === 'standby') this.pollForWaiters();
      })();
    }, 25);
  }

  private resolveWaiters(position: GlobalPosition): void {
    for (const waiter of this.waiters) {
      if (waiter.position <= position) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** Reads the checkpoint and follows the log after it. */
  private async follow(): Promise<void> {
    if (this.state === 'running' || this.state === 'starting') return;
    this.state = 'starting';
    this.lastError = null;
    const generation = ++this.generation;
    this.forget();
    try {
      this.position = await this.options.store.getCheckpoint(this.options.name);
      this.setAside = await this.options.store.count(SET_ASIDE_VIEW);
    } catch (error) {
      if (generation !== this.generation) return;
      if (isTransient(error)) {
        this.scheduleRetry(generation, 'reading the checkpoint', error);
        return;
      }
      this.fail(error);
      throw error;
    }
    if (generation !== this.generation) return;
    this.received = this.position;
    this.state = 'running';
    if (this.position !== null) this.resolveWaiters(this.position);
    this.log.log(`Projector ${this.options.name} starting after position ${String(this.position ?? 'start')}`);
    this.subscribe(generation);
  }

  /** Stops following the log; what is folded already is committed first. */
  async stop(): Promise<void> {
    const wasRunning = this.state === 'running';
    this.generation += 1;
    this.leaseRun += 1;
    if (this.leaseTimer !== null) clearTimeout(this.leaseTimer);
    this.leaseTimer = null;
    this.clearFence();
    if (this.pollTimer !== null) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    this.unsubscribe();
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.draining;
    if (wasRunning && this.pending.events > 0) {
      try {
        await this.commit();
      } catch (error) {
        this.log.warn(`Projector ${this.options.name}: could not commit on stop (${errorMessage(error)}); the log will be folded again from the checkpoint`);
      }
    }
    this.forget();
    if (this.state !== 'failed') this.state = 'stopped';
    await this.releaseLease();
  }

  /** Gives the lease up (if held), so that a standing-by projector takes over at once. */
  private async releaseLease(): Promise<void> {
    const lease = this.options.lease;
    if (lease === undefined || this.leaseUntil === 0) return;
    this.leaseUntil = 0;
    try {
      await this.options.store.releaseLease({ name: this.options.name, holder: lease.holder });
    } catch (error) {
      this.log.warn(`Projector ${this.options.name}: could not give the lease up (${errorMessage(error)}); it lapses in ${lease.ttlMs} ms`);
    }
  }

  /** Drops every view and the checkpoint, then folds the whole log again. */
  async rebuild(): Promise<void> {
    await this.stop();
    const { lease, store, name } = this.options;
    if (lease !== undefined) {
      // Under a lease, take it first, even from a running holder: it stops writing before the views are dropped.
      const asked = Date.now();
      await store.acquireLease({ name, holder: lease.holder, ttlMs: lease.ttlMs, preempt: true });
      this.leaseUntil = asked + lease.ttlMs;
    }
    await store.reset(name, [...this.options.projections.map((projection) => projection.view), SET_ASIDE_VIEW]);
    this.lastSetAside = null;
    this.state = 'stopped';
    await this.start();
  }

  /** Resolves once every event up to `position` is committed to the views; rejects if the projector stops failed first. */
  waitFor(position: GlobalPosition, timeoutMs = 30_000): Promise<void> {
    if (this.position !== null && this.position >= position) return Promise.resolve();
    if (this.state === 'failed') return Promise.reject(new Error(`Projector ${this.options.name} stopped: ${this.lastError}`));
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Projector ${this.options.name} did not reach ${position} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
      if (this.state === 'standby') this.pollForWaiters();
      // Folded already but not committed: commit now rather than at the end of the delay.
      if (this.pending.position !== null && this.pending.position >= position) this.commitSoon(0);
    });
  }

  private subscribe(generation: number): void {
    this.subscription = this.options.events
      .subscribeAll({ fromPosition: this.received ?? 'start' })
      .subscribe({
        next: (event) => {
          if (generation !== this.generation) return;
          this.received = event.position;
          this.queue.push(event);
          if (this.queue.length >= this.maxQueued) this.unsubscribe(); // paused: resumed once drained
          this.drain(generation);
        },
        error: (error: unknown) => {
          if (generation !== this.generation) return;
          this.subscription = null;
          if (isTransient(error)) this.scheduleRetry(generation, 'following the log', error, () => this.subscribe(generation));
          else this.fail(error);
        },
      });
  }

  private unsubscribe(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
  }

  private drain(generation: number): void {
    if (this.draining !== null) return;
    this.draining = (async () => {
      // Let the subscription hand over what it has in this tick: bigger batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while ((this.queue.length > 0 || this.commitDue) && generation === this.generation && this.state === 'running') {
        try {
          if (this.queue.length > 0) {
            const batch = this.queue.slice(0, this.batchSize);
            const refused = await this.fold(batch);
            this.queue.splice(0, batch.length);
            if (refused !== null) {
              // Everything before the refused event is committed; nothing after it is folded.
              await this.commit();
              this.fail(new Error(`Projector ${this.options.name} will not go past an event: ${refused}`));
              return;
            }
            if (this.mustCommitNow()) await this.commit();
            else if (this.options.commitBound === undefined) this.commitSoon(this.commitDelay());
          } else {
            await this.commit();
          }
        } catch (error) {
          // A fold may have changed documents in memory half-way, a failed commit
          // left them ahead of the store: either way they are no longer the
          // committed ones plus `pending`.
          this.forget();
          if (generation !== this.generation) return;
          this.recover(generation, error);
          return;
        }
        this.retryDelay = this.retry.min;
        if (this.subscription === null && this.retryTimer === null && this.queue.length <= this.maxQueued / 2) {
          this.subscribe(generation); // resume after a pause, from the last event received
        }
      }
    })().finally(() => {
      this.draining = null;
      // Asked to commit (or handed events) between the loop's last check and here.
      if ((this.commitDue || this.queue.length > 0) && generation === this.generation && this.state === 'running') this.drain(generation);
    });
  }

  /**
   * Whatever was folded and not committed is dropped with the documents in
   * memory; the projector resumes from the stored checkpoint, so the log folds
   * those events again.
   */
  private recover(generation: number, error: unknown): void {
    if (error instanceof FoldAgainCarefully) {
      this.careful = { from: error.from, through: error.through };
      this.restartFrom(generation, this.position);
      return;
    }
    if (error instanceof LeaseLostError) {
      this.standBy(error.message);
      return;
    }
    if (error instanceof CheckpointConflictError) {
      this.log.warn(`Projector ${this.options.name}: ${error.message}; resuming from the stored checkpoint`);
      this.restartFromStore(generation);
      return;
    }
    if (isTransient(error)) {
      this.unsubscribe();
      this.received = this.position;
      this.scheduleRetry(generation, 'committing a batch', error, () => this.subscribe(generation));
      return;
    }
    this.fail(error);
  }

  private mustCommitNow(): boolean {
    if (this.pending.setAside.length > 0) return true;
    const bound = this.options.commitBound;
    if (bound === undefined) {
      if (this.commitDelayMs === 0 || this.pending.events >= this.batchSize) return true;
    } else if (this.pending.changed.size >= bound.documents || getHeapStatistics().used_heap_size >= bound.heapBytes) {
      return true;
    }
    const folded = this.pending.position;
    if (folded === null) return false;
    for (const waiter of this.waiters) if (waiter.position <= folded) return true;
    return false;
  }

  /** The configured delay, or nine times what the last commit took when that is longer. */
  private commitDelay(): number {
    return Math.min(MAX_COMMIT_DELAY_MS, Math.max(this.commitDelayMs, Math.round(9 * this.lastCommitMs)));
  }

  private commitSoon(delayMs: number): void {
    if (delayMs === 0) {
      this.commitDue = true;
      if (this.state === 'running') this.drain(this.generation);
      return;
    }
    if (this.commitTimer !== null) return;
    const generation = this.generation;
    this.commitTimer = setTimeout(() => {
      this.commitTimer = null;
      if (generation !== this.generation) return;
      this.commitDue = true;
      this.drain(generation);
    }, delayMs);
  }

  /**
   * Folds a batch into the documents it touches, in memory. When a view cannot
   * fold an event, the events from the last commit on are folded again
   * `carefully`: each document is copied before each event, so the one that
   * fails keeps its state from before that event; the event is set aside for
   * that document (recorded in `set_aside` with its error, in the same commit)
   * and everything else goes on.
   */
  private async fold(whole: readonly RecordedEvent[]): Promise<string | null> {
    const { projections, guard } = this.options;
    let refused: string | null = null;
    let batch = whole;
    if (guard !== undefined) {
      const checking = performance.now();
      await guard.prepare(whole);
      const at = whole.findIndex((event) => (refused = guard.check(event)) !== null);
      this.spent.checkingMs += performance.now() - checking;
      if (at >= 0) batch = whole.slice(0, at);
      if (batch.length === 0) return refused;
    }
    const folding = performance.now();
    const first = batch[0]!;
    const last = batch[batch.length - 1]!;
    const careful = this.careful;
    const carefully = careful !== null && first.position <= careful.through && last.position >= careful.from;
    const work = await this.load(batch);
    const pending = this.pending;
    const { changed } = pending;
    // Set aside in this batch, with where each was met, to be put back in log order.
    const failed: Array<{ e: number; p: number; record: { id: string; doc: SetAsideDoc } }> = [];
    // View by view: each view's fold runs over the whole batch at once (its code and
    // documents stay hot), which gives every document the same events in the same
    // order as event by event, since a view's documents are folded independently.
    for (let p = 0; p < projections.length; p += 1) {
      const projection = projections[p]!;
      const { events, entries } = work[p]!;
      for (let w = 0; w < entries.length; w += 1) {
        const entry = entries[w]!;
        const event = batch[events[w]!]!;
        // Views may change their document in place: keep a copy to fall back on.
        const before = carefully ? structuredClone(entry.doc) : null;
        try {
          entry.doc = projection.evolve(entry.doc, event, entry.id);
        } catch (error) {
          if (!carefully) throw new FoldAgainCarefully(first.position, last.position);
          entry.doc = before;
          const problem = new ProjectionError(projection.view, event, error);
          failed.push({
            e: events[w]!,
            p,
            record: {
              id: `${event.id}/${projection.view}/${entry.id}`,
              doc: {
                view: projection.view,
                documentId: entry.id,
                eventId: event.id,
                type: event.type,
                streamId: event.streamId,
                revision: event.revision,
                position: event.position.toString(),
                error: problem.message,
                setAsideAt: new Date().toISOString(),
              },
            },
          });
        }
        if (entry.pending !== pending) {
          entry.pending = pending;
          changed.add(entry);
        }
      }
    }
    failed.sort((a, b) => a.e - b.e || a.p - b.p);
    for (const { record } of failed) pending.setAside.push(record);
    this.pending.position = last.position;
    this.pending.events += batch.length;
    if (careful !== null && last.position >= careful.through) this.careful = null;
    this.spent.foldingMs += performance.now() - folding;
    return refused;
  }

  /**
   * The documents each event of the batch touches, per projection, in log
   * order, from the cache; those it lacks are read in one query per view.
   * Flat arrays per view, not arrays per event and projection: a rebuild
   * folds ten documents or so per event.
   */
  private async load(batch: readonly RecordedEvent[]): Promise<Work[]> {
    const { projections, store } = this.options;
    const fold = ++this.folds;
    const count = projections.length;
    const work: Work[] = projections.map(() => ({ events: [], entries: [] }));
    let missing: Array<Set<string> | undefined> | null = null;
    // Event by event (the project views share the list naming an event's project), into a list per view.
    for (let e = 0; e < batch.length; e += 1) {
      const event = batch[e]!;
      for (let p = 0; p < count; p += 1) {
        const named = projections[p]!.documentIds(event);
        if (named.length === 0) continue;
        const { events, entries } = work[p]!;
        const cache = this.cache[p]!;
        for (let i = 0; i < named.length; i += 1) {
          const id = named[i]!;
          const entry = cache.get(id);
          events.push(e);
          if (entry === undefined) {
            missing ??= new Array<Set<string> | undefined>(count);
            (missing[p] ??= new Set()).add(id);
            (entries as Array<CachedDoc | string>).push(id);
          } else {
            entry.used = fold;
            entries.push(entry);
          }
        }
      }
    }
    if (missing !== null) {
      const lacking = missing;
      await Promise.all(
        projections.map(async (projection, p) => {
          const ids = lacking[p];
          if (ids === undefined) return;
          const found = await store.getMany(projection.view, [...ids]);
          const cache = this.cache[p]!;
          for (const id of ids) cache.set(id, { view: projection.view, id, doc: found.get(id) ?? null, used: fold, pending: null });
          this.cached += ids.size;
          const entries = work[p]!.entries as Array<CachedDoc | string>;
          for (let w = 0; w < entries.length; w += 1) {
            const entry = entries[w]!;
            if (typeof entry === 'string') entries[w] = cache.get(entry)!;
          }
        }),
      );
    }
    return work;
  }

  /** Writes what was folded, with the checkpoint, in one atomic step. */
  private async commit(): Promise<void> {
    if (this.commitTimer !== null) clearTimeout(this.commitTimer);
    this.commitTimer = null;
    this.commitDue = false;
    const folded = this.pending;
    if (folded.events === 0 || folded.position === null) return;
    this.pending = uncommitted();
    const { store, name } = this.options;
    const changes: ViewChange[] = folded.setAside.map(({ id, doc }) => ({ view: SET_ASIDE_VIEW, id, doc }));
    for (const entry of folded.changed) {
      changes.push({ view: entry.view, id: entry.id, doc: entry.doc });
      // Unmarked, so that a document left unchanged in the cache holds on to no earlier batch.
      entry.pending = null;
    }
    const started = performance.now();
    const lease = this.options.lease === undefined ? undefined : { name, holder: this.options.lease.holder };
    await store.commit({ changes, checkpoint: { name, position: folded.position, expected: this.position, lease } });
    this.lastCommitMs = performance.now() - started;
    this.spent.committingMs += this.lastCommitMs;
    this.position = folded.position;
    for (const { doc } of folded.setAside) {
      this.setAside += 1;
      this.lastSetAside = doc.error;
      this.log.error(`Projector ${name}: set aside — ${doc.error}`);
    }
    this.options.onCommit?.({ position: folded.position, events: folded.events });
    this.resolveWaiters(folded.position);
    if (this.cached > this.cachedDocuments) this.trimCache();
  }

  /** Everything in the cache is committed: keep the most recently used, as many as allowed. */
  private trimCache(): void {
    const entries = this.cache.flatMap((docs, p) => [...docs.values()].map((entry) => ({ entry, p })));
    entries.sort((a, b) => b.entry.used - a.entry.used);
    for (const { entry, p } of entries.slice(this.cachedDocuments)) this.cache[p]!.delete(entry.id);
    this.cached = Math.min(entries.length, this.cachedDocuments);
  }

  /** Drops the documents in memory and what was folded but not committed. */
  private forget(): void {
    for (const docs of this.cache) docs.clear();
    this.options.guard?.reset();
    this.cached = 0;
    this.pending = uncommitted();
    this.queue = [];
    this.commitDue = false;
    if (this.commitTimer !== null) clearTimeout(this.commitTimer);
    this.commitTimer = null;
  }

  private restartFrom(generation: number, position: GlobalPosition | null): void {
    if (generation !== this.generation) return;
    this.unsubscribe();
    this.forget();
    this.received = position;
    this.subscribe(generation);
  }

  private restartFromStore(generation: number): void {
    if (generation !== this.generation) return;
    this.unsubscribe();
    this.forget();
    this.state = 'stopped';
    void this.follow().catch(() => undefined);
  }

  private scheduleRetry(generation: number, doing: string, error: unknown, then?: () => void): void {
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, this.retry.max);
    this.lastError = errorMessage(error);
    this.log.warn(`Projector ${this.options.name}: store unavailable while ${doing} (${this.lastError}); retrying in ${delay} ms`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (generation !== this.generation) return;
      this.lastError = null;
      if (then !== undefined) then();
      else {
        this.state = 'stopped';
        void this.follow().catch(() => undefined);
      }
    }, delay);
  }

  private fail(error: unknown): void {
    this.generation += 1;
    this.unsubscribe();
    this.forget();
    this.state = 'failed';
    this.lastError = errorMessage(error);
    this.log.error(`Projector ${this.options.name} stopped: ${this.lastError}`);
    for (const waiter of this.waiters) waiter.reject(new Error(`Projector ${this.options.name} stopped: ${this.lastError}`));
    this.waiters.clear();
    // Another projector may do better (or stop at the same event, and say so).
    this.leaseRun += 1;
    if (this.leaseTimer !== null) clearTimeout(this.leaseTimer);
    this.leaseTimer = null;
    this.clearFence();
    void this.releaseLease();
  }
}

/** A projection threw while folding an event: the event and the view are named. */
export class ProjectionError extends Error {
  constructor(
    readonly view: string,
    readonly event: RecordedEvent,
    cause: unknown,
  ) {
    super(
      `View ${view} failed on event ${event.id} (${event.type}, ${event.streamId}@${event.revision}, position ${event.position}): ${errorMessage(cause)}`,
      { cause },
    );
    this.name = 'ProjectionError';
  }
}

function isTransient(error: unknown): boolean {
  return error instanceof EventStoreUnavailableError || error instanceof ReadStoreUnavailableError;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
