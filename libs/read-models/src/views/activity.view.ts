import type { ProjectEvent, RiskChanges, TaskChanges, TaskStatus } from '@app/domain';
import type { ProjectView, ProjectViewEvent } from './project-view';

/**
 * How many entries the feed keeps: every event is an entry, and the feed keeps those of the latest
 * `ACTIVITY_LIMIT` revisions; older entries drop off the feed (the log keeps every event).
 */
export const ACTIVITY_LIMIT = 100;

/** What an entry is about: an item of the project, named by its kind and id. */
export interface ActivitySubject {
  readonly kind: string;
  readonly id: string;
}

/** One event of the project, as a readable entry. */
export interface ActivityEntry {
  readonly revision: number;
  /** When the event was recorded (ISO 8601). */
  readonly at: string;
  /** The event's type, e.g. `TaskStatusChanged`. */
  readonly type: string;
  /** Who did it and in which role, from the event's metadata; `null` when the event carries none. */
  readonly actorId: string | null;
  readonly actorRole: string | null;
  /** The item the entry is about (a comment is about the item it was posted on); `null` for none. */
  readonly about: ActivitySubject | null;
  /** A short sentence naming the item, e.g. `Task “Design the home page” moved to done`. */
  readonly text: string;
  /**
   * Kept from the client: the entry is about something a client may not see (a decision, a budget
   * line or cost, an internal-only risk, an unshared document, …). Judged when the event is folded,
   * and never undone: when a risk or a document is later hidden from the client, every entry about it
   * becomes internal too; when one is later shown, the entries from while it was hidden stay internal.
   */
  internalOnly: boolean;
}

/** An item the feed has seen: its name for the sentences, and whether the client may see it. */
export interface ActivityItem {
  name: string;
  internalOnly: boolean;
}

/**
 * The project's activity feed (DOMAIN.md 1): every event as a readable entry, the latest
 * `ACTIVITY_LIMIT` of them.
 */
export interface ActivityData {
  readonly projectId: string;
  /**
   * The latest entries, by revision. Keyed, not listed, so that a new entry and the one it
   * pushes off are two changes (two operations of a live patch), not a shift of the whole feed;
   * the keys are revisions, so they come in revision order.
   */
  entries: Record<string, ActivityEntry>;
  /** How many older entries dropped off the feed. */
  dropped: number;
  /** The items the sentences name, by `<kind>:<id>`: for the team only. */
  items: Record<string, ActivityItem>;
}

export interface ActivityFigures {
  /** Entries shown. */
  readonly entries: number;
  /** Entries shown, by the kind of item they are about (`none` for none). */
  readonly byKind: Record<string, number>;
}

/** Kinds of item a client never sees anything of. */
const TEAM_ONLY_KINDS: ReadonlySet<string> = new Set(['invitation', 'decision', 'line', 'cost', 'evaluation', 'lesson']);

const STATUS_WORDS: Record<TaskStatus, string> = { todo: 'to do', in_progress: 'in progress', blocked: 'blocked', done: 'done' };

const TASK_FIELDS: Record<keyof TaskChanges, string> = {
  title: 'title',
  description: 'description',
  phaseId: 'phase',
  assigneeId: 'assignee',
  startDate: 'start date',
  dueDate: 'due date',
  estimateHours: 'estimate',
  dependsOn: 'dependencies',
};

/** Task fields a client never sees: an update of only these is an internal entry. */
const TEAM_ONLY_TASK_FIELDS: ReadonlySet<string> = new Set(['description', 'assigneeId']);

const RISK_FIELDS: Record<keyof RiskChanges, string> = {
  title: 'title',
  description: 'description',
  category: 'category',
  ownerId: 'owner',
  mitigation: 'mitigation',
  contingency: 'contingency',
  internalOnly: 'visibility',
};

/** What an event says, before it becomes an entry. */
interface Described {
  readonly about: ActivitySubject | null;
  readonly text: string;
  /** Internal whatever the item: an update of only team fields, an unknown event. */
  readonly internal?: boolean;
  /** The item is hidden from the client from now on: so is every entry about it. */
  readonly hides?: boolean;
}

const key = (about: ActivitySubject): string => `${about.kind}:${about.id}`;
const subject = (kind: string, id: string): ActivitySubject => ({ kind, id });

/** The changed fields of an update, in words: "due date, estimate". */
function changedFields<K extends string>(changes: Partial<Record<K, unknown>>, words: Record<K, string>, skip: readonly K[] = []): string {
  return (Object.keys(changes) as K[])
    .filter((field) => !skip.includes(field))
    .map((field) => words[field] ?? field)
    .join(', ');
}

