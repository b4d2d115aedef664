import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
  type Position,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import { DuplicateEventIdError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../../errors';
import {
  fromGlobalPosition,
  isStreamNotFound,
  isSystemEvent,
  mapEsdbError,
  toEsdbExpectedRevision,
  toGlobalPosition,
  toRecordedEvent,
} from './esdb-mapping';

const MAX = (1n << 63n) - 1n;

describe('ESDB position packing', () => {
  it.each<[string, Position]>([
    ['zero', { commit: 0n, prepare: 0n }],
    ['a typical position', { commit: 1_234_567n, prepare: 1_234_000n }],
    ['the largest halves', { commit: MAX, prepare: MAX }],
    ['large commit, small prepare', { commit: MAX, prepare: 1n }],
    ['small commit, large prepare', { commit: 1n, prepare: MAX }],
  ])('round-trips %s', (_, position) => {
    const sut = toGlobalPosition(position);
    expect(fromGlobalPosition(sut)).toEqual(position);
  });

  it('orders by commit first, then prepare', () => {
    const positions: Position[] = [
      { commit: 0n, prepare: 0n },
      { commit: 0n, prepare: MAX },
      { commit: 1n, prepare: 0n },
      { commit: 1n, prepare: 5n },
      { commit: 2n, prepare: 1n },
      { commit: MAX - 1n, prepare: MAX },
      { commit: MAX, prepare: 0n },
      { commit: MAX, prepare: MAX },
    ];
    const packed = positions.map(toGlobalPosition);
    for (let i = 1; i < packed.length; i += 1) expect(packed[i - 1]! < packed[i]!).toBe(true);
    const shuffled = [...packed].reverse().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(shuffled).toEqual(packed);
  });

  it('refuses halves outside 0..2^63-1 and values that are not packed positions', () => {
    expect(() => toGlobalPosition({ commit: MAX + 1n, prepare: 0n })).toThrow(RangeError);
    expect(() => toGlobalPosition({ commit: 0n, prepare: -1n })).toThrow(RangeError);
    expect(() => fromGlobalPosition(-1n)).toThrow(RangeError);
    expect(() => fromGlobalPosition(1n << 127n)).toThrow(RangeError);
  });
});

describe('expected revision mapping', () => {
  it.each([
    ['any', 'any'],
    ['no_stream', 'no_stream'],
    ['stream_exists', 'stream_exists'],
    [0, 0n],
    [41, 41n],
  ] as const)('maps %p to %p', (ours, theirs) => {
    expect(toEsdbExpectedRevision(ours)).toBe(theirs);
  });
});

describe('mapEsdbError', () => {
  it('maps WrongExpectedVersion to WrongExpectedRevisionError with the actual revision', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'task-1', expected: 0n, current: 1n });
    const sut = mapEsdbError(error, { stream: 'task-1', expectedRevision: 0 });
    expect(sut).toBeInstanceOf(WrongExpectedRevisionError);
    expect(sut).toMatchObject({ stream: 'task-1', expectedRevision: 0, actualRevision: 1 });
  });

  it('maps a missing stream to no_stream, and takes stream and expectation from the error when not given', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'task-2', expected: 4n, current: 'no_stream' });
    expect(mapEsdbError(error)).toMatchObject({ stream: 'task-2', expectedRevision: 4, actualRevision: 'no_stream' });
    const exists = new WrongExpectedVersionError(undefined, {
      streamName: 'task-3',
      expected: 'stream_exists',
      current: 'no_stream',
    });
    expect(mapEsdbError(exists)).toMatchObject({ expectedRevision: 'stream_exists', actualRevision: 'no_stream' });
  });

  it.each([
    ['UnavailableError', new UnavailableError()],
    ['DeadlineExceededError', new DeadlineExceededError()],
    ['TimeoutError', new TimeoutError()],
    ['CancelledError (server side; the client swallows its own cancellations)', new CancelledError()],
    ['a raw gRPC UNAVAILABLE', Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 })],
  ])('maps %s to EventStoreUnavailableError', (_, error) => {
    const sut = mapEsdbError(error);
    expect(sut).toBeInstanceOf(EventStoreUnavailableError);
    expect((sut as EventStoreUnavailableError).cause).toBe(error);
  });

  it('passes everything else through unchanged', () => {
    const denied = new AccessDeniedError();
    const unknown = new UnknownError();
    const notFound = new StreamNotFoundError(undefined, 'task-4');
    const plain = new Error('boom');
    const ours = new DuplicateEventIdError('s', 'id');
    for (const error of [denied, unknown, notFound, plain, ours, 'a string']) expect(mapEsdbError(error)).toBe(error);
  });

  it('recognises a missing stream', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'task-5'))).toBe(true);
    expect(isStreamNotFound(new UnavailableError())).toBe(false);
  });
});

describe('recorded event mapping', () => {
  const base = {
    streamId: 'task-9',
    id: 'A0E1B2C3-D4E5-4F60-8172-839405A6B7C8',
    isJson: true as const,
    revision: 3n,
    type: 'TaskAdded',
    created: new Date('2026-11-26T10:00:00.123Z'),
    data: { title: 'Write the adapter' },
    metadata: { correlationId: 'c-1', actor: { id: 'u-1', role: 'manager' } },
    position: { commit: 1000n, prepare: 900n },
  };

  it('maps every field, packing the position and lower-casing the id', () => {
    const sut = toRecordedEvent(base as EsdbRecordedEvent);
    expect(sut).toEqual({
      id: 'a0e1b2c3-d4e5-4f60-8172-839405a6b7c8',
      type: 'TaskAdded',
      data: { title: 'Write the adapter' },
      metadata: { correlationId: 'c-1', actor: { id: 'u-1', role: 'manager' } },
      streamId: 'task-9',
      revision: 3,
      position: (1000n << 64n) | 900n,
      recordedAt: '2026-11-26T10:00:00.123Z',
    });
  });

  it('defaults metadata to an empty object when absent or not a JSON object', () => {
    for (const metadata of [undefined, new Uint8Array([1, 2]), ['a'], 'text']) {
      expect(toRecordedEvent({ ...base, metadata } as EsdbRecordedEvent).metadata).toEqual({});
    }
  });

  it('uses the fallback position when the server sends none, and refuses an event it cannot place', () => {
    const { position: _, ...withoutPosition } = base;
    expect(toRecordedEvent(withoutPosition as EsdbRecordedEvent, 7n).position).toBe(7n);
    expect(() => toRecordedEvent(withoutPosition as EsdbRecordedEvent)).toThrow(/without a position/);
  });

  it('tells system events by a $ type or a $ stream', () => {
    expect(isSystemEvent({ type: '$metadata', streamId: 'task-1' })).toBe(true);
    expect(isSystemEvent({ type: 'TaskAdded', streamId: '$$task-1' })).toBe(true);
    expect(isSystemEvent({ type: 'TaskAdded', streamId: 'task-1' })).toBe(false);
  });
});
