import type { GlobalPosition } from '@app/event-store';

/** One document written by a batch: `doc: null` deletes it. */
export interface ViewChange {
  readonly view: string;
  readonly id: string;
  readonly doc: unknown;
}

export interface CheckpointUpdate {
  /** Which follower of the log this checkpoint belongs to (a projector, a view group). */
  readonly name: string;
  /** The position of the last event the batch folded in. */
  readonly position: GlobalPosition;
  /**
   * The checkpoint the writer started the batch from (`null`: none yet). The
   * commit is refused when the stored one differs: a batch is applied at most once,
   * and two writers never interleave.
   */
  readonly expected: GlobalPosition | null;
  /**
   * The lease the writer holds (one active projector per view group): the
   * commit is refused with `LeaseLostError`, writing nothing, unless `holder`
   * holds the lease `name` and it has not expired. The holder is recorded
   * with the checkpoint.
   */
  readonly lease?: LeaseRef;
}

/** A lease and who claims to hold it. */
export interface LeaseRef {
  readonly name: string;
  readonly holder: string;
}

export interface LeaseRequest extends LeaseRef {
  /** How long the lease runs from now unless renewed (ms). */
  readonly ttlMs: number;
  /**
   * Take it even from another holder whose lease runs (a rebuild): that
   * holder's next commit or renewal is refused, and it stands by.
   */
  readonly preempt?: boolean;
}

/** A lease as stored. */
export interface Lease {
  readonly name: string;
  readonly holder: string;
  /** When the current holder took it. */
  readonly acquiredAt: Date;
  /** When it runs out unless its holder renews it. */
  readonly expiresAt: Date;
}

export interface ViewBatch {
  readonly changes: readonly ViewChange[];
  readonly checkpoint: CheckpointUpdate;
}

export interface ListOptions {
  /** Documents whose id sorts after this one (paging). */
  readonly afterId?: string;
  readonly limit?: number;
}

/**
 * Where views live. Documents are JSON values addressed by (view, id); a batch
 * of changes and the checkpoint that produced it are written in one atomic step.
 */
export interface ReadStore {
  get<T = unknown>(view: string, id: string): Promise<T | null>;
  getMany<T = unknown>(view: string, ids: readonly string[]): Promise<Map<string, T>>;
  /** Documents of a view ordered by id. */
  list<T = unknown>(view: string, options?: ListOptions): Promise<Array<{ id: string; doc: T }>>;
  count(view: string): Promise<number>;
  /** Writes every change and moves the checkpoint, all or nothing. */
  commit(batch: ViewBatch): Promise<void>;
  /**
   * Stores `doc` under (view, id) unless a document is there already — atomically,
   * so of many concurrent callers exactly one gets `true`. For operational records
   * (idempotency keys), not for projected views.
   */
  insertIfAbsent(view: string, id: string, doc: unknown): Promise<boolean>;
  /** Writes one document (`null` deletes it), outside any projection batch. */
  put(view: string, id: string, doc: unknown): Promise<void>;
  getCheckpoint(name: string): Promise<GlobalPosition | null>;
  /**
   * Takes the lease for `holder`, or renews it when `holder` has it already,
   * unless another holder's lease has not expired — atomically, so of many
   * concurrent callers at most one holds it. True when `holder` now holds it
   * for `ttlMs` from now. Leases are measured on the store's side of a
   * commit: the callers' clocks must agree to well within a lease's length.
   */
  acquireLease(request: LeaseRequest): Promise<boolean>;
  /** Gives the lease up if `holder` has it, so another may take it at once. */
  releaseLease(lease: LeaseRef): Promise<void>;
  getLease(name: string): Promise<Lease | null>;
  /** Removes every document of `views` and the checkpoint `name`, all or nothing (rebuild). */
  reset(name: string, views: readonly string[]): Promise<void>;
  /** Throws when the store cannot be reached (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const READ_STORE = Symbol('READ_STORE');

/** The stored checkpoint is not the one the batch started from. Nothing was written. */
export class CheckpointConflictError extends Error {
  constructor(
    readonly checkpoint: string,
    readonly expected: GlobalPosition | null,
    readonly actual: GlobalPosition | null,
  ) {
    super(`Checkpoint ${checkpoint} is at ${String(actual)}, the batch expected ${String(expected)}`);
    this.name = 'CheckpointConflictError';
  }
}

/** The commit's writer does not hold its lease (any more): another writer may. Nothing was written. */
export class LeaseLostError extends Error {
  constructor(
    readonly lease: string,
    readonly holder: string,
    readonly current: string | null,
  ) {
    super(`${holder} does not hold the lease ${lease}${current === null ? '' : ` (${current} does)`}`);
    this.name = 'LeaseLostError';
  }
}

/** The read store cannot take the request now. Safe to retry. */
export class ReadStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReadStoreUnavailableError';
  }
}

export const VIEW_NAME = /^[a-z][a-z0-9_-]{0,63}$/;

/** View names become table keys or collection names: keep them to a safe alphabet. */
export function assertViewName(view: string): void {
  if (!VIEW_NAME.test(view)) throw new RangeError(`Invalid view name: ${JSON.stringify(view)}`);
}