/** An update's sentence: a rename when the title changed, and the other fields changed. */
function updated(kind: string, name: string, title: string | undefined, others: string): string {
  const renamed = title === undefined ? null : `${kind} “${name}” renamed to “${title}”`;
  if (renamed !== null) return others === '' ? renamed : `${renamed}; ${others} changed`;
  return others === '' ? `${kind} “${name}” updated` : `${kind} “${name}”: ${others} changed`;
}

/** The name the feed knows an item by, else its id. */
function nameOf(feed: ActivityData, kind: string, id: string): string {
  return feed.items[`${kind}:${id}`]?.name ?? id;
}

function remember(feed: ActivityData, kind: string, id: string, itemName: string, internalOnly = false): void {
  feed.items[`${kind}:${id}`] = { name: itemName, internalOnly };
}

function describe(feed: ActivityData, e: ProjectEvent, projectId: string): Described {
  switch (e.type) {
    case 'ProjectCreated':
      remember(feed, 'project', projectId, e.data.name);
      return { about: subject('project', projectId), text: `Project “${e.data.name}” created` };
    // People are named by their user id (`about`), never by address or name: personal data stays
    // in the identity views, where it can be erased (docs/privacy.md). The members list names them.
    case 'MemberInvited':
      return { about: subject('invitation', e.data.invitationId), text: `Invitation sent to join as ${e.data.role}` };
    case 'MemberJoined':
      return { about: subject('member', e.data.userId), text: `A ${e.data.role} joined` };
    case 'MemberRoleChanged':
      return { about: subject('member', e.data.userId), text: `A member is now ${e.data.role} (was ${e.data.previousRole})` };
    case 'MemberRemoved':
      return { about: subject('member', e.data.userId), text: `A ${e.data.role} left the project` };
    case 'PhaseAdded':
      remember(feed, 'phase', e.data.phaseId, e.data.name);
      return { about: subject('phase', e.data.phaseId), text: `Phase “${e.data.name}” added` };
    case 'PhaseRenamed':
      remember(feed, 'phase', e.data.phaseId, e.data.name);
      return { about: subject('phase', e.data.phaseId), text: `Phase “${e.data.previousName}” renamed “${e.data.name}”` };
    case 'MilestoneAdded':
      remember(feed, 'milestone', e.data.milestoneId, e.data.name);
      return { about: subject('milestone', e.data.milestoneId), text: `Milestone “${e.data.name}” added, due ${e.data.dueDate}` };
    case 'MilestoneRescheduled':
      return {
        about: subject('milestone', e.data.milestoneId),
        text: `Milestone “${nameOf(feed, 'milestone', e.data.milestoneId)}” moved from ${e.data.previousDueDate} to ${e.data.dueDate}`,
      };
    case 'MilestoneReached':
      return { about: subject('milestone', e.data.milestoneId), text: `Milestone “${nameOf(feed, 'milestone', e.data.milestoneId)}” reached on ${e.data.reachedOn}` };
    case 'TaskAdded':
      remember(feed, 'task', e.data.taskId, e.data.title);
      return { about: subject('task', e.data.taskId), text: `Task “${e.data.title}” added` };
    case 'TaskUpdated': {
      const before = nameOf(feed, 'task', e.data.taskId);
      if (e.data.changes.title !== undefined) remember(feed, 'task', e.data.taskId, e.data.changes.title);
      const fields = Object.keys(e.data.changes);
      return {
        about: subject('task', e.data.taskId),
        text: updated('Task', before, e.data.changes.title, changedFields(e.data.changes, TASK_FIELDS, ['title'])),
        internal: fields.length > 0 && fields.every((field) => TEAM_ONLY_TASK_FIELDS.has(field)),
      };
    }
    case 'TaskStatusChanged':
      return { about: subject('task', e.data.taskId), text: `Task “${nameOf(feed, 'task', e.data.taskId)}” moved to ${STATUS_WORDS[e.data.status] ?? e.data.status}` };
    case 'TaskProgressReported':
      return { about: subject('task', e.data.taskId), text: `Task “${nameOf(feed, 'task', e.data.taskId)}” is ${e.data.percentDone}% done` };
    case 'PlanBaselined':
      return {
        about: subject('project', projectId),
        text: `Plan baselined (baseline ${e.data.number})${e.data.changeId === null ? '' : ` after change “${nameOf(feed, 'change', e.data.changeId)}”`}`,
      };
    case 'ChangeRequested':
      remember(feed, 'change', e.data.changeId, e.data.title);
      return { about: subject('change', e.data.changeId), text: `Change “${e.data.title}” requested` };
    case 'ChangeApproved':
    case 'ChangeRejected':
      return {
        about: subject('change', e.data.changeId),
        text: `Change “${nameOf(feed, 'change', e.data.changeId)}” ${e.type === 'ChangeApproved' ? 'approved' : 'rejected'}`,
      };
    case 'RiskIdentified':
      remember(feed, 'risk', e.data.riskId, e.data.title, e.data.internalOnly);
      return { about: subject('risk', e.data.riskId), text: `Risk “${e.data.title}” identified (probability ${e.data.probability}, impact ${e.data.impact})` };
    case 'RiskUpdated': {
      const risk = (feed.items[`risk:${e.data.riskId}`] ??= { name: e.data.riskId, internalOnly: false });
      const before = risk.name;
      if (e.data.changes.title !== undefined) risk.name = e.data.changes.title;
      if (e.data.changes.internalOnly !== undefined) risk.internalOnly = e.data.changes.internalOnly;
      const about = subject('risk', e.data.riskId);
      if (e.data.changes.internalOnly === true) return { about, text: `Risk “${risk.name}” made internal-only`, hides: true };
      if (e.data.changes.internalOnly === false) return { about, text: `Risk “${risk.name}” shared with the client` };
      return { about, text: updated('Risk', before, e.data.changes.title, changedFields(e.data.changes, RISK_FIELDS, ['title'])) };
    }
    case 'RiskReassessed':
      return {
        about: subject('risk', e.data.riskId),
        text: `Risk “${nameOf(feed, 'risk', e.data.riskId)}” reassessed: probability ${e.data.probability}, impact ${e.data.impact} (was ${e.data.previousProbability} and ${e.data.previousImpact})`,
      };
    case 'RiskStatusChanged':
      return { about: subject('risk', e.data.riskId), text: `Risk “${nameOf(feed, 'risk', e.data.riskId)}” is now ${e.data.status} (was ${e.data.previousStatus})` };
    case 'DecisionProposed':
      remember(feed, 'decision', e.data.decisionId, e.data.title);
      return { about: subject('decision', e.data.decisionId), text: `Decision “${e.data.title}” proposed` };
    case 'DecisionOptionAdded':
      remember(feed, 'option', `${e.data.decisionId}/${e.data.optionId}`, e.data.title);
      return { about: subject('decision', e.data.decisionId), text: `Option “${e.data.title}” added to decision “${nameOf(feed, 'decision', e.data.decisionId)}”` };
    case 'DecisionMade':
      return {
        about: subject('decision', e.data.decisionId),
        text: `Decision “${nameOf(feed, 'decision', e.data.decisionId)}” made: “${nameOf(feed, 'option', `${e.data.decisionId}/${e.data.optionId}`)}”`,
      };
    case 'DecisionSuperseded':
      return {
        about: subject('decision', e.data.decisionId),
        text: `Decision “${nameOf(feed, 'decision', e.data.decisionId)}” superseded by “${nameOf(feed, 'decision', e.data.supersededBy)}”`,
      };
    case 'BudgetLineAdded':
      remember(feed, 'line', e.data.lineId, e.data.name);
      return { about: subject('line', e.data.lineId), text: `Budget line “${e.data.name}” added (${e.data.category})` };
    case 'BudgetRevised':
      return { about: subject('line', e.data.lineId), text: `Budget line “${nameOf(feed, 'line', e.data.lineId)}” revised` };
    case 'CostRecorded':
      remember(feed, 'cost', e.data.costId, e.data.description);
      return { about: subject('cost', e.data.costId), text: `Cost “${e.data.description}” recorded on budget line “${nameOf(feed, 'line', e.data.lineId)}”` };
    case 'CostCorrected':
      remember(feed, 'cost', e.data.costId, nameOf(feed, 'cost', e.data.correctsCostId));
      return {
        about: subject('cost', e.data.costId),
        text: `Cost “${nameOf(feed, 'cost', e.data.correctsCostId)}” corrected on budget line “${nameOf(feed, 'line', e.data.lineId)}”`,
      };
    case 'FeedbackSubmitted':
      remember(feed, 'feedback', e.data.feedbackId, e.data.subject);
      return { about: subject('feedback', e.data.feedbackId), text: `Feedback “${e.data.subject}” submitted (${e.data.kind})` };
    case 'FeedbackResponded':
      return { about: subject('feedback', e.data.feedbackId), text: `Feedback “${nameOf(feed, 'feedback', e.data.feedbackId)}” answered` };
    case 'FeedbackResolved':
      return { about: subject('feedback', e.data.feedbackId), text: `Feedback “${nameOf(feed, 'feedback', e.data.feedbackId)}” resolved` };
    case 'SatisfactionSurveyed':
      return { about: subject('survey', e.data.surveyId), text: `Satisfaction survey answered: CSAT ${e.data.csat} of 5, NPS ${e.data.nps} of 10` };
    case 'QualityStandardDefined':
      remember(feed, 'standard', e.data.standardId, e.data.criterion);
      return { about: subject('standard', e.data.standardId), text: `Quality standard “${e.data.criterion}” defined for ${e.data.deliverable}` };
    case 'QualityCheckRecorded':
      return {
        about: subject('standard', e.data.standardId),
        text: `Quality check on “${nameOf(feed, 'standard', e.data.standardId)}”: ${e.data.result}${e.data.measured === '' ? '' : ` (measured ${e.data.measured})`}`,
      };
    case 'DeliveryAccepted':
      return { about: subject('project', projectId), text: 'Delivery accepted' };
    case 'DeliveryRefused':
      return { about: subject('project', projectId), text: 'Delivery refused' };
    case 'ProjectClosed':
      return { about: subject('project', projectId), text: e.data.accepted ? 'Project closed after acceptance' : 'Project closed' };
    case 'ProjectReopened':
      return { about: subject('project', projectId), text: 'Project reopened' };
    case 'DocumentAdded':
      remember(feed, 'document', e.data.documentId, e.data.title, !e.data.sharedWithClient);
      return { about: subject('document', e.data.documentId), text: `Document “${e.data.title}” added (${e.data.kind})` };
    case 'DocumentRevised':
      return { about: subject('document', e.data.documentId), text: `Document “${nameOf(feed, 'document', e.data.documentId)}” revised to version ${e.data.version}` };
    case 'DocumentSharingChanged': {
      const doc = (feed.items[`document:${e.data.documentId}`] ??= { name: e.data.documentId, internalOnly: false });
      doc.internalOnly = !e.data.sharedWithClient;
      const text = `Document “${doc.name}” ${e.data.sharedWithClient ? 'shared with the client' : 'withdrawn from the client'}`;
      return { about: subject('document', e.data.documentId), text, hides: !e.data.sharedWithClient };
    }
    case 'CommentPosted': {
      const on = e.data.on;
      const what = on.kind === 'project' ? 'the project' : `${on.kind} “${nameOf(feed, on.kind, on.id)}”`;
      return { about: subject(on.kind, on.id), text: `Comment on ${what}` };
    }
    case 'StatusReportPublished':
      return { about: subject('report', e.data.reportId), text: `Status report “${e.data.period}” published` };
    case 'PhaseEvaluated':
      return {
        about: subject('evaluation', e.data.evaluationId),
        text: e.data.phaseId === null ? 'Final evaluation recorded' : `Phase “${nameOf(feed, 'phase', e.data.phaseId)}” evaluated`,
      };
    case 'LessonRecorded':
      return { about: subject('lesson', e.data.lessonId), text: `Lesson “${e.data.title}” recorded` };
    default:
      // An event this feed does not know yet: named by its type, and kept with the team until it is described here.
      return { about: null, text: (e as { type: string }).type, internal: true };
  }
}

