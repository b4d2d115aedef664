import type { Observable } from 'rxjs';
import type { DomainEvent } from '@app/domain';

/** 0-based number of an event within its stream. */
export type StreamRevision = number;

/**
 * Place of an event in the global log. Totally ordered across all streams
 * (compare with `<`), opaque otherwise: the embedded store counts 1, 2, 3…;
 * EventStoreDB packs its (commit, prepare) pair into one bigint.
 */
export type GlobalPosition = bigint;

export const START = 'start' as const;
export const NO_STREAM = 'no_stream' as const;
export const STREAM_EXISTS = 'stream_exists' as const;
export const ANY = 'any' as const;

/**
 * What the writer believes about the stream: exactly at this revision, not yet
 * written, written to at least once, or anything at all.
 */
export type ExpectedRevision = StreamRevision | typeof NO_STREAM | typeof STREAM_EXISTS | typeof ANY;

/** Who did it, in which role. */
export interface Actor {
  readonly id: string;
  readonly role: string;
}

/** What every event carries beside its data. Adapters keep unknown keys as they are. */
export interface EventMetadata {
  readonly actor?: Actor;
  /** Id of the command that produced the event (idempotency). */
  readonly commandId?: string;
  /** Id shared by everything one user action set in motion. */
  readonly correlationId?: string;
  /** Id of the message (command or event) that directly caused this one. */
  readonly causationId?: string;
  /** When it happened in the domain (ISO-8601 UTC), as the command said. */
  readonly occurredAt?: string;
  readonly [key: string]: unknown;
}

/** An event to append. `id` is a UUID chosen by the writer, which makes re-sending safe. */
export type NewEvent<E extends DomainEvent = DomainEvent> = E extends DomainEvent
  ? {
      readonly id: string;
      readonly type: E['type'];
      readonly data: E['data'];
      readonly metadata?: EventMetadata;
    }
  : never;

/** An event as stored. */
export type RecordedEvent<E extends DomainEvent = DomainEvent> = E extends DomainEvent
  ? {
      readonly id: string;
      readonly type: E['type'];
      readonly data: E['data'];
      readonly metadata: EventMetadata;
      readonly streamId: string;
      readonly revision: StreamRevision;
      readonly position: GlobalPosition;
      /** When the store wrote it (ISO-8601 UTC). */
      readonly recordedAt: string;
    }
  : never;

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event now in the stream: pass it as the next expected revision. */
  readonly nextExpectedRevision: StreamRevision;
  /** Global position of the last event written by this append. */
  readonly position: GlobalPosition;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** First revision to read (inclusive). Defaults to the start (forwards) or the end (backwards). */
  readonly from?: StreamRevision;
  /** Last revision to read (inclusive), in the direction of reading. */
  readonly to?: StreamRevision;
  readonly direction?: ReadDirection;
  readonly limit?: number;
}

export interface ReadAllOptions {
  /** Read the events strictly after this position; `START` (the default) reads from the first. */
  readonly fromPosition?: GlobalPosition | typeof START;
  readonly limit?: number;
}

export interface SubscribeAllOptions {
  /** Deliver the events strictly after this position; `START` (the default) delivers all. */
  readonly fromPosition?: GlobalPosition | typeof START;
}

/**
 * The event store: the one source of truth. Streams are appended to with
 * optimistic concurrency; the global log orders every event of every stream.
 */
export interface EventStore {
  /**
   * Appends events to a stream atomically. Throws `WrongExpectedRevisionError`
   * when the stream is not where `expectedRevision` says. Re-sending events whose
   * ids are already stored at that place writes nothing and returns the first result.
   */
  append<E extends DomainEvent>(
    stream: string,
    events: readonly NewEvent<E>[],
    options: AppendOptions,
  ): Promise<AppendResult>;

  /** The events of one stream, in revision order (or reverse). A missing stream yields nothing. */
  readStream<E extends DomainEvent = DomainEvent>(
    stream: string,
    options?: ReadStreamOptions,
  ): AsyncIterable<RecordedEvent<E>>;

  /** Every event of every stream, in global order. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;

  /**
   * Catches up from `fromPosition`, then goes live: every event exactly once, in
   * global order, with no gap at the switch. Unsubscribing ends it and frees what it held.
   */
  subscribeAll(options?: SubscribeAllOptions): Observable<RecordedEvent>;

  /** Position of the last event in the log, `null` when the log is empty. */
  headPosition(): Promise<GlobalPosition | null>;

  /** Throws when the store cannot be reached (readiness). */
  ping(): Promise<void>;

  /** Finishes appends in flight, then releases the store. */
  close(): Promise<void>;
}

/** Dependency-injection token for the `EventStore` port. */
export const EVENT_STORE = Symbol('EVENT_STORE');
