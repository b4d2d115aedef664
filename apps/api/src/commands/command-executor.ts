import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { decideAll, type Decider, type DomainCommand, type DomainEvent } from '@app/domain';
import {
  EVENT_STORE,
  NO_STREAM,
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type GlobalPosition,
  type NewEvent,
} from '@app/event-store';
import { ReadModelSync } from './read-model-sync';

export interface CommandContext {
  readonly actor: { readonly id: string; readonly role: string };
  readonly commandId?: string;
  readonly correlationId?: string;
}

export interface CommandResult {
  /** Revision of the stream after the command (unchanged when it decided nothing). */
  readonly revision: number;
  readonly position: GlobalPosition | null;
  readonly events: ReadonlyArray<{ readonly type: string; readonly revision: number }>;
}

interface Cached<S> {
  readonly state: S;
  readonly revision: number;
}

const MAX_ATTEMPTS = 5;
const MAX_CACHED_STREAMS = 10_000;

/**
 * Runs a command against one stream: state from an in-memory cache caught up
 * from its cached revision (never a whole re-read), `decide`, then an append
 * expecting that revision. When someone else wrote to the stream meanwhile, it
 * catches up and decides again (bounded): the conflict is real only if the
 * decider now refuses. The answer waits until the views hold the write.
 */
@Injectable()
export class CommandExecutor {
  private readonly cache = new Map<string, Cached<unknown>>();
  /** Per stream, the tail of the commands running on it in this process: they take turns. */
  private readonly lanes = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly sync: ReadModelSync,
  ) {}

  async execute<S, C extends DomainCommand, E extends DomainEvent>(
    stream: string,
    decider: Decider<S, C, E>,
    command: C | readonly C[],
    context: CommandContext,
  ): Promise<CommandResult> {
    const result = await this.inLane(stream, () => this.decideAndAppend(stream, decider, command, context));
    // Outside the lane: the next command on this stream need not wait for the views.
    if (result.position !== null) await this.sync.waitFor(result.position);
    return result;
  }

  /**
   * Commands on one stream in this process take turns, so they never race each
   * other for the expected revision; only a writer in another process can, and
   * that conflict is caught up with and decided again (bounded).
   */
  private async inLane<T>(stream: string, work: () => Promise<T>): Promise<T> {
    const previous = this.lanes.get(stream) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    this.lanes.set(stream, tail);
    try {
      return await run;
    } finally {
      if (this.lanes.get(stream) === tail) this.lanes.delete(stream);
    }
  }

  private async decideAndAppend<S, C extends DomainCommand, E extends DomainEvent>(
    stream: string,
    decider: Decider<S, C, E>,
    command: C | readonly C[],
    context: CommandContext,
  ): Promise<CommandResult> {
    for (let attempt = 1; ; attempt += 1) {
      const current = await this.load(stream, decider);
      // Several commands (one request touching several aspects) are decided and appended as one.
      const decided = isList(command) ? decideAll(decider, command, current.state) : decider.decide(command, current.state);
      if (decided.length === 0) return { revision: current.revision, position: null, events: [] };
      const metadata: EventMetadata = {
        actor: context.actor,
        commandId: context.commandId ?? randomUUID(),
        correlationId: context.correlationId ?? context.commandId ?? randomUUID(),
        occurredAt: new Date().toISOString(),
      };
      const newEvents = decided.map((event) => ({ id: randomUUID(), type: event.type, data: event.data, metadata })) as NewEvent<E>[];
      try {
        const result = await this.events.append(stream, newEvents, {
          expectedRevision: current.revision < 0 ? NO_STREAM : current.revision,
        });
        this.remember(stream, {
          state: decided.reduce(decider.evolve, current.state),
          revision: result.nextExpectedRevision,
        });
        const first = result.nextExpectedRevision - decided.length + 1;
        return {
          revision: result.nextExpectedRevision,
          position: result.position,
          events: decided.map((event, i) => ({ type: event.type, revision: first + i })),
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
        // Another process wrote first: catch up and decide again.
      }
    }
  }

  /** The stream's state now, caught up from the cache. */
  async load<S, E extends DomainEvent>(
    stream: string,
    decider: Pick<Decider<S, never, E>, 'evolve' | 'initialState'>,
  ): Promise<Cached<S>> {
    const cached = (this.cache.get(stream) as Cached<S> | undefined) ?? { state: decider.initialState(), revision: -1 };
    let { state, revision } = cached;
    for await (const event of this.events.readStream<E>(stream, { from: revision + 1 })) {
      state = decider.evolve(state, { type: event.type, data: event.data } as E);
      revision = event.revision;
    }
    if (revision !== cached.revision) this.remember(stream, { state, revision });
    return { state, revision };
  }

  private remember(stream: string, entry: Cached<unknown>): void {
    this.cache.delete(stream);
    this.cache.set(stream, entry);
    if (this.cache.size > MAX_CACHED_STREAMS) this.cache.delete(this.cache.keys().next().value!);
  }
}

function isList<C>(command: C | readonly C[]): command is readonly C[] {
  return Array.isArray(command);
}
