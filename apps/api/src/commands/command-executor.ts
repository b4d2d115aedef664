import { Inject, Injectable, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { chainAppend, chainHead, GENESIS_HASH } from '@app/audit';
import { decideAll, DomainError, type Decider, type DomainCommand, type DomainEvent } from '@app/domain';
import {
  EVENT_STORE,
  EventStoreUnavailableError,
  NO_STREAM,
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type GlobalPosition,
  type NewEvent,
} from '@app/event-store';
import { Metrics, streamKind } from '../observability/metrics';
import { ReadModelSync } from './read-model-sync';
import { WriteHealth } from '../health/write-health';

export interface CommandContext {
  readonly actor: { readonly id: string; readonly role: string };
  readonly commandId?: string;
  readonly correlationId?: string;
  /** What the command carries out, when it said so: a decision's id (the `Caused-By` header). Written as the events' `causationId`. */
  readonly causationId?: string;
}

export interface CommandResult {
  /** Revision of the stream after the command (unchanged when it decided nothing). */
  readonly revision: number;
  readonly position: GlobalPosition | null;
  readonly events: ReadonlyArray<{ readonly type: string; readonly revision: number }>;
}

/**
 * Events as the domain sees them, and as the log stores them: the personal
 * fields sealed (docs/privacy.md). The executor seals what it appends before
 * it is hashed, and opens what it folds.
 */
export interface EventCodec {
  /** Whether a stored event must be opened before the domain folds it. */
  sealed(event: Pick<DomainEvent, 'type' | 'data'>): boolean;
  open<E extends Pick<DomainEvent, 'type' | 'data'>>(event: E): Promise<E>;
  seal<E extends DomainEvent>(events: readonly E[]): Promise<E[]>;
}

export const EVENT_CODEC = Symbol('EVENT_CODEC');

/** Events stored as they are: for tests of what does not involve personal data. */
const PLAIN: EventCodec = { sealed: () => false, open: async (event) => event, seal: async (events) => [...events] };

interface Cached<S> {
  readonly state: S;
  readonly revision: number;
  /** The hash the event at `revision` carries: the next append chains to it (tamper evidence, docs/audit.md). */
  readonly lastHash: string;
}

const MAX_ATTEMPTS = 5;
const MAX_CACHED_STREAMS = 10_000;
/** Most commands decided and appended together on one stream. */
const MAX_BATCH = 256;

/** A command waiting for its stream's turn. */
interface Pending {
  readonly decider: Decider<unknown, DomainCommand, DomainEvent>;
  readonly command: DomainCommand | readonly DomainCommand[];
  readonly context: CommandContext;
  readonly resolve: (result: CommandResult) => void;
  readonly reject: (error: unknown) => void;
}

/** What one command of a batch decided: its events, or the error that refused it. */
type Decided = { readonly events: readonly DomainEvent[]; readonly metadata: EventMetadata } | { readonly error: unknown };

/**
 * Runs commands against one stream: state from an in-memory cache (a stream
 * not cached is folded from the log; a cached one is caught up from its cached
 * revision, never re-read whole), `decide`, then an append expecting that
 * revision. A cached state is used as it is, without reading the log: the
 * append's expected revision is the check (when another process wrote since,
 * it fails, and the batch catches up and is decided again), and a refusal or
 * a command that decides nothing on it is confirmed against the log first.
 *
 * Commands on one stream in this process take turns, so they never race each
 * other for the expected revision. Those that arrive while the stream is busy
 * wait together and then run as one batch: each is decided in turn on the
 * state the ones before it left, and all their events go in one append (one
 * transaction: all stored or none). A command refused by its decider fails
 * alone. When a writer in another process got there first, the batch catches
 * up and is decided again (bounded): a conflict is real only if the decider
 * now refuses. A write that changes who may do what answers once the views
 * hold it (see ReadModelSync).
 */
@Injectable()
export class CommandExecutor {
  private readonly cache = new Map<string, Cached<unknown>>();
  /** Per busy stream, the commands waiting for their turn. */
  private readonly queues = new Map<string, Pending[]>();

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly sync: ReadModelSync,
    @Optional() @Inject(EVENT_CODEC) private readonly codec: EventCodec = PLAIN,
    @Optional() private readonly metrics?: Metrics,
    @Optional() private readonly writeHealth?: WriteHealth,
  ) {}

  async execute<S, C extends DomainCommand, E extends DomainEvent>(
    stream: string,
    decider: Decider<S, C, E>,
    command: C | readonly C[],
    context: CommandContext,
  ): Promise<CommandResult> {
    const counted = this.metrics?.commands;
    const result = await new Promise<CommandResult>((resolve, reject) => {
      const pending: Pending = {
        decider: decider as unknown as Pending['decider'],
        command,
        context,
        resolve: counted === undefined ? resolve : (value) => (counted.inc({ stream: streamKind(stream), outcome: 'accepted' }), resolve(value)),
        reject:
          counted === undefined
            ? reject
            : (error) => (counted.inc({ stream: streamKind(stream), outcome: error instanceof DomainError ? 'refused' : 'failed' }), reject(error)),
      };
      const queue = this.queues.get(stream);
      if (queue !== undefined) {
        queue.push(pending);
        return;
      }
      this.queues.set(stream, [pending]);
      void this.drain(stream);
    });
    // Outside the stream's turn: the next commands on it need not wait for the views.
    if (result.position !== null && this.sync.mustWait(result.events.map((event) => event.type))) await this.sync.waitFor(result.position);
    return result;
  }

  /** Runs the stream's waiting commands, batch after batch, until none is left. */
  private async drain(stream: string): Promise<void> {
    const queue = this.queues.get(stream)!;
    while (queue.length > 0) {
      // One batch: the commands at the head of the queue that share a decider.
      let size = 1;
      while (size < queue.length && size < MAX_BATCH && queue[size]!.decider === queue[0]!.decider) size += 1;
      const batch = queue.splice(0, size);
      try {
        await this.runBatch(stream, batch);
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.queues.delete(stream);
  }

  private async runBatch(stream: string, batch: readonly Pending[]): Promise<void> {
    const decider = batch[0]!.decider;
    for (let attempt = 1; ; attempt += 1) {
      // First on the state this process last left the stream in, without reading the log: the append
      // expects that revision, so if another process wrote since, it fails and the batch is decided again.
      const cached = attempt === 1 ? (this.cache.get(stream) as Cached<unknown> | undefined) : undefined;
      const current = cached ?? (await this.load(stream, decider));
      let state = current.state;
      const decided: Decided[] = batch.map((pending) => {
        try {
          // Several commands (one request touching several aspects) are decided and appended as one.
          const events = isList(pending.command) ? decideAll(decider, pending.command, state) : decider.decide(pending.command, state);
          state = events.reduce(decider.evolve, state);
          return { events, metadata: metadataOf(pending.context) };
        } catch (error) {
          return { error };
        }
      });
      // A refusal, or a command that changes nothing, proves nothing about the log: on a state not read
      // from it, catch up first, and decide again if another process wrote since.
      if (cached !== undefined && decided.some((d) => 'error' in d || d.events.length === 0)) {
        if ((await this.load(stream, decider)).revision !== cached.revision) continue;
      }
      // Personal fields sealed, then each event's metadata gets its hash, chained in order to the last event of the stream: the hash covers what is stored.
      const toAppend: NewEvent[] = [];
      for (const d of decided) {
        if ('error' in d) continue;
        for (const event of await this.codec.seal(d.events)) toAppend.push({ id: randomUUID(), type: event.type, data: event.data, metadata: d.metadata });
      }
      const chained = chainAppend(stream, current.revision, current.lastHash, toAppend);
      const newEvents = chained.events;
      let position: GlobalPosition | null = null;
      if (newEvents.length > 0) {
        try {
          const timer = this.metrics?.appendDuration.startTimer();
          const appended = await this.events.append(stream, newEvents, {
            expectedRevision: current.revision < 0 ? NO_STREAM : current.revision,
          });
          timer?.();
          this.writeHealth?.succeeded();
          this.metrics?.eventsAppended.inc(newEvents.length);
          position = appended.position;
          this.remember(stream, { state, revision: appended.nextExpectedRevision, lastHash: chained.lastHash });
        } catch (error) {
          if (error instanceof WrongExpectedRevisionError && attempt < MAX_ATTEMPTS) continue; // another process wrote first: catch up, decide again
          if (error instanceof EventStoreUnavailableError) this.writeHealth?.failed(error);
          throw error;
        }
      }
      let revision = current.revision;
      batch.forEach((pending, i) => {
        const outcome = decided[i]!;
        if ('error' in outcome) {
          pending.reject(outcome.error);
          return;
        }
        const first = revision + 1;
        revision += outcome.events.length;
        pending.resolve({
          revision,
          position: outcome.events.length === 0 ? null : position,
          events: outcome.events.map((event, j) => ({ type: event.type, revision: first + j })),
        });
      });
      return;
    }
  }

  /** The stream's state now, caught up from the cache. */
  async load<S, E extends DomainEvent>(
    stream: string,
    decider: Pick<Decider<S, never, E>, 'evolve' | 'initialState'>,
  ): Promise<Cached<S>> {
    const cached = (this.cache.get(stream) as Cached<S> | undefined) ?? { state: decider.initialState(), revision: -1, lastHash: GENESIS_HASH };
    let { state, revision, lastHash } = cached;
    for await (const stored of this.events.readStream<E>(stream, { from: revision + 1 })) {
      const event = this.codec.sealed(stored) ? await this.codec.open(stored) : stored;
      state = decider.evolve(state, { type: event.type, data: event.data } as E);
      revision = stored.revision;
      lastHash = chainHead(stored);
    }
    if (revision !== cached.revision) this.remember(stream, { state, revision, lastHash });
    return { state, revision, lastHash };
  }

  /**
   * Drops every cached state: after a person's key is deleted, states folded
   * while it could still be read hold their personal data in memory. Each
   * stream is folded again from its log when next used.
   */
  forgetStates(): void {
    this.cache.clear();
  }

  private remember(stream: string, entry: Cached<unknown>): void {
    this.cache.delete(stream);
    this.cache.set(stream, entry);
    if (this.cache.size > MAX_CACHED_STREAMS) this.cache.delete(this.cache.keys().next().value!);
  }
}

function metadataOf(context: CommandContext): EventMetadata {
  return {
    actor: context.actor,
    commandId: context.commandId ?? randomUUID(),
    correlationId: context.correlationId ?? context.commandId ?? randomUUID(),
    ...(context.causationId === undefined ? {} : { causationId: context.causationId }),
    occurredAt: new Date().toISOString(),
  };
}

function isList<C>(command: C | readonly C[]): command is readonly C[] {
  return Array.isArray(command);
}
