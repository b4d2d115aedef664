import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { streamName } from '@app/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/event-store';
import { People } from '../people/people';
import { PersonalData } from '../privacy/personal-data';

/** How many events a page holds at most, and by default. */
export const AUDIT_PAGE_MAX = 200;
export const AUDIT_PAGE_DEFAULT = 50;

export type AuditOrder = 'newest' | 'oldest';

export interface AuditPageQuery {
  readonly order?: AuditOrder;
  /** Newest first: events strictly before this revision (the default: from the latest). */
  readonly before?: number;
  /** Oldest first: events strictly after this revision (the default: from revision 0). */
  readonly after?: number;
  readonly limit?: number;
}

export interface AuditLogEntry {
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly recordedAt: string;
  readonly occurredAt: string | null;
  readonly actor: { readonly id: string; readonly role: string; readonly name: string | null } | null;
  readonly commandId: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  /** The event's hash in the project's chain (docs/audit.md); `null` for an event written before hashing. */
  readonly hash: string | null;
  readonly data: unknown;
}

export interface AuditLogPage {
  /** The project's latest revision when the page was read (-1: no event yet). */
  readonly revision: number;
  readonly order: AuditOrder;
  readonly items: readonly AuditLogEntry[];
  /** The cursor of the next page (`before` newest first, `after` oldest first); `null` on the last page. */
  readonly next: number | null;
}

/**
 * The project's log a page at a time, for the audit timeline: each event with
 * who (their name now), when, its ids, its hash and its data (an address in it
 * as it reads now: `forgotten user` once erased). Reads only the page asked
 * for (and the head), so a long history costs no more than a page.
 */
@Injectable()
export class AuditLog {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly people: People,
    private readonly personal: PersonalData,
  ) {}

  async page(projectId: string, query: AuditPageQuery): Promise<AuditLogPage> {
    const order = query.order ?? 'newest';
    if (order === 'newest' && query.after !== undefined) throw new BadRequestException('Newest first pages with before, not after');
    if (order === 'oldest' && query.before !== undefined) throw new BadRequestException('Oldest first pages with after, not before');
    const limit = query.limit ?? AUDIT_PAGE_DEFAULT;
    const stream = streamName('project', projectId);
    let head = -1;
    for await (const event of this.events.readStream(stream, { direction: 'backwards', limit: 1 })) head = event.revision;

    const read: RecordedEvent[] = [];
    if (order === 'newest') {
      const from = Math.min(query.before ?? head + 1, head + 1) - 1;
      if (from >= 0) for await (const event of this.events.readStream(stream, { direction: 'backwards', from, limit: limit + 1 })) read.push(event);
    } else {
      const from = (query.after ?? -1) + 1;
      if (from <= head) for await (const event of this.events.readStream(stream, { from, to: head, limit: limit + 1 })) read.push(event);
    }
    const more = read.length > limit;
    const shown = read.slice(0, limit);
    const opened = await Promise.all(shown.map((event) => (this.personal.sealed(event) ? this.personal.open(event) : event)));
    const names = await this.people.names(shown.flatMap((event) => (event.metadata.actor === undefined ? [] : [event.metadata.actor.id])));
    const last = shown[shown.length - 1];
    return {
      revision: head,
      order,
      next: more && last !== undefined ? last.revision : null,
      items: opened.map((event) => {
        const { actor, commandId, correlationId, causationId, occurredAt, hash } = event.metadata;
        return {
          revision: event.revision,
          id: event.id,
          type: event.type,
          recordedAt: event.recordedAt,
          occurredAt: occurredAt ?? null,
          actor: actor === undefined ? null : { id: actor.id, role: actor.role, name: names.get(actor.id) ?? null },
          commandId: commandId ?? null,
          correlationId: correlationId ?? null,
          causationId: causationId ?? null,
          hash: typeof hash === 'string' ? hash : null,
          data: event.data,
        };
      }),
    };
  }
}
