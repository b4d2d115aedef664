import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import {
  AccessDeniedError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendResult as EsdbAppendResult,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { Subscription } from 'rxjs';
import { DuplicateEventIdError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../../errors';
import type { RecordedEvent } from '../../event-store.port';
import { eventStoreContract, testEvent } from '../../testing/event-store.contract';
import { EsdbEventStore, type EsdbClient } from './esdb-event-store';
import { toGlobalPosition } from './esdb-mapping';

// ---------------------------------------------------------------------------
// The shared contract, against a real server only.
// ---------------------------------------------------------------------------

const serverUrl = process.env.ESDB_TEST_URL;
const describeIfServer = serverUrl ? describe : describe.skip;
if (!serverUrl) console.warn('[skip] EventStoreDB contract suite: ESDB_TEST_URL is not set');

describeIfServer('EventStoreDB contract (set ESDB_TEST_URL to run)', () => {
  if (serverUrl) {
    eventStoreContract('eventstoredb', {
      open: async () => EsdbEventStore.fromConnectionString(serverUrl),
      release: (store) => store.close(),
      // ESDB checks re-sent ids only where the append lands (see EsdbEventStore).
      uniqueEventIds: false,
    });
  } else {
    it('EventStoreDB contract suite (skipped: ESDB_TEST_URL not set)', () => undefined);
  }
});

// ---------------------------------------------------------------------------
// Adapter logic against a fake client: no server needed.
// ---------------------------------------------------------------------------

function esdbEvent(streamId: string, revision: number, position: Position, type = 'TaskAdded', id?: string) {
  return {
    streamId,
    id: id ?? `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`,
    isJson: true as const,
    revision: BigInt(revision),
    type,
    created: new Date('2026-11-26T10:00:00.000Z'),
    data: { n: revision },
    metadata: undefined,
    position,
  };
}

const pos = (commit: number, prepare = commit): Position => ({ commit: BigInt(commit), prepare: BigInt(prepare) });

/** A client read: an object-mode stream of resolved events, or one that fails. */
function fakeRead(items: readonly object[], error?: Error): Readable & { cancel: () => Promise<void> } {
  const stream = error
    ? new Readable({ objectMode: true, read() { this.destroy(error); } })
    : Readable.from(items);
  return Object.assign(stream, { cancel: jest.fn(async () => undefined) });
}

class FakeSubscription extends EventEmitter {
  readonly unsubscribe = jest.fn(async () => undefined);
  deliver(streamId: string, revision: number, position: Position, type = 'TaskAdded'): void {
    const resolved: AllStreamResolvedEvent = { event: esdbEvent(streamId, revision, position, type) };
    this.emit('data', resolved);
  }
}

interface FakeClient {
  readonly subscriptions: FakeSubscription[];
  readonly subscribeOptions: unknown[];
  readonly appendToStream: jest.Mock;
  readonly readStream: jest.Mock;
  readonly readAll: jest.Mock;
  readonly dispose: jest.Mock;
}

function fakeClient(): FakeClient & { asClient: EsdbClient } {
  const fake = {
    subscriptions: [] as FakeSubscription[],
    subscribeOptions: [] as unknown[],
    appendToStream: jest.fn(),
    readStream: jest.fn(),
    readAll: jest.fn(),
    dispose: jest.fn(async () => undefined),
    subscribeToAll: jest.fn((options: unknown) => {
      const subscription = new FakeSubscription();
      fake.subscriptions.push(subscription);
      fake.subscribeOptions.push(options);
      return subscription;
    }),
  };
  // The fake implements only what the adapter calls; the cast stands in for the rest of the client.
  return Object.assign(fake, { asClient: fake as unknown as EsdbClient });
}

describe('EsdbEventStore subscribeAll (fake client)', () => {
  let client: ReturnType<typeof fakeClient>;
  let sut: EsdbEventStore;
  let seen: RecordedEvent[];
  let subscription: Subscription;
  let failure: unknown;

  beforeEach(() => {
    jest.useFakeTimers();
    client = fakeClient();
    sut = new EsdbEventStore({ client: client.asClient, reconnect: { initialDelayMs: 10, maxDelayMs: 40 } });
    seen = [];
    failure = undefined;
  });

  afterEach(async () => {
    subscription?.unsubscribe();
    jest.useRealTimers();
    await sut.close();
  });

  const subscribe = (fromPosition?: bigint): void => {
    subscription = sut.subscribeAll(fromPosition === undefined ? {} : { fromPosition }).subscribe({
      next: (event) => seen.push(event),
      error: (error: unknown) => (failure = error),
    });
  };

  it('resubscribes after a drop from the last delivered position, delivering nothing twice', () => {
    subscribe(toGlobalPosition(pos(5)));
    expect(client.subscribeOptions[0]).toMatchObject({ fromPosition: pos(5) });
    const first = client.subscriptions[0]!;
    first.deliver('task-a', 0, pos(5)); // at fromPosition: must not be delivered
    first.deliver('task-a', 1, pos(10));
    first.deliver('$stats', 0, pos(15), '$statsCollected'); // system: filtered
    first.deliver('task-b', 0, pos(20));

    first.emit('error', new UnavailableError());
    expect(first.unsubscribe).toHaveBeenCalled();
    expect(client.subscriptions).toHaveLength(1);
    jest.advanceTimersByTime(10);
    expect(client.subscriptions).toHaveLength(2);
    expect(client.subscribeOptions[1]).toMatchObject({ fromPosition: pos(20) });

    const second = client.subscriptions[1]!;
    second.deliver('task-b', 0, pos(20)); // overlap with what was delivered
    second.deliver('task-a', 2, pos(30));
    first.deliver('task-z', 0, pos(99)); // the dropped one no longer counts

    expect(seen.map((e) => e.position)).toEqual([pos(10), pos(20), pos(30)].map(toGlobalPosition));
    expect(failure).toBeUndefined();
  });

  it('also resubscribes when the stream ends unasked, backing off 10, 20, 40, 40 ms and resetting after an event', () => {
    subscribe();
    expect(client.subscribeOptions[0]).toMatchObject({ fromPosition: 'start' });
    const waits: number[] = [];
    for (let drop = 0; drop < 4; drop += 1) {
      client.subscriptions[drop]!.emit('end');
      let waited = 0;
      while (client.subscriptions.length === drop + 1) {
        jest.advanceTimersByTime(1);
        waited += 1;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([10, 20, 40, 40]);

    client.subscriptions[4]!.deliver('task-a', 0, pos(7));
    client.subscriptions[4]!.emit('close');
    jest.advanceTimersByTime(10);
    expect(client.subscriptions).toHaveLength(6);
    expect(client.subscribeOptions[5]).toMatchObject({ fromPosition: pos(7) });
  });

  it('passes other errors to the subscriber without resubscribing', () => {
    subscribe();
    const denied = new AccessDeniedError();
    client.subscriptions[0]!.emit('error', denied);
    jest.advanceTimersByTime(1_000);
    expect(failure).toBe(denied);
    expect(client.subscriptions).toHaveLength(1);
    expect(client.subscriptions[0]!.unsubscribe).toHaveBeenCalled();
  });

  it('unsubscribing stops the ESDB subscription and any pending retry', () => {
    subscribe();
    client.subscriptions[0]!.emit('error', new UnavailableError());
    subscription.unsubscribe();
    jest.advanceTimersByTime(1_000);
    expect(client.subscriptions).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);

    subscribe();
    const live = client.subscriptions[1]!;
    subscription.unsubscribe();
    expect(live.unsubscribe).toHaveBeenCalled();
    live.deliver('task-a', 0, pos(3));
    expect(seen).toEqual([]);
  });
});

describe('EsdbEventStore reads and appends (fake client)', () => {
  let client: ReturnType<typeof fakeClient>;
  let sut: EsdbEventStore;

  beforeEach(() => {
    client = fakeClient();
    sut = new EsdbEventStore({ client: client.asClient, pageSize: 3 });
  });

  afterEach(() => sut.close());

  const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
    const out: T[] = [];
    for await (const item of iterable) out.push(item);
    return out;
  };
  const resolved = (event: ReturnType<typeof esdbEvent>): ResolvedEvent => ({ event });

  it('readAll skips the event at fromPosition (ESDB reads inclusively) and system events, pages, and stops at the limit', async () => {
    client.readAll
      .mockReturnValueOnce(
        fakeRead([esdbEvent('task-a', 0, pos(5)), esdbEvent('$stats', 0, pos(6), '$x'), esdbEvent('task-a', 1, pos(7))].map(resolved)),
      )
      .mockReturnValueOnce(fakeRead([esdbEvent('task-a', 1, pos(7)), esdbEvent('task-b', 0, pos(8))].map(resolved)));

    const events = await collect(sut.readAll({ fromPosition: toGlobalPosition(pos(5)) }));
    expect(events.map((e) => e.position)).toEqual([toGlobalPosition(pos(7)), toGlobalPosition(pos(8))]);
    expect(client.readAll.mock.calls[0][0]).toMatchObject({ fromPosition: pos(5), direction: 'forwards', maxCount: 3 });
    expect(client.readAll.mock.calls[1][0]).toMatchObject({ fromPosition: pos(7) });

    client.readAll.mockReturnValueOnce(fakeRead([esdbEvent('task-a', 0, pos(5)), esdbEvent('task-a', 1, pos(7))].map(resolved)));
    expect(await collect(sut.readAll({ limit: 1 }))).toHaveLength(1);
  });

  it('readStream of a missing stream yields nothing', async () => {
    client.readStream.mockReturnValueOnce(fakeRead([], new StreamNotFoundError(undefined, 'task-x')));
    expect(await collect(sut.readStream('task-x'))).toEqual([]);
  });

  it('headPosition pages backwards past system events', async () => {
    client.readAll.mockReturnValueOnce(
      fakeRead([esdbEvent('$stats', 3, pos(9), '$s'), esdbEvent('task-a', 4, pos(8))].map(resolved)),
    );
    expect(await sut.headPosition()).toBe(toGlobalPosition(pos(8)));
    client.readAll.mockReturnValueOnce(fakeRead([]));
    expect(await sut.headPosition()).toBeNull();
  });

  it('append answers with the position of the last event as read back, not the one ESDB returns', async () => {
    const events = [testEvent(1), testEvent(2)];
    const result: EsdbAppendResult = { success: true, nextExpectedRevision: 1n, position: pos(100) };
    client.appendToStream.mockResolvedValueOnce(result);
    client.readStream.mockReturnValueOnce(
      fakeRead([esdbEvent('task-a', 0, pos(100, 80), 'TaskAdded', events[0]!.id), esdbEvent('task-a', 1, pos(100, 90), 'TaskAdded', events[1]!.id)].map(resolved)),
    );
    await expect(sut.append('task-a', events, { expectedRevision: 'no_stream' })).resolves.toEqual({
      nextExpectedRevision: 1,
      position: toGlobalPosition(pos(100, 90)),
    });
    expect(client.appendToStream.mock.calls[0][2]).toEqual({ expectedRevision: 'no_stream' });
    expect(client.appendToStream.mock.calls[0][1][0]).toMatchObject({ id: events[0]!.id, contentType: 'application/json' });
  });

  it('append turns ESDB conflicts into ours, and partial id matches into DuplicateEventIdError', async () => {
    const wev = (current: bigint | 'no_stream', expected: bigint | 'any') =>
      new WrongExpectedVersionError(undefined, { streamName: 'task-a', expected, current });

    client.appendToStream.mockRejectedValueOnce(wev(3n, 'any'));
    await expect(sut.append('task-a', [testEvent(1)], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
      DuplicateEventIdError,
    );

    const clash = testEvent(2);
    client.appendToStream.mockRejectedValueOnce(wev(2n, 0n));
    client.readStream.mockReturnValueOnce(
      fakeRead([esdbEvent('task-a', 1, pos(10), 'TaskAdded', clash.id), esdbEvent('task-a', 2, pos(11))].map(resolved)),
    );
    await expect(sut.append('task-a', [clash, testEvent(3)], { expectedRevision: 0 })).rejects.toBeInstanceOf(
      DuplicateEventIdError,
    );

    client.appendToStream.mockRejectedValueOnce(wev(2n, 0n));
    client.readStream.mockReturnValueOnce(fakeRead([esdbEvent('task-a', 1, pos(10))].map(resolved)));
    const error = await sut.append('task-a', [testEvent(4)], { expectedRevision: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ stream: 'task-a', expectedRevision: 0, actualRevision: 2 });
  });

  it('append maps an unreachable server to EventStoreUnavailableError', async () => {
    client.appendToStream.mockRejectedValueOnce(new UnavailableError());
    await expect(sut.append('task-a', [testEvent(1)], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
  });
});
