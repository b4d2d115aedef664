import type { Subscription } from 'rxjs';
import { EventStoreUnavailableError, type EventStore, type GlobalPosition, type RecordedEvent } from '@app/event-store';
import type { Projection } from '../projection';
import {
  CheckpointConflictError,
  ReadStoreUnavailableError,
  type ReadStore,
  type ViewChange,
} from '../read-store.port';

export type ProjectorState = 'stopped' | 'starting' | 'running' | 'failed';

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
  /** First and longest wait before retrying after a store was unavailable. */
  readonly retryDelayMs?: { readonly min: number; readonly max: number };
  readonly logger?: ProjectorLogger;
  /** Called after every committed batch. */
  readonly onCommit?: (commit: { readonly position: GlobalPosition; readonly events: number }) => void;
}

export interface ProjectorStatus {
  readonly name: string;
  readonly state: ProjectorState;
  /** Last position committed to the read store. */
  readonly position: GlobalPosition | null;
  readonly queued: number;
  readonly error: string | null;
  /** Events set aside because a view could not fold them (kept in the `set_aside` view). */
  readonly setAside: number;
  /** The last of them, described; `null` when none. */
  readonly lastSetAside: string | null;
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
class FoldAgainCarefully extends Error {}

const silent: ProjectorLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Follows the global log from its checkpoint and keeps views up to date.
 *
 * Each batch of events is folded into the documents it touches, and those
 * documents are committed together with the checkpoint in one atomic step,
 * guarded by the checkpoint the batch started from. A crash at any moment
 * therefore loses nothing and applies nothing twice: on restart the projector
 * resumes after the last committed position.
 */
export class Projector {
  private readonly batchSize: number;
  private readonly maxQueued: number;
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
  private readonly waiters = new Set<{ position: GlobalPosition; resolve: () => void }>();
  private generation = 0;

  constructor(private readonly options: ProjectorOptions) {
    this.batchSize = options.batchSize ?? 1000;
    this.maxQueued = options.maxQueued ?? this.batchSize * 10;
    this.retry = options.retryDelayMs ?? { min: 100, max: 5000 };
    this.retryDelay = this.retry.min;
    this.log = options.logger ?? silent;
  }

  get status(): ProjectorStatus {
    return {
      name: this.options.name,
      state: this.state,
      position: this.position,
      queued: this.queue.length,
      error: this.lastError,
      setAside: this.setAside,
      lastSetAside: this.lastSetAside,
    };
  }

  /** Reads the checkpoint and starts following the log after it. */
  async start(): Promise<void> {
    if (this.state === 'running' || this.state === 'starting') return;
    this.state = 'starting';
    this.lastError = null;
    const generation = ++this.generation;
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
    this.queue = [];
    this.state = 'running';
    this.log.log(`Projector ${this.options.name} starting after position ${String(this.position ?? 'start')}`);
    this.subscribe(generation);
  }

  /** Stops following the log; a batch being committed finishes first. */
  async stop(): Promise<void> {
    this.generation += 1;
    this.unsubscribe();
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.draining;
    this.queue = [];
    if (this.state !== 'failed') this.state = 'stopped';
  }

  /** Drops every view and the checkpoint, then folds the whole log again. */
  async rebuild(): Promise<void> {
    await this.stop();
    await this.options.store.reset(this.options.name, [...this.options.projections.map((projection) => projection.view), SET_ASIDE_VIEW]);
    this.lastSetAside = null;
    this.state = 'stopped';
    await this.start();
  }

