import { Inject, Injectable } from '@nestjs/common';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DomainError, streamName } from '@app/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/event-store';
import { People } from '../people/people';
import { PersonalData } from '../privacy/personal-data';

/** Why an event is in a decision's history. */
export type HistoryRelation = 'decision' | 'caused';

export interface HistoryEntry {
  readonly revision: number;
  readonly type: string;
  /** When the store recorded it (ISO 8601). */
  readonly recordedAt: string;
  /** When it happened, as the command said (ISO 8601); `null` when the event carries none. */
  readonly occurredAt: string | null;
  /** Who, in which role, and their name now (a placeholder once they asked to be forgotten); `null` when the event carries none. */
  readonly actor: { readonly id: string; readonly role: string; readonly name: string | null } | null;
  /** `decision`: the event touched the decision; `caused`: a write that said it carries the decision out (`Caused-By`). */
  readonly relation: HistoryRelation;
  readonly commandId: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly data: unknown;
}

export interface DecisionHistory {
  readonly decisionId: string;
  /** The last project revision read: the history is complete up to it. */
  readonly revision: number;
  readonly entries: readonly HistoryEntry[];
}

/** Events read between two turns of the event loop, so a long project never holds up other requests. */
const EVENTS_PER_TURN = 2_000;

/**
 * Whether an event touched the decision: it proposed, weighed, made or
 * superseded it, proposed or became its successor, or commented on it.
 */
function touches(event: RecordedEvent, decisionId: string): boolean {
  const data = event.data as { decisionId?: unknown; supersedes?: unknown; supersededBy?: unknown; on?: { kind?: unknown; id?: unknown } } | null;
  if (data === null || typeof data !== 'object') return false;
  switch (event.type) {
    case 'DecisionProposed':
      return data.decisionId === decisionId || data.supersedes === decisionId;
    case 'DecisionOptionAdded':
    case 'DecisionMade':
      return data.decisionId === decisionId;
    case 'DecisionSuperseded':
      return data.decisionId === decisionId || data.supersededBy === decisionId;
    case 'CommentPosted':
      return data.on?.kind === 'decision' && data.on.id === decisionId;
    default:
      return false;
  }
}

/**
 * A decision's history (DESIGN.md, Audit): every event that touched it and
 * every event written because of it (metadata `causationId`, from a write's
 * `Caused-By` header: a task, a risk, a cost, a change…), in revision order,
 * with who and when. Read from the project's log, so it is complete up to the
 * revision it names.
 */
@Injectable()
export class DecisionHistoryService {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly people: People,
    private readonly personal: PersonalData,
  ) {}

  async history(projectId: string, decisionId: string): Promise<DecisionHistory> {
    const found: Array<{ event: RecordedEvent; relation: HistoryRelation }> = [];
    let revision = -1;
    for await (const event of this.events.readStream(streamName('project', projectId))) {
      revision = event.revision;
      if (touches(event, decisionId)) found.push({ event, relation: 'decision' });
      // An address it carries (a member invited because of the decision) as it reads now: `forgotten user` once erased.
      else if (event.metadata.causationId === decisionId) found.push({ event: this.personal.sealed(event) ? await this.personal.open(event) : event, relation: 'caused' });
      if ((revision + 1) % EVENTS_PER_TURN === 0) await nextTurn();
    }
    if (!found.some(({ relation }) => relation === 'decision')) {
      throw new DomainError('decision.not-found', 'No such decision in this project', { decisionId });
    }
    const names = await this.people.names(found.flatMap(({ event }) => (event.metadata.actor === undefined ? [] : [event.metadata.actor.id])));
    return {
      decisionId,
      revision,
      entries: found.map(({ event, relation }) => {
        const { actor, commandId, correlationId, causationId, occurredAt } = event.metadata;
        return {
          revision: event.revision,
          type: event.type,
          recordedAt: event.recordedAt,
          occurredAt: occurredAt ?? null,
          actor: actor === undefined ? null : { id: actor.id, role: actor.role, name: names.get(actor.id) ?? null },
          relation,
          commandId: commandId ?? null,
          correlationId: correlationId ?? null,
          causationId: causationId ?? null,
          data: event.data,
        };
      }),
    };
  }
}
