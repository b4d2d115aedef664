import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START as ESDB_START,
  WrongExpectedVersionError,
  excludeSystemEvents,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendResult as EsdbAppendResult,
  type JSONEventData,
  type JSONType,
  type ReadPosition,
  type RecordedEvent as EsdbRecordedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import { Observable, Subject, takeUntil } from 'rxjs';
import type { DomainEvent } from '@app/domain';
import { validateAppend } from '../../append-rules';
import { DuplicateEventIdError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../../errors';
import {
  START,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeAllOptions,
} from '../../event-store.port';
import { readStreamWindow } from '../../read-window';
import {
  fromGlobalPosition,
  isStreamNotFound,
  isSystemEvent,
  mapEsdbError,
  toEsdbExpectedRevision,
  toGlobalPosition,
  toRecordedEvent,
} from './esdb-mapping';

/** The part of the EventStoreDB client this adapter uses; tests pass a small fake. */
export type EsdbClient = Pick<
  EventStoreDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;

export interface EsdbReconnectOptions {
  /** First wait before resubscribing after a drop (doubles on each failure). */
  readonly initialDelayMs?: number;
  /** Longest wait between two resubscriptions. */
  readonly maxDelayMs?: number;
}

export type EsdbEventStoreOptions = (
  | {
      /** For example `esdb://localhost:2113?tls=false`. */
      readonly connectionString: string;
    }
  | {
      /** An existing client; `close()` disposes it. */
      readonly client: EsdbClient;
    }
) & {
  /** Events per page when reading `$all` (at least 2: a page restarts at its last event). */
  readonly pageSize?: number;
  /** How long `ping()` waits for the server. */
  readonly pingTimeoutMs?: number;
  /** Resubscription backoff of `subscribeAll` after a dropped connection. */
  readonly reconnect?: EsdbReconnectOptions;
};

const noop = (): void => undefined;

/**
 * The event store on an EventStoreDB server, through its gRPC client.
 *
 * Global positions pack ESDB's `(commit, prepare)` into one bigint, see
 * `toGlobalPosition`. Events of ESDB itself (`$`-prefixed types or streams)
 * never leave this adapter.
 *
 * What ESDB guarantees about re-sent event ids (server `CheckCommitStartingAt`):
 * - Exact revision or `no_stream`: the server compares our ids with the events
 *   stored from `expected + 1`. All equal: an idempotent success reporting the
 *   original revisions. Some equal: WrongExpectedVersion ("corrupted
 *   idempotency"). None: an ordinary revision check.
 * - `any` / `stream_exists`: best effort only, through a bounded in-memory cache
 *   of recent event ids. If the first id is cached for the same stream the
 *   append is idempotent (or WrongExpectedVersion if a later id differs);
 *   otherwise the events are written again.
 * - Ids are not unique across streams, nor against events older than the
 *   expected revision: ESDB writes such duplicates without complaint.
 *
 * So this adapter raises `DuplicateEventIdError` where ESDB's answer reveals a
 * clash (a WrongExpectedVersion that only a partial id match explains), and
 * answers repeats with the first result. It does NOT detect an id reused in
 * another stream or far back in the same one: that would need a read of the
 * whole log (or an id index ESDB does not have) before every append.
 */
export class EsdbEventStore implements EventStore {
  private readonly client: EsdbClient;
  private readonly pageSize: number;
  private readonly pingTimeoutMs: number;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly closed$ = new Subject<void>();
  private closed = false;

  /** The store on the server a connection string names, e.g. `esdb://localhost:2113?tls=false`. */
  static fromConnectionString(
    connectionString: string,
    options: Omit<EsdbEventStoreOptions, 'connectionString' | 'client'> = {},
  ): EsdbEventStore {
    return new EsdbEventStore({ ...options, connectionString });
  }

  constructor(options: EsdbEventStoreOptions) {
    this.client =
      'client' in options ? options.client : EventStoreDBClient.connectionString(options.connectionString);
    this.pageSize = Math.max(2, options.pageSize ?? 500);
    this.pingTimeoutMs = options.pingTimeoutMs ?? 5_000;
    this.initialDelayMs = Math.max(1, options.reconnect?.initialDelayMs ?? 100);
    this.maxDelayMs = Math.max(this.initialDelayMs, options.reconnect?.maxDelayMs ?? 5_000);
  }

  append<E extends DomainEvent>(
    stream: string,
    events: readonly NewEvent<E>[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    try {
      this.assertOpen();
      validateAppend(stream, events as readonly NewEvent<DomainEvent>[], options.expectedRevision);
    } catch (error) {
      return Promise.reject(error);
    }
    const running = this.appendValidated(stream, events as readonly NewEvent<DomainEvent>[], options.expectedRevision);
    this.inFlight.add(running);
    const forget = (): void => void this.inFlight.delete(running);
    running.then(forget, forget);
    return running;
  }

  async *readStream<E extends DomainEvent = DomainEvent>(
    stream: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent<E>> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    // The window is resolved as if the stream were endless; ESDB clips it at
    // the real end. Only a backwards read from an explicit revision needs the
    // real last revision first (its start is clamped to it).
    let last = Number.MAX_SAFE_INTEGER;
    if (backwards && options.from !== undefined) {
      const tail = await this.readStreamRaw(stream, { fromRevision: END, direction: BACKWARDS, maxCount: 1 });
      last = tail.length === 0 ? -1 : Number(tail[0]!.revision);
    }
    const window = readStreamWindow(last, options);
    if (window === null) return;
    const fromEnd = backwards && options.from === undefined;
    // From the end, the window's own bounds are relative to MAX_SAFE_INTEGER: use the options directly.
    const lowest = fromEnd ? Math.max(options.to ?? 0, 0) : window.to;
    const maxCount = fromEnd ? (options.limit ?? Number.MAX_SAFE_INTEGER) : Math.abs(window.to - window.from) + 1;
    try {
      for await (const resolved of this.consume(
        this.client.readStream(stream, {
          fromRevision: fromEnd ? END : BigInt(window.from),
          direction: backwards ? BACKWARDS : FORWARDS,
          maxCount,
        }),
      )) {
        const event = resolved.event;
        if (event === undefined) continue; // a link whose target is gone
        const revision = Number(event.revision);
        if (backwards ? revision < lowest : revision > window.to) return;
        yield toRecordedEvent(event) as RecordedEvent<E>;
      }
    } catch (error) {
      if (isStreamNotFound(error)) return;
      throw mapEsdbError(error, { stream });
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    if (options.limit !== undefined && (!Number.isSafeInteger(options.limit) || options.limit < 0)) {
      throw new RangeError(`limit must be a non-negative integer, got ${options.limit}`);
    }
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    // ESDB reads $all from a position INCLUSIVELY; ours is exclusive. Every
    // page starts at the last event of the previous one, which is skipped too.
    let cursor: GlobalPosition | null =
      options.fromPosition === undefined || options.fromPosition === START ? null : options.fromPosition;
    try {
      while (remaining > 0) {
        let read = 0;
        for await (const resolved of this.consume(
          this.client.readAll({ fromPosition: this.readPosition(cursor), direction: FORWARDS, maxCount: this.pageSize }),
        )) {
          read += 1;
          const event = resolved.event;
          if (event === undefined) continue;
          const position = toGlobalPosition(event.position);
          if (cursor !== null && position <= cursor) continue;
          cursor = position;
          if (isSystemEvent(event)) continue;
          yield toRecordedEvent(event);
          remaining -= 1;
          if (remaining === 0) return;
        }
        if (read < this.pageSize) return;
      }
    } catch (error) {
      throw mapEsdbError(error);
    }
  }

  subscribeAll(options: SubscribeAllOptions = {}): Observable<RecordedEvent> {
    this.assertOpen();
    const from = options.fromPosition === undefined || options.fromPosition === START ? null : options.fromPosition;
    return new Observable<RecordedEvent>((subscriber) => {
      /** Position of the last event delivered: every (re)subscription starts strictly after it. */
      let last = from;
      let current: AllStreamSubscription | null = null;
      let timer: NodeJS.Timeout | null = null;
      let delay = this.initialDelayMs;
      let stopped = false;

      const stop = (): void => {
        stopped = true;
        if (timer !== null) clearTimeout(timer);
        timer = null;
        const subscription = current;
        current = null;
        if (subscription !== null) void subscription.unsubscribe().catch(noop);
      };

      const fail = (error: unknown): void => {
        stop();
        subscriber.error(error);
      };

      const retryLater = (): void => {
        if (stopped || timer !== null) return;
        timer = setTimeout(connect, delay);
        delay = Math.min(delay * 2, this.maxDelayMs);
      };

      /** The subscription failed or ended without us asking: retry if the server is merely away. */
      const onDrop = (subscription: AllStreamSubscription | null, error: unknown): void => {
        if (stopped || (subscription !== null && current !== subscription)) return;
        current = null;
        if (subscription !== null) void subscription.unsubscribe().catch(noop);
        if (error !== undefined) {
          const mapped = mapEsdbError(error);
          if (!(mapped instanceof EventStoreUnavailableError)) {
            fail(mapped);
            return;
          }
        }
        retryLater();
      };

      const onEvent = (subscription: AllStreamSubscription, resolved: AllStreamResolvedEvent): void => {
        if (stopped || current !== subscription) return;
        const event = resolved.event;
        if (event === undefined || isSystemEvent(event)) return;
        let recorded: RecordedEvent;
        try {
          recorded = toRecordedEvent(event);
        } catch (error) {
          fail(error);
          return;
        }
        // ESDB already starts strictly after `fromPosition`; this guard keeps
        // "exactly once" even if a resubscription overlaps what was delivered.
        if (last !== null && recorded.position <= last) return;
        last = recorded.position;
        delay = this.initialDelayMs;
        subscriber.next(recorded);
      };

      const connect = (): void => {
        timer = null;
        if (stopped) return;
        let subscription: AllStreamSubscription;
        try {
          subscription = this.client.subscribeToAll({
            fromPosition: this.readPosition(last),
            filter: excludeSystemEvents(),
          });
        } catch (error) {
          onDrop(null, error);
          return;
        }
        current = subscription;
        subscription.on('data', (resolved: AllStreamResolvedEvent) => onEvent(subscription, resolved));
        // These stay attached for the life of the client stream: an 'error'
        // emitted with no listener would crash the process.
        subscription.on('error', (error: Error) => onDrop(subscription, error));
        subscription.on('end', () => onDrop(subscription, undefined));
        subscription.on('close', () => onDrop(subscription, undefined));
      };

      connect();
      return stop;
    }).pipe(takeUntil(this.closed$));
  }

  async headPosition(): Promise<GlobalPosition | null> {
    this.assertOpen();
    // The tail of $all is often ESDB's own events ($stats, projections): page
    // backwards past them. Whether a backwards page includes its start is not
    // relied upon: anything at or after the cursor is skipped.
    let cursor: GlobalPosition | null = null;
    const page = 100;
    try {
      for (;;) {
        let read = 0;
        for await (const resolved of this.consume(
          this.client.readAll({ fromPosition: cursor === null ? END : fromGlobalPosition(cursor), direction: BACKWARDS, maxCount: page }),
        )) {
          read += 1;
          const event = resolved.event;
          if (event === undefined) continue;
          const position = toGlobalPosition(event.position);
          if (cursor !== null && position >= cursor) continue;
          cursor = position;
          if (!isSystemEvent(event)) return position;
        }
        if (read < page) return null;
      }
    } catch (error) {
      throw mapEsdbError(error);
    }
  }

  async ping(): Promise<void> {
    this.assertOpen();
    // Reads carry no gRPC deadline in this client (it forces `Infinity`), so
    // the timeout is ours: an unreachable server fails fast with UNAVAILABLE,
    // a hung one by the timer.
    const reading = this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        void reading.cancel().catch(noop);
        reject(new EventStoreUnavailableError(`EventStoreDB did not answer within ${this.pingTimeoutMs} ms`));
      }, this.pingTimeoutMs);
      reading.on('error', (error: Error) => {
        clearTimeout(timer);
        reject(mapEsdbError(error));
      });
      reading.on('end', () => {
        clearTimeout(timer);
        resolve();
      });
      reading.resume();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Appends already sent get their answer before the connection goes.
    await Promise.allSettled([...this.inFlight]);
    this.closed$.next();
    this.closed$.complete();
    await this.client.dispose();
  }

  private async appendValidated(
    stream: string,
    events: readonly NewEvent<DomainEvent>[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    // Our ids go to ESDB, lower-cased, so that its own idempotency applies.
    const ids = events.map((event) => event.id.toLowerCase());
    const payload = events.map(
      (event, i): JSONEventData => ({
        id: ids[i]!,
        contentType: 'application/json',
        type: event.type,
        // The client JSON.stringify-s `data`; its type (JSONType) is narrower
        // than our `unknown`, and `undefined` would make it throw.
        data: (event.data === undefined ? null : event.data) as JSONType,
        metadata: event.metadata as JSONType | undefined,
      }),
    );
    let result: EsdbAppendResult;
    try {
      result = await this.client.appendToStream(stream, payload, { expectedRevision: toEsdbExpectedRevision(expected) });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return this.resolveConflict(stream, ids, expected, error);
      throw mapEsdbError(error, { stream, expectedRevision: expected });
    }
    return this.confirmAppend(stream, ids, result);
  }

  /**
   * Turns ESDB's success into our result. The position ESDB returns is not the
   * `$all` position of our last event (a fresh write reports the commit
   * position for both halves; an idempotent repeat reports the original log
   * position, or none), so the events are read back at the revisions ESDB
   * reported: that also checks that they are ours.
   */
  private async confirmAppend(stream: string, ids: readonly string[], result: EsdbAppendResult): Promise<AppendResult> {
    const last = Number(result.nextExpectedRevision);
    const first = last - ids.length + 1;
    const stored =
      first >= 0
        ? await this.readStreamRaw(stream, { fromRevision: BigInt(first), direction: FORWARDS, maxCount: ids.length })
        : [];
    const ours = stored.length === ids.length && stored.every((event, i) => event.id.toLowerCase() === ids[i]);
    const position = ours ? (stored[stored.length - 1]!.position ?? result.position) : result.position;
    if (position === undefined) {
      throw new Error(`EventStoreDB accepted the append to ${stream} but its events cannot be found at revision ${last}`);
    }
    return { nextExpectedRevision: last, position: toGlobalPosition(position) };
  }

  /**
   * ESDB refused the append. It may be an honest conflict, a partial id match
   * ESDB calls "corrupted idempotency", or (defensively) a full repeat.
   */
  private async resolveConflict(
    stream: string,
    ids: readonly string[],
    expected: ExpectedRevision,
    error: WrongExpectedVersionError,
  ): Promise<AppendResult> {
    const conflict = mapEsdbError(error, { stream, expectedRevision: expected }) as WrongExpectedRevisionError;
    const actual = conflict.actualRevision;
    // With `any`, ESDB refuses only when the first id is a cached event of this
    // stream and a later one is not; with `stream_exists` likewise, once the stream exists.
    if (expected === 'any' || (expected === 'stream_exists' && actual !== 'no_stream')) {
      throw new DuplicateEventIdError(stream, ids[0]!);
    }
    if (expected === 'stream_exists' || actual === 'no_stream') throw conflict;
    const first = expected === 'no_stream' ? 0 : expected + 1;
    if (first > actual) throw conflict;
    const stored = await this.readStreamRaw(stream, {
      fromRevision: BigInt(first),
      direction: FORWARDS,
      maxCount: ids.length,
    });
    const repeat = stored.length === ids.length && stored.every((event, i) => event.id.toLowerCase() === ids[i]);
    if (repeat && stored[stored.length - 1]!.position !== undefined) {
      const lastEvent = stored[stored.length - 1]!;
      return { nextExpectedRevision: Number(lastEvent.revision), position: toGlobalPosition(lastEvent.position!) };
    }
    const clash = stored.find((event) => ids.includes(event.id.toLowerCase()));
    if (clash !== undefined) throw new DuplicateEventIdError(stream, clash.id.toLowerCase());
    throw conflict;
  }

  /** Events (not links) of a short stream read, collected; a missing stream is empty. */
  private async readStreamRaw(
    stream: string,
    options: { fromRevision: bigint | typeof END; direction: typeof FORWARDS | typeof BACKWARDS; maxCount: number },
  ): Promise<EsdbRecordedEvent[]> {
    const events: EsdbRecordedEvent[] = [];
    try {
      for await (const resolved of this.consume(this.client.readStream(stream, options))) {
        if (resolved.event !== undefined) events.push(resolved.event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw mapEsdbError(error, { stream });
    }
    return events;
  }

  /** Iterates a client read; stopping early cancels the gRPC call instead of leaving it streaming. */
  private async *consume<T>(reading: StreamingRead<T>): AsyncGenerator<T> {
    let finished = false;
    try {
      for await (const item of reading) yield item;
      finished = true;
    } finally {
      if (!finished) void reading.cancel().catch(noop);
    }
  }

  private readPosition(position: GlobalPosition | null): ReadPosition {
    return position === null ? ESDB_START : fromGlobalPosition(position);
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('The event store is closed');
  }
}
