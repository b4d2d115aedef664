import { exposure, type FeedbackKind, type ProjectEvent, type RiskCategory, type RiskStatus, type TaskStatus } from '@app/domain';
import { applyMilestoneEvent, planFigures, taskClientShape, type BoardMilestone } from './board.view';
import { applyEarnedValueEvent, burnFigures, type EarnedValueBasis } from './budget.view';
import { responseDeadline } from './feedback.view';
import type { ProjectView } from './project-view';
import { isActiveRisk, riskClientShape, risksView, type RiskItem } from './risks.view';
import { extend } from './extend';

/** How far ahead the next steps look: tasks due within this many days of the last event. */
export const NEXT_STEPS_DAYS = 14;

/** How many risks the report names: the highest exposure first. */
export const TOP_RISKS = 3;

/** A feedback item not resolved yet. */
export interface OpenFeedback {
  readonly feedbackId: string;
  readonly kind: FeedbackKind;
  readonly subject: string;
  readonly submittedAt: string;
  /** Whether the team has answered it at least once. */
  answered: boolean;
}

/** A status report as published to the client (StatusReportPublished). */
export interface PublishedReport {
  readonly reportId: string;
  readonly period: string;
  readonly summary: string;
  readonly nextSteps: string;
  readonly by: string;
  readonly publishedAt: string;
  readonly revision: number;
}

/**
 * The status report draft (DOMAIN.md 1): what a status report says, drafted from live
 * data — the plan with its milestones, the risk register, the budget totals, open
 * feedback — beside the last report published. The draft itself is the figures.
 */
export interface ReportData extends EarnedValueBasis {
  readonly projectId: string;
  name: string;
  currency: string;
  milestones: Record<string, BoardMilestone>;
  /** The register as the risks view folds it. */
  risks: Record<string, RiskItem>;
  openFeedback: Record<string, OpenFeedback>;
  lastReport: PublishedReport | null;
  reportsPublished: number;
  /**
   * Every report published, by report id (keys in publishing order), so the client can read
   * the earlier ones too. Absent from a document folded before it existed: a rebuild fills it.
   */
  published?: Record<string, PublishedReport>;
}

export interface ReportMilestone {
  readonly milestoneId: string;
  readonly name: string;
  readonly dueDate: string;
  readonly baselineDueDate: string | null;
  readonly reachedOn: string | null;
  /**
   * `reached`; else `late` when its due date has passed or slipped past its baseline date,
   * `on-time` otherwise.
   */
  readonly status: 'reached' | 'on-time' | 'late';
  /** Reached on or before its baseline date (its due date without one), or not late yet. */
  readonly onTime: boolean;
}

export interface ReportStep {
  readonly taskId: string;
  readonly title: string;
  readonly dueDate: string;
  readonly status: TaskStatus;
  readonly percentDone: number;
}

export interface ReportRisk {
  readonly riskId: string;
  readonly title: string;
  readonly category: RiskCategory;
  readonly probability: number;
  readonly impact: number;
  readonly exposure: number;
  readonly status: RiskStatus;
  readonly mitigation: string;
}

/** The draft, as of the last event folded (never the wall clock). */
export interface ReportFigures {
  /** The date (YYYY-MM-DD, UTC) the draft is measured at; `null` before any event. */
  readonly asOf: string | null;
  /** As the board measures it. */
  readonly progress: { readonly percent: number; readonly tasks: number; readonly done: number; readonly blocked: number; readonly scheduleVarianceDays: number | null };
  /** By due date. */
  readonly milestones: ReportMilestone[];
  readonly onTimeMilestoneRate: number | null;
  /** The open and mitigating risks with the highest exposure (probability × impact), at most `TOP_RISKS`. */
  readonly topRisks: ReportRisk[];
  /** Of every open and mitigating risk shown. */
  readonly riskExposure: number;
  /** Budget against actual cost, with earned value as the budget view measures it. */
  readonly budget: {
    readonly currency: string;
    readonly budgetMinor: number;
    readonly actualMinor: number;
    readonly burnPercent: number | null;
    readonly cpi: number | null;
    readonly spi: number | null;
    readonly eacMinor: number | null;
  };
  /** Unresolved feedback, oldest first; `overdue`: not praise, unanswered past the response target. */
  readonly openFeedback: { readonly count: number; readonly overdue: number; readonly items: Array<OpenFeedback & { readonly overdue: boolean }> };
  /** Tasks not done and due within `NEXT_STEPS_DAYS` days of `asOf` (that day included), by due date. */
  readonly nextSteps: ReportStep[];
  /** Tasks not done whose due date has passed, by due date. */
  readonly overdueTasks: ReportStep[];
}

const byDueDate = <T extends { readonly dueDate: string; readonly title?: string; readonly name?: string }>(a: T, b: T): number =>
  a.dueDate.localeCompare(b.dueDate) || (a.title ?? a.name ?? '').localeCompare(b.title ?? b.name ?? '');

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function milestoneStatus(m: BoardMilestone, day: string | null): ReportMilestone {
  const planned = m.baselineDueDate ?? m.dueDate;
  const late = m.reachedOn !== null ? m.reachedOn > planned : (day !== null && day > m.dueDate) || m.dueDate > planned;
  const { milestoneId, name, dueDate, baselineDueDate, reachedOn } = m;
  return { milestoneId, name, dueDate, baselineDueDate, reachedOn, status: reachedOn !== null ? 'reached' : late ? 'late' : 'on-time', onTime: !late };
}

