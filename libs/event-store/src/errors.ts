import type { ExpectedRevision, StreamRevision } from './event-store.port';

export type EventStoreErrorCode =
  | 'wrong-expected-revision'
  | 'duplicate-event-id'
  | 'invalid-append'
  | 'store-unavailable';

/** Base of every error the event store port throws. */
export abstract class EventStoreError extends Error {
  abstract readonly code: EventStoreErrorCode;
}

/**
 * The stream was not where the writer expected. `actualRevision` is the revision
 * of its last event, or `'no_stream'` when it has none.
 */
export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'wrong-expected-revision' as const;
  constructor(
    readonly stream: string,
    readonly expectedRevision: ExpectedRevision,
    readonly actualRevision: StreamRevision | 'no_stream',
  ) {
    super(
      `Stream ${stream} is at ${String(actualRevision)}, but the append expected ${String(expectedRevision)}`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An event id is already stored, somewhere other than this exact append would put it. */
export class DuplicateEventIdError extends EventStoreError {
  readonly code = 'duplicate-event-id' as const;
  constructor(
    readonly stream: string,
    readonly eventId: string,
  ) {
    super(`Event ${eventId} is already stored elsewhere; it cannot be appended to ${stream}`);
    this.name = 'DuplicateEventIdError';
  }
}

/** The append itself is malformed (no events, an empty stream name, a bad id). */
export class InvalidAppendError extends EventStoreError {
  readonly code = 'invalid-append' as const;
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}

/** The store cannot take the request now (unreachable, disk full, read-only). Safe to retry. */
export class EventStoreUnavailableError extends EventStoreError {
  readonly code = 'store-unavailable' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}
