import {
  ANY as ESDB_ANY,
  CancelledError,
  DeadlineExceededError,
  NO_STREAM as ESDB_NO_STREAM,
  NotLeaderError,
  STREAM_EXISTS as ESDB_STREAM_EXISTS,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type CurrentRevision,
  type Position,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import { EventStoreError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../../errors';
import type {
  EventMetadata,
  ExpectedRevision,
  GlobalPosition,
  RecordedEvent,
  StreamRevision,
} from '../../event-store.port';

/*
 * Pure translations between the EventStoreDB client's shapes and the port's.
 * No I/O here, so all of it is unit-tested without a server.
 */

const SHIFT = 64n;
const HALF_MASK = (1n << SHIFT) - 1n;
/** ESDB positions are signed 64-bit on the server, so both halves are below 2^63. */
const MAX_HALF = (1n << 63n) - 1n;

/**
 * Packs an ESDB `$all` position into one bigint: `(commit << 64) | prepare`.
 * ESDB orders `$all` by commit, then prepare; the packing keeps that order
 * under `<`, since prepare always fits in the low 64 bits.
 */
export function toGlobalPosition(position: Position): GlobalPosition {
  const { commit, prepare } = position;
  if (commit < 0n || prepare < 0n || commit > MAX_HALF || prepare > MAX_HALF) {
    throw new RangeError(`ESDB position out of range: commit ${commit}, prepare ${prepare}`);
  }
  return (commit << SHIFT) | prepare;
}

/** The inverse of `toGlobalPosition`. */
export function fromGlobalPosition(position: GlobalPosition): Position {
  if (position < 0n || position >> SHIFT > MAX_HALF) {
    throw new RangeError(`Not a packed ESDB position: ${position}`);
  }
  return { commit: position >> SHIFT, prepare: position & HALF_MASK };
}

/** Our expected revision as the client's. */
export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ESDB_ANY;
    case 'no_stream':
      return ESDB_NO_STREAM;
    case 'stream_exists':
      return ESDB_STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

/** The client's expected revision as ours (for errors raised without our own value at hand). */
export function fromEsdbExpectedRevision(expected: AppendExpectedRevision): ExpectedRevision {
  return typeof expected === 'bigint' ? Number(expected) : expected;
}

/** ESDB's current revision (`bigint` or `'no_stream'`) as ours. */
export function fromEsdbCurrentRevision(current: CurrentRevision): StreamRevision | 'no_stream' {
  return typeof current === 'bigint' ? Number(current) : 'no_stream';
}

/** gRPC status codes that mean "the server cannot take the call now" (UNAVAILABLE, DEADLINE_EXCEEDED). */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

/**
 * Whether an error from the client means the store is unreachable or not
 * ready, so that retrying later is right.
 *
 * - `CancelledError`: the client itself drops "Cancelled on client" errors
 *   (see `isClientCancellationError` in the client's `Subscription` and
 *   `ReadStream`), so our own `unsubscribe()`/`cancel()` never surfaces as one.
 *   A `CancelledError` that does reach us is the server cancelling a long call
 *   (shutdown, leader change), which the client itself treats as "reconnect".
 * - `TimeoutError` is the server's ABORTED (a commit or prepare timed out),
 *   `NotLeaderError` a write sent to a follower: both retryable.
 */
export function isUnavailableError(error: unknown): boolean {
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof NotLeaderError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError
  ) {
    return true;
  }
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && (code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED);
}

/** A missing stream, which `readStream` answers with nothing rather than an error. */
export function isStreamNotFound(error: unknown): error is StreamNotFoundError {
  return error instanceof StreamNotFoundError;
}

export interface MapErrorContext {
  /** The stream the call was about; defaults to the one the error names. */
  readonly stream?: string;
  /** Our expected revision, so that the error carries exactly what the caller passed. */
  readonly expectedRevision?: ExpectedRevision;
}

/**
 * Translates a client error into the port's errors. Errors that are already
 * ours, and anything not recognised (access denied, stream deleted, bugs),
 * pass through unchanged. `StreamNotFoundError` also passes through: only
 * `readStream` gives it a meaning (an empty stream), see `isStreamNotFound`.
 */
export function mapEsdbError(error: unknown, context: MapErrorContext = {}): unknown {
  if (error instanceof EventStoreError) return error;
  if (error instanceof WrongExpectedVersionError) {
    return new WrongExpectedRevisionError(
      context.stream ?? error.streamName,
      context.expectedRevision ?? fromEsdbExpectedRevision(error.expectedVersion),
      fromEsdbCurrentRevision(error.actualVersion),
    );
  }
  if (isUnavailableError(error)) {
    const detail = error instanceof Error && error.message !== '' ? `: ${error.message}` : '';
    return new EventStoreUnavailableError(`EventStoreDB is unavailable${detail}`, { cause: error });
  }
  return error;
}

/** Whether an event belongs to ESDB itself: `$`-prefixed type or stream (metadata, stats, projections, links). */
export function isSystemEvent(event: { readonly type: string; readonly streamId: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

function toMetadata(metadata: unknown): EventMetadata {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata) || metadata instanceof Uint8Array) {
    return {};
  }
  return metadata as EventMetadata;
}

/**
 * An ESDB recorded event as ours. `fallbackPosition` serves reads where the
 * server sends no position (stream reads from servers before 22.6); without
 * either, the event cannot be placed in the global log and this throws.
 */
export function toRecordedEvent(event: EsdbRecordedEvent, fallbackPosition?: GlobalPosition): RecordedEvent {
  const position = event.position !== undefined ? toGlobalPosition(event.position) : fallbackPosition;
  if (position === undefined) {
    throw new Error(`EventStoreDB sent event ${event.id} of ${event.streamId} without a position (server older than 22.6?)`);
  }
  return {
    id: event.id.toLowerCase(),
    type: event.type,
    data: event.data,
    metadata: toMetadata(event.metadata),
    streamId: event.streamId,
    revision: Number(event.revision),
    position,
    recordedAt: event.created.toISOString(),
  };
}