export const reportView: ProjectView<ReportData> = {
  name: 'report',
  initial: (projectId) => ({
    projectId,
    name: '',
    currency: '',
    asOf: null,
    tasks: {},
    baselineTasks: {},
    totals: { budgetMinor: 0, actualMinor: 0 },
    milestones: {},
    risks: {},
    openFeedback: {},
    lastReport: null,
    reportsPublished: 0,
    published: {},
  }),
  apply(report, event) {
    // The tasks, baseline dates and budget totals as the budget view folds them; milestones as the board does; risks as the register does.
    applyEarnedValueEvent(report, event);
    const e = event as unknown as ProjectEvent;
    if (applyMilestoneEvent(report.milestones, e)) return;
    risksView.apply({ projectId: report.projectId, risks: report.risks }, event);
    switch (e.type) {
      case 'ProjectCreated':
        report.name = e.data.name;
        report.currency = e.data.currency;
        return;
      case 'FeedbackSubmitted':
        report.openFeedback[e.data.feedbackId] = { feedbackId: e.data.feedbackId, kind: e.data.kind, subject: e.data.subject, submittedAt: event.recordedAt, answered: false };
        return;
      case 'FeedbackResponded':
        // A resolved item takes no more answers (the domain refuses them).
        report.openFeedback[e.data.feedbackId]!.answered = true;
        return;
      case 'FeedbackResolved':
        delete report.openFeedback[e.data.feedbackId];
        return;
      case 'StatusReportPublished':
        report.lastReport = extend(e.data, { publishedAt: event.recordedAt, revision: event.revision });
        report.reportsPublished += 1;
        (report.published ??= {})[e.data.reportId] = report.lastReport;
        return;
      default:
        return;
    }
  },
  // What the client's own views show: the plan without assignees or descriptions, milestones, the
  // risks that are not internal-only (as the register shows them), budget-level totals (no line, no
  // cost entry), its feedback, and the reports published to it.
  client: {
    fields: {
      projectId: true,
      name: true,
      currency: true,
      asOf: true,
      tasks: { each: taskClientShape },
      baselineTasks: { each: { fields: { startDate: true, dueDate: true } } },
      totals: { fields: { budgetMinor: true, actualMinor: true } },
      milestones: true,
      risks: { each: riskClientShape },
      openFeedback: { each: { fields: { feedbackId: true, kind: true, subject: true, submittedAt: true, answered: true } } },
      lastReport: { fields: { reportId: true, period: true, summary: true, nextSteps: true, publishedAt: true, revision: true } },
      reportsPublished: true,
      published: { each: { fields: { reportId: true, period: true, summary: true, nextSteps: true, publishedAt: true, revision: true } } },
    },
  },
  summarize(report): Record<string, unknown> & ReportFigures {
    const asOf = report.asOf ?? null;
    const day = asOf === null ? null : asOf.slice(0, 10);
    const plan = planFigures(report);
    const { earnedValue, burnPercent } = burnFigures(report);
    const active = Object.values(report.risks ?? {}).filter(isActiveRisk);
    const topRisks = active
      .map((risk) => ({ riskId: risk.riskId, title: risk.title, category: risk.category, probability: risk.probability, impact: risk.impact, exposure: exposure(risk), status: risk.status, mitigation: risk.mitigation }))
      .sort((a, b) => b.exposure - a.exposure || b.impact - a.impact || a.title.localeCompare(b.title) || a.riskId.localeCompare(b.riskId))
      .slice(0, TOP_RISKS);
    const feedback = Object.values(report.openFeedback ?? {})
      .map((item) => ({ ...item, overdue: item.kind !== 'praise' && !item.answered && asOf !== null && asOf > responseDeadline(item.submittedAt) }))
      .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.feedbackId.localeCompare(b.feedbackId));
    const open = Object.values(report.tasks ?? {})
      .filter((task): task is typeof task & { dueDate: string } => task.status !== 'done' && task.dueDate !== null && task.dueDate !== undefined)
      .map(({ taskId, title, dueDate, status, percentDone }) => ({ taskId, title, dueDate, status, percentDone }))
      .sort(byDueDate);
    const horizon = day === null ? null : addDays(day, NEXT_STEPS_DAYS);
    return {
      asOf: day,
      progress: { percent: plan.progressPercent, tasks: plan.tasks, done: plan.done, blocked: plan.blocked, scheduleVarianceDays: plan.scheduleVarianceDays },
      milestones: Object.values(report.milestones ?? {}).map((m) => milestoneStatus(m, day)).sort(byDueDate),
      onTimeMilestoneRate: plan.onTimeMilestoneRate,
      topRisks,
      riskExposure: active.reduce((sum, risk) => sum + exposure(risk), 0),
      budget: {
        currency: report.currency,
        budgetMinor: earnedValue.bacMinor,
        actualMinor: earnedValue.acMinor,
        burnPercent,
        cpi: earnedValue.cpi,
        spi: earnedValue.spi,
        eacMinor: earnedValue.eacMinor,
      },
      openFeedback: { count: feedback.length, overdue: feedback.filter((item) => item.overdue).length, items: feedback },
      nextSteps: day === null || horizon === null ? [] : open.filter((task) => task.dueDate >= day && task.dueDate <= horizon),
      overdueTasks: day === null ? [] : open.filter((task) => task.dueDate < day),
    };
  },
};