  /** Resolves once every event up to `position` is committed to the views. */
  waitFor(position: GlobalPosition, timeoutMs = 30_000): Promise<void> {
    if (this.position !== null && this.position >= position) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Projector ${this.options.name} did not reach ${position} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
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
      while (this.queue.length > 0 && generation === this.generation && this.state === 'running') {
        const batch = this.queue.slice(0, this.batchSize);
        try {
          try {
            await this.apply(batch);
          } catch (error) {
            if (!(error instanceof FoldAgainCarefully)) throw error;
            await this.apply(batch, true);
          }
        } catch (error) {
          if (generation !== this.generation) return;
          if (error instanceof CheckpointConflictError) {
            this.log.warn(`Projector ${this.options.name}: ${error.message}; resuming from the stored checkpoint`);
            this.restartFromStore(generation);
            return;
          }
          if (isTransient(error)) {
            this.scheduleRetry(generation, 'committing a batch', error, () => this.drain(generation));
            return;
          }
          this.fail(error);
          return;
        }
        this.queue.splice(0, batch.length);
        this.retryDelay = this.retry.min;
        if (this.subscription === null && this.retryTimer === null && this.queue.length <= this.maxQueued / 2) {
          this.subscribe(generation); // resume after a pause, from the last event received
        }
      }
    })().finally(() => {
      this.draining = null;
    });
  }

  /**
   * Folds a batch into the documents it touches and commits them with the
   * checkpoint. When a view cannot fold an event, the batch is folded again
   * `carefully`: each document is copied before each event, so the one that
   * fails keeps its state from before that event; the event is set aside for
   * that document (recorded in `set_aside` with its error, in the same commit)
   * and everything else goes on.
   */
  private async apply(batch: readonly RecordedEvent[], carefully = false): Promise<void> {
    const { projections, store, name } = this.options;
    const touched = projections.map((projection) => {
      const ids = new Set<string>();
      for (const event of batch) for (const id of projection.documentIds(event)) ids.add(id);
      return ids;
    });
    const docs = await Promise.all(
      projections.map((projection, i) =>
        touched[i]!.size === 0 ? new Map<string, unknown>() : store.getMany(projection.view, [...touched[i]!]),
      ),
    );
    const changed = projections.map(() => new Map<string, unknown>());
    const setAside: Array<{ id: string; doc: SetAsideDoc }> = [];
    for (const event of batch) {
      projections.forEach((projection, i) => {
        for (const id of projection.documentIds(event)) {
          const current = changed[i]!.has(id) ? changed[i]!.get(id) : (docs[i]!.get(id) ?? null);
          // Views may change their document in place: keep a copy to fall back on.
          const before = carefully ? structuredClone(current ?? null) : null;
          try {
            changed[i]!.set(id, projection.evolve(current ?? null, event, id));
          } catch (error) {
            if (!carefully) throw new FoldAgainCarefully();
            if (before !== null || changed[i]!.has(id)) changed[i]!.set(id, before);
            const problem = new ProjectionError(projection.view, event, error);
            setAside.push({
              id: `${event.id}/${projection.view}/${id}`,
              doc: {
                view: projection.view,
                documentId: id,
                eventId: event.id,
                type: event.type,
                streamId: event.streamId,
                revision: event.revision,
                position: event.position.toString(),
                error: problem.message,
                setAsideAt: new Date().toISOString(),
              },
            });
          }
        }
      });
    }
    const changes: ViewChange[] = setAside.map(({ id, doc }) => ({ view: SET_ASIDE_VIEW, id, doc }));
    projections.forEach((projection, i) => {
      for (const [id, doc] of changed[i]!) changes.push({ view: projection.view, id, doc });
    });
    const last = batch[batch.length - 1]!;
    await store.commit({ changes, checkpoint: { name, position: last.position, expected: this.position } });
    this.position = last.position;
    for (const { doc } of setAside) {
      this.setAside += 1;
      this.lastSetAside = doc.error;
      this.log.error(`Projector ${name}: set aside — ${doc.error}`);
    }
    this.options.onCommit?.({ position: last.position, events: batch.length });
    for (const waiter of this.waiters) {
      if (waiter.position <= last.position) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  private restartFromStore(generation: number): void {
    if (generation !== this.generation) return;
    this.unsubscribe();
    this.queue = [];
    this.state = 'stopped';
    void this.start().catch(() => undefined);
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
        void this.start().catch(() => undefined);
      }
    }, delay);
  }

  private fail(error: unknown): void {
    this.generation += 1;
    this.unsubscribe();
    this.state = 'failed';
    this.lastError = errorMessage(error);
    this.log.error(`Projector ${this.options.name} stopped: ${this.lastError}`);
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
