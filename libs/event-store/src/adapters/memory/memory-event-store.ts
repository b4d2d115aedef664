import type { Observable } from 'rxjs';
import type { DomainEvent } from '@app/domain';
import { checkExpectedRevision, isSamePlace, validateAppend } from '../../append-rules';
import { DuplicateEventIdError, EventStoreUnavailableError } from '../../errors';
import {
  START,
  type AppendOptions,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeAllOptions,
} from '../../event-store.port';
import { followLog } from '../../log-follower';
import { readStreamWindow } from '../../read-window';

export interface MemoryEventStoreOptions {
  /** The store's clock for `recordedAt`. */
  readonly now?: () => Date;
}

/** The event store in memory, for fast unit tests. Same contract as the others. */
export class MemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byId = new Map<string, RecordedEvent>();
  private readonly listeners = new Set<() => void>();
  private readonly now: () => Date;
  private closed = false;

  constructor(options: MemoryEventStoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  async append<E extends DomainEvent>(
    stream: string,
    events: readonly NewEvent<E>[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(stream, events, options.expectedRevision);
    const existing = this.streams.get(stream) ?? [];
    const repeat = this.findRepeat(stream, events, options);
    if (repeat !== null) return repeat;
    checkExpectedRevision(stream, options.expectedRevision, existing.length - 1);

    const recordedAt = this.now().toISOString();
    const written: RecordedEvent[] = events.map((event, i) => ({
      id: event.id.toLowerCase(),
      type: event.type,
      data: structuredClone(event.data),
      metadata: structuredClone(event.metadata ?? {}) as EventMetadata,
      streamId: stream,
      revision: existing.length + i,
      position: BigInt(this.log.length + i + 1),
      recordedAt,
    }));
    for (const event of written) {
      this.log.push(event);
      this.byId.set(event.id, event);
    }
    this.streams.set(stream, existing.concat(written));
    const last = written[written.length - 1]!;
    queueMicrotask(() => this.listeners.forEach((listener) => listener()));
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  async *readStream<E extends DomainEvent = DomainEvent>(
    stream: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent<E>> {
    this.assertOpen();
    const events = this.streams.get(stream) ?? [];
    const window = readStreamWindow(events.length - 1, options);
    if (window === null) return;
    for (let revision = window.from; window.step > 0 ? revision <= window.to : revision >= window.to; revision += window.step) {
      yield structuredClone(events[revision]) as RecordedEvent<E>;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    const after = options.fromPosition === undefined || options.fromPosition === START ? 0n : options.fromPosition;
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    for (let i = Number(after); i < this.log.length && remaining > 0; i += 1, remaining -= 1) {
      yield structuredClone(this.log[i]!);
    }
  }

  subscribeAll(options: SubscribeAllOptions = {}): Observable<RecordedEvent> {
    this.assertOpen();
    return followLog(
      {
        readPage: (after, limit) => this.log.slice(Number(after ?? 0n), Number(after ?? 0n) + limit),
        onAppended: (listener) => {
          this.listeners.add(listener);
          return () => this.listeners.delete(listener);
        },
      },
      {
        after: options.fromPosition === undefined || options.fromPosition === START ? null : options.fromPosition,
        pageSize: 500,
        pollIntervalMs: 1000,
      },
    );
  }

  async headPosition(): Promise<GlobalPosition | null> {
    this.assertOpen();
    return this.log.length === 0 ? null : BigInt(this.log.length);
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }

  private findRepeat(
    stream: string,
    events: readonly NewEvent<DomainEvent>[],
    options: AppendOptions,
  ): AppendResult | null {
    const first = this.byId.get(events[0]!.id.toLowerCase());
    const found = events.map((event) => this.byId.get(event.id.toLowerCase()));
    if (found.every((event) => event === undefined)) return null;
    const consecutive =
      first !== undefined &&
      first.streamId === stream &&
      found.every((event, i) => event !== undefined && event.streamId === stream && event.revision === first.revision + i);
    if (!consecutive || !isSamePlace(options.expectedRevision, first.revision)) {
      const clash = events.find((_, i) => found[i] !== undefined)!;
      throw new DuplicateEventIdError(stream, clash.id);
    }
    const last = found[found.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('The event store is closed');
  }
}
