/** Who wrote an event, in which role, and their name now (`forgotten user` once erased; `null` for an id with no account). */
export interface AuditActor {
  readonly id: string;
  readonly role: string;
  readonly name: string | null;
}

/** An event of `GET /api/projects/:id/audit/events`. */
export interface AuditEvent {
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly recordedAt: string;
  readonly occurredAt: string | null;
  readonly actor: AuditActor | null;
  readonly commandId: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly hash: string | null;
  readonly data: unknown;
}

export type AuditOrder = 'newest' | 'oldest';

/** `GET /api/projects/:id/audit/events?order=&before=|after=&limit=` (team and auditors). */
export interface AuditEventsPage {
  /** The project's latest revision when read (-1: none). */
  readonly revision: number;
  readonly order: AuditOrder;
  readonly items: readonly AuditEvent[];
  /** Pass as `before` (newest first) or `after` (oldest first) for the next page; `null` on the last. */
  readonly next: number | null;
}

/** `GET /api/projects/:id/audit/verify` */
export interface AuditVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstBrokenRevision?: number;
  readonly reason?: string;
  readonly lastHash: string;
}

/** An entry of `GET /api/projects/:id/decisions/:decisionId/history`. */
export interface DecisionHistoryEntry extends Omit<AuditEvent, 'id' | 'hash'> {
  /** `decision`: it touched the decision; `caused`: a write that carried it out (`Caused-By`). */
  readonly relation: 'decision' | 'caused';
}

export interface DecisionHistory {
  readonly decisionId: string;
  readonly revision: number;
  readonly entries: readonly DecisionHistoryEntry[];
}