export const activityView: ProjectView<ActivityData> = {
  name: 'activity',
  initial: (projectId) => ({ projectId, entries: {}, dropped: 0, items: {} }),
  apply(feed, event: ProjectViewEvent) {
    const described = describe(feed, event as unknown as ProjectEvent, feed.projectId);
    const about = described.about;
    const item = about === null ? undefined : feed.items[key(about)];
    const internalOnly = described.internal === true || (about !== null && (TEAM_ONLY_KINDS.has(about.kind) || item?.internalOnly === true));
    if (about !== null && described.hides === true) {
      for (const entry of Object.values(feed.entries)) {
        if (entry.about !== null && entry.about.kind === about.kind && entry.about.id === about.id) entry.internalOnly = true;
      }
    }
    const actor = event.metadata?.actor;
    // Keyed by the revision as a number (the same key "n"), not String(n): no string per event.
    feed.entries[event.revision] = {
      revision: event.revision,
      at: event.recordedAt,
      type: event.type,
      actorId: actor?.id ?? null,
      actorRole: actor?.role ?? null,
      about,
      text: described.text,
      internalOnly,
    };
    // Every event is an entry, so the latest entries are those of the latest revisions: the one this
    // event pushes off is ACTIVITY_LIMIT revisions back (found by key: no walk over the feed).
    const oldest = event.revision - ACTIVITY_LIMIT;
    if (oldest in feed.entries) {
      delete feed.entries[oldest];
      feed.dropped += 1;
    }
  },
  // Entries about what a client may see, and of them what happened and when, in which role — not who
  // in the team did it (as the other views show a client no assignee, owner or checker).
  client: {
    fields: {
      projectId: true,
      entries: { each: { fields: { revision: true, at: true, type: true, actorRole: true, about: true, text: true } } },
    },
  },
  summarize(feed): Record<string, unknown> & ActivityFigures {
    const entries = Object.values(feed.entries ?? {});
    const byKind: Record<string, number> = {};
    for (const entry of entries) {
      const kind = entry.about?.kind ?? 'none';
      byKind[kind] = (byKind[kind] ?? 0) + 1;
    }
    return { entries: entries.length, byKind };
  },
};
