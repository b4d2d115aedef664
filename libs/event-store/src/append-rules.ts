import { InvalidAppendError, WrongExpectedRevisionError } from './errors';
import type { ExpectedRevision, NewEvent, StreamRevision } from './event-store.port';
import type { DomainEvent } from '@app/domain';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_STREAM_NAME_LENGTH = 256;
export const MAX_EVENTS_PER_APPEND = 10_000;

/** Checks the shape of an append before any adapter touches storage. */
export function validateAppend(
  stream: string,
  events: readonly NewEvent<DomainEvent>[],
  expected: ExpectedRevision,
): void {
  if (typeof stream !== 'string' || stream.length === 0 || stream.length > MAX_STREAM_NAME_LENGTH) {
    throw new InvalidAppendError(`A stream name must be 1 to ${MAX_STREAM_NAME_LENGTH} characters`);
  }
  if (stream.startsWith('$')) throw new InvalidAppendError('Stream names starting with $ are reserved');
  if (events.length === 0) throw new InvalidAppendError('An append needs at least one event');
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new InvalidAppendError(`An append takes at most ${MAX_EVENTS_PER_APPEND} events`);
  }
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new InvalidAppendError(`Expected revision must be a non-negative integer, got ${expected}`);
  }
  const ids = events.length > 1 ? new Set<string>() : null;
  for (const event of events) {
    if (!UUID.test(event.id)) throw new InvalidAppendError(`Event id ${String(event.id)} is not a UUID`);
    if (typeof event.type !== 'string' || event.type.length === 0 || event.type.length > 128) {
      throw new InvalidAppendError('An event type must be 1 to 128 characters');
    }
    if (ids === null) continue;
    const id = event.id.toLowerCase();
    if (ids.has(id)) throw new InvalidAppendError(`Event id ${event.id} appears twice in one append`);
    ids.add(id);
  }
}

/** Throws unless a stream whose last revision is `actual` (-1: none) satisfies `expected`. */
export function checkExpectedRevision(
  stream: string,
  expected: ExpectedRevision,
  actual: StreamRevision | -1,
): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === -1) ||
    (expected === 'stream_exists' && actual >= 0) ||
    expected === actual;
  if (!ok) throw new WrongExpectedRevisionError(stream, expected, actual === -1 ? 'no_stream' : actual);
}

/**
 * Whether re-sent events found at revisions `firstRevision..` of the stream are
 * "at the place" this append names, so that it is an idempotent repeat.
 */
export function isSamePlace(expected: ExpectedRevision, firstRevision: StreamRevision): boolean {
  if (expected === 'any' || expected === 'stream_exists') return true;
  if (expected === 'no_stream') return firstRevision === 0;
  return firstRevision === expected + 1;
}
