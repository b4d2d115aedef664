import type { AuditEvent } from '@app/contracts';

/** An event's type in words: `TaskStatusChanged` → "Task status changed". */
export function eventWords(type: string): string {
  const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Names of the project's items by id (tasks, risks, decisions…), to say what an event was about. */
export type ItemNames = ReadonlyMap<string, string>;

const STATUS_WORDS: Readonly<Record<string, string>> = { todo: 'to do', in_progress: 'in progress', blocked: 'blocked', done: 'done' };
const RESULT_WORDS: Readonly<Record<string, string>> = { pass: 'passed', fail: 'failed', waived: 'waived' };

const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const quoted = (value: string | null): string => (value === null ? '' : `“${value}”`);

/** What an event says, in a short sentence from its data: which item, and what changed. */
export function eventDetail(event: Pick<AuditEvent, 'type' | 'data'>, names: ItemNames): string {
  const data = (event.data !== null && typeof event.data === 'object' ? event.data : {}) as Record<string, unknown>;
  const named = (id: unknown): string => quoted(typeof id === 'string' ? (names.get(id) ?? null) : null);
  const own = text(data.title) ?? text(data.name) ?? text(data.subject) ?? text(data.period) ?? text(data.criterion);
  switch (event.type) {
    case 'TaskUpdated': {
      const changes = (data.changes ?? {}) as Record<string, unknown>;
      const renamed = text(changes.title);
      const fields = Object.keys(changes).filter((field) => field !== 'title');
      const parts = [renamed === null ? null : `renamed to “${renamed}”`, fields.length > 0 ? `${fields.join(', ')} changed` : null].filter((part) => part !== null);
      return (renamed === null ? `${named(data.taskId)} ${parts.join('; ')}` : parts.join('; ')).trim();
    }
    case 'TaskStatusChanged':
      return `${named(data.taskId)} moved to ${STATUS_WORDS[String(data.status)] ?? String(data.status)}`.trim();
    case 'TaskProgressReported':
      return `${named(data.taskId)} ${String(data.percentDone)}% done`.trim();
    case 'MilestoneRescheduled':
      return `${named(data.milestoneId)} moved to ${String(data.dueDate)}`.trim();
    case 'MilestoneReached':
      return `${named(data.milestoneId)} reached on ${String(data.reachedOn)}`.trim();
    case 'RiskReassessed':
      return `${named(data.riskId)} probability ${String(data.probability)}, impact ${String(data.impact)}`.trim();
    case 'RiskStatusChanged':
      return `${named(data.riskId)} now ${String(data.status)}`.trim();
    case 'RiskUpdated':
      return `${named(data.riskId)} ${Object.keys((data.changes ?? {}) as object).join(', ')} changed`.trim();
    case 'DecisionOptionAdded':
      return `${quoted(text(data.title))} on ${named(data.decisionId)}`;
    case 'DecisionMade':
      return `${named(data.decisionId)}${text(data.rationale) !== null ? `: ${text(data.rationale)}` : ''}`;
    case 'DecisionSuperseded':
      return `${named(data.decisionId)} by ${named(data.supersededBy)}`;
    case 'QualityCheckRecorded':
      return `${named(data.standardId)} ${RESULT_WORDS[String(data.result)] ?? String(data.result)}${text(data.measured) !== null ? ` (${text(data.measured)})` : ''}`.trim();
    case 'DocumentRevised':
      return `${named(data.documentId)} version ${String(data.version)}${text(data.summary) !== null ? `: ${text(data.summary)}` : ''}`.trim();
    case 'DocumentSharingChanged':
      return `${named(data.documentId)} ${data.sharedWithClient === true ? 'shared with the client' : 'no longer shared with the client'}`.trim();
    case 'MemberInvited':
      return `${text(data.email) ?? 'someone'} as ${String(data.role)}`;
    case 'MemberJoined':
    case 'MemberRemoved':
      return `as ${String(data.role)}`;
    case 'MemberRoleChanged':
      return `now ${String(data.role)}`;
    case 'CostRecorded':
      return quoted(text(data.description));
    case 'FeedbackResponded':
    case 'FeedbackResolved':
      return named(data.feedbackId);
    default:
      return quoted(own);
  }
}

/** The decision an event is about, if any (for its history). */
export function decisionOf(event: Pick<AuditEvent, 'type' | 'data' | 'causationId'>): string | null {
  const data = (event.data ?? {}) as Record<string, unknown>;
  if (event.type.startsWith('Decision') && typeof data.decisionId === 'string') return data.decisionId;
  return event.causationId;
}

/** "27 Nov 2026, 07:41" in the reader's own time zone. */
export function when(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}
