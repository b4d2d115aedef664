import { randomUUID } from 'node:crypto';
import { firstValueFrom, filter, take, toArray, type Subscription } from 'rxjs';
import type { DomainEvent } from '@app/domain';
import { DuplicateEventIdError, InvalidAppendError, WrongExpectedRevisionError } from '../errors';
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  type EventStore,
  type GlobalPosition,
  type NewEvent,
  type RecordedEvent,
} from '../event-store.port';

/**
 * The contract every `EventStore` adapter passes. Each test writes to streams
 * of its own (a fresh id per test) and reads the global log only from the head
 * it saw before it started, so the suite also runs against a shared server.
 */
export interface EventStoreContractHarness {
  /** A store to test against; called once per test. */
  open(): Promise<EventStore>;
  /** Called after each test with the store `open` returned. */
  release(store: EventStore): Promise<void>;
  /**
   * Whether the store refuses an event id already stored anywhere (default true).
   * EventStoreDB checks re-sent ids only at the place of the append, so it says false.
   */
  readonly uniqueEventIds?: boolean;
}

type TestEvent =
  | DomainEvent<'TaskAdded', { title: string; n: number }>
  | DomainEvent<'TaskRenamed', { title: string }>;

export function testEvent(n: number, metadata: NewEvent['metadata'] = {}): NewEvent<TestEvent> {
  return { id: randomUUID(), type: 'TaskAdded', data: { title: `Task ${n}`, n }, metadata };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

function ownEvents(events: RecordedEvent[], prefix: string): RecordedEvent[] {
  return events.filter((event) => event.streamId.startsWith(prefix));
}

export function eventStoreContract(name: string, harness: EventStoreContractHarness): void {
  describe(`EventStore contract: ${name}`, () => {
    let sut: EventStore;
    let prefix: string;
    let head: GlobalPosition | 'start';
    const stream = (suffix: string): string => `${prefix}${suffix}`;

    beforeEach(async () => {
      sut = await harness.open();
      prefix = `test_${randomUUID().replace(/-/g, '')}-`;
      head = (await sut.headPosition()) ?? 'start';
    });

    afterEach(async () => {
      await harness.release(sut);
    });

    describe('append', () => {
      it('writes a new stream from revision 0 with increasing global positions', async () => {
        const events = [testEvent(1), testEvent(2), testEvent(3)];
        const result = await sut.append(stream('a'), events, { expectedRevision: NO_STREAM });

        expect(result.nextExpectedRevision).toBe(2);
        const stored = await collect(sut.readStream(stream('a')));
        expect(stored.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(stored.map((e) => e.id)).toEqual(events.map((e) => e.id));
        expect(stored.map((e) => e.data)).toEqual(events.map((e) => e.data));
        expect(stored[0]!.position < stored[1]!.position).toBe(true);
        expect(stored[1]!.position < stored[2]!.position).toBe(true);
        expect(result.position).toBe(stored[2]!.position);
      });

      it('continues a stream at the exact expected revision', async () => {
        await sut.append(stream('a'), [testEvent(1)], { expectedRevision: NO_STREAM });
        const result = await sut.append(stream('a'), [testEvent(2), testEvent(3)], { expectedRevision: 0 });
        expect(result.nextExpectedRevision).toBe(2);
      });

      it('refuses a stale exact revision with the actual revision', async () => {
        await sut.append(stream('a'), [testEvent(1), testEvent(2)], { expectedRevision: NO_STREAM });
        const error = await sut.append(stream('a'), [testEvent(3)], { expectedRevision: 0 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ stream: stream('a'), expectedRevision: 0, actualRevision: 1 });
        expect(await collect(sut.readStream(stream('a')))).toHaveLength(2);
      });

      it('refuses an exact revision on a stream that does not exist', async () => {
        const error = await sut.append(stream('a'), [testEvent(1)], { expectedRevision: 4 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ actualRevision: 'no_stream' });
      });

      it('honours no_stream, stream_exists and any', async () => {
        await expect(
          sut.append(stream('a'), [testEvent(1)], { expectedRevision: STREAM_EXISTS }),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await sut.append(stream('a'), [testEvent(1)], { expectedRevision: NO_STREAM });
        await expect(
          sut.append(stream('a'), [testEvent(2)], { expectedRevision: NO_STREAM }),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await sut.append(stream('a'), [testEvent(2)], { expectedRevision: STREAM_EXISTS });
        await sut.append(stream('a'), [testEvent(3)], { expectedRevision: ANY });
        await sut.append(stream('b'), [testEvent(1)], { expectedRevision: ANY });
        expect(await collect(sut.readStream(stream('a')))).toHaveLength(3);
        expect(await collect(sut.readStream(stream('b')))).toHaveLength(1);
      });

      it('refuses malformed appends before writing anything', async () => {
        await expect(sut.append(stream('a'), [], { expectedRevision: ANY })).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(
          sut.append(stream('a'), [{ ...testEvent(1), id: 'not-a-uuid' }], { expectedRevision: ANY }),
        ).rejects.toBeInstanceOf(InvalidAppendError);
        const twice = testEvent(1);
        await expect(sut.append(stream('a'), [twice, twice], { expectedRevision: ANY })).rejects.toBeInstanceOf(
          InvalidAppendError,
        );
        await expect(sut.append('', [testEvent(1)], { expectedRevision: ANY })).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(sut.append(stream('a'), [testEvent(1)], { expectedRevision: -3 })).rejects.toBeInstanceOf(
          InvalidAppendError,
        );
        expect(await collect(sut.readStream(stream('a')))).toHaveLength(0);
      });
    });

    describe('idempotent append', () => {
      it('answers a re-sent append with the first result and stores nothing twice', async () => {
        const events = [testEvent(1), testEvent(2)];
        const first = await sut.append(stream('a'), events, { expectedRevision: NO_STREAM });
        const again = await sut.append(stream('a'), events, { expectedRevision: NO_STREAM });
        expect(again).toEqual(first);
        const viaAny = await sut.append(stream('a'), events, { expectedRevision: ANY });
        expect(viaAny).toEqual(first);
        expect(await collect(sut.readStream(stream('a')))).toHaveLength(2);
      });

      it('recognises a re-send at an exact revision after the stream moved on', async () => {
        await sut.append(stream('a'), [testEvent(1)], { expectedRevision: NO_STREAM });
        const second = [testEvent(2)];
        const first = await sut.append(stream('a'), second, { expectedRevision: 0 });
        await sut.append(stream('a'), [testEvent(3)], { expectedRevision: 1 });
        await expect(sut.append(stream('a'), second, { expectedRevision: 0 })).resolves.toEqual(first);
        expect(await collect(sut.readStream(stream('a')))).toHaveLength(3);
      });

      const itIfUniqueIds = harness.uniqueEventIds === false ? it.skip : it;
      itIfUniqueIds('refuses ids already stored at another place', async () => {
        const event = testEvent(1);
        await sut.append(stream('a'), [event], { expectedRevision: NO_STREAM });
        await expect(sut.append(stream('b'), [event], { expectedRevision: ANY })).rejects.toBeInstanceOf(
          DuplicateEventIdError,
        );
        await expect(
          sut.append(stream('a'), [testEvent(2), event], { expectedRevision: ANY }),
        ).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await collect(sut.readStream(stream('a')))).toHaveLength(1);
        expect(await collect(sut.readStream(stream('b')))).toHaveLength(0);
      });
    });

    describe('readStream', () => {
      beforeEach(async () => {
        await sut.append(
          stream('r'),
          Array.from({ length: 10 }, (_, i) => testEvent(i)),
          { expectedRevision: NO_STREAM },
        );
      });

      it('reads forwards from a revision, to a revision, with a limit', async () => {
        const revisions = async (options: Parameters<EventStore['readStream']>[1]): Promise<number[]> =>
          (await collect(sut.readStream(stream('r'), options))).map((e) => e.revision);
        expect(await revisions({})).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(await revisions({ from: 7 })).toEqual([7, 8, 9]);
        expect(await revisions({ from: 2, to: 4 })).toEqual([2, 3, 4]);
        expect(await revisions({ from: 2, limit: 2 })).toEqual([2, 3]);
        expect(await revisions({ from: 12 })).toEqual([]);
      });

      it('reads backwards', async () => {
        const revisions = async (options: Parameters<EventStore['readStream']>[1]): Promise<number[]> =>
          (await collect(sut.readStream(stream('r'), { ...options, direction: 'backwards' }))).map((e) => e.revision);
        expect(await revisions({ limit: 3 })).toEqual([9, 8, 7]);
        expect(await revisions({ from: 4, to: 2 })).toEqual([4, 3, 2]);
        expect(await revisions({ from: 1 })).toEqual([1, 0]);
      });

      it('yields nothing for a stream that does not exist', async () => {
        expect(await collect(sut.readStream(stream('missing')))).toEqual([]);
      });

      it('keeps metadata and the time of recording', async () => {
        const correlationId = randomUUID();
        const causationId = randomUUID();
        const commandId = randomUUID();
        const before = Date.now();
        await sut.append(
          stream('m'),
          [
            testEvent(1, {
              actor: { id: 'u-1', role: 'manager' },
              commandId,
              correlationId,
              causationId,
              occurredAt: '2026-11-26T10:00:00.000Z',
              custom: { nested: [1, 2] },
            }),
          ],
          { expectedRevision: NO_STREAM },
        );
        const [event] = await collect(sut.readStream(stream('m')));
        expect(event!.metadata).toEqual({
          actor: { id: 'u-1', role: 'manager' },
          commandId,
          correlationId,
          causationId,
          occurredAt: '2026-11-26T10:00:00.000Z',
          custom: { nested: [1, 2] },
        });
        expect(event!.type).toBe('TaskAdded');
        expect(event!.streamId).toBe(stream('m'));
        expect(Date.parse(event!.recordedAt)).toBeGreaterThanOrEqual(before - 1000);
        expect(event!.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      });
    });

    describe('readAll', () => {
      it('reads every stream in global order, strictly after a position', async () => {
        await sut.append(stream('x'), [testEvent(1), testEvent(2)], { expectedRevision: NO_STREAM });
        await sut.append(stream('y'), [testEvent(3)], { expectedRevision: NO_STREAM });
        await sut.append(stream('x'), [testEvent(4)], { expectedRevision: 1 });

        const all = ownEvents(await collect(sut.readAll({ fromPosition: head })), prefix);
        expect(all.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3, 4]);
        for (let i = 1; i < all.length; i += 1) expect(all[i - 1]!.position < all[i]!.position).toBe(true);

        const afterSecond = ownEvents(await collect(sut.readAll({ fromPosition: all[1]!.position })), prefix);
        expect(afterSecond.map((e) => (e.data as { n: number }).n)).toEqual([3, 4]);

        const limited = await collect(sut.readAll({ fromPosition: all[0]!.position, limit: 1 }));
        expect(limited).toHaveLength(1);
        expect(limited[0]!.id).toBe(all[1]!.id);
      });

      it('knows the position of the last event', async () => {
        const result = await sut.append(stream('h'), [testEvent(1)], { expectedRevision: NO_STREAM });
        expect(await sut.headPosition()).toBe(result.position);
      });
    });

    describe('concurrency', () => {
      it('20 concurrent writers on one stream: every ack stored, revisions contiguous, every loser told', async () => {
        const target = stream('race');
        const writers = 20;
        const attemptsEach = 10;
        const acked: string[] = [];
        let conflicts = 0;
        let otherErrors = 0;

        const writer = async (w: number): Promise<void> => {
          for (let attempt = 0; attempt < attemptsEach; attempt += 1) {
            const [last] = await collect(sut.readStream(target, { direction: 'backwards', limit: 1 }));
            const event = testEvent(w * 1000 + attempt);
            try {
              await sut.append(target, [event], { expectedRevision: last === undefined ? NO_STREAM : last.revision });
              acked.push(event.id);
            } catch (error) {
              if (error instanceof WrongExpectedRevisionError) conflicts += 1;
              else otherErrors += 1;
            }
          }
        };
        await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));

        const stored = await collect(sut.readStream(target));
        expect(otherErrors).toBe(0);
        expect(acked.length + conflicts).toBe(writers * attemptsEach);
        expect(acked.length).toBeGreaterThan(0);
        expect(conflicts).toBeGreaterThan(0);
        expect(stored.map((e) => e.revision)).toEqual(stored.map((_, i) => i));
        expect(new Set(stored.map((e) => e.id))).toEqual(new Set(acked));
      });

      it('subscribeAll started while writers run sees every event once, in position order', async () => {
        const streams = 8;
        const perStream = 40;
        // Some events exist before the subscription starts: it must catch up, then go live.
        await Promise.all(
          Array.from({ length: streams }, (_, s) =>
            sut.append(stream(`s${s}`), [testEvent(-1)], { expectedRevision: NO_STREAM }),
          ),
        );
        const total = streams * (perStream + 1);
        const seen: RecordedEvent[] = [];
        const done = new Promise<void>((resolve, reject) => {
          const subscription: Subscription = sut
            .subscribeAll({ fromPosition: head })
            .pipe(filter((event) => event.streamId.startsWith(prefix)))
            .subscribe({
              next: (event) => {
                seen.push(event);
                if (seen.length === total) {
                  subscription.unsubscribe();
                  resolve();
                }
              },
              error: reject,
            });
        });

        await Promise.all(
          Array.from({ length: streams }, async (_, s) => {
            for (let i = 0; i < perStream; i += 1) {
              await sut.append(stream(`s${s}`), [testEvent(i)], { expectedRevision: i });
            }
          }),
        );
        await done;

        expect(seen).toHaveLength(total);
        expect(new Set(seen.map((e) => e.id)).size).toBe(total);
        for (let i = 1; i < seen.length; i += 1) expect(seen[i - 1]!.position < seen[i]!.position).toBe(true);
        const stored = ownEvents(await collect(sut.readAll({ fromPosition: head })), prefix);
        expect(seen.map((e) => e.id)).toEqual(stored.map((e) => e.id));
      });

      it('subscribeAll delivers strictly after fromPosition', async () => {
        const first = await sut.append(stream('p'), [testEvent(1)], { expectedRevision: NO_STREAM });
        await sut.append(stream('p'), [testEvent(2)], { expectedRevision: 0 });
        const [event] = await firstValueFrom(
          sut.subscribeAll({ fromPosition: first.position }).pipe(
            filter((e) => e.streamId.startsWith(prefix)),
            take(1),
            toArray(),
          ),
        );
        expect((event!.data as { n: number }).n).toBe(2);
      });

      it('ends cleanly on unsubscribe: nothing is delivered afterwards', async () => {
        const seen: RecordedEvent[] = [];
        const subscription = sut
          .subscribeAll({ fromPosition: head })
          .pipe(filter((e) => e.streamId.startsWith(prefix)))
          .subscribe((event) => seen.push(event));
        await sut.append(stream('u'), [testEvent(1)], { expectedRevision: NO_STREAM });
        await waitUntil(() => seen.length === 1);
        subscription.unsubscribe();
        await sut.append(stream('u'), [testEvent(2)], { expectedRevision: 0 });
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(seen).toHaveLength(1);
        expect(subscription.closed).toBe(true);
      });
    });
  });
}

/** Waits for a condition, polling; fails after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
