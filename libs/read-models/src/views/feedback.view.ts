import type { FeedbackKind, ProjectEvent } from '@app/domain';
import type { ProjectView } from './project-view';
import { extend } from './extend';

/**
 * The time the team has to first answer a feedback item, in hours. The domain
 * records no agreed target per project yet; until it does, every project is
 * measured against this one (and the figures say which target they used).
 */
export const RESPONSE_TARGET_HOURS = 24;

export interface FeedbackEntry {
  readonly feedbackId: string;
  readonly kind: FeedbackKind;
  readonly subject: string;
  readonly body: string;
  readonly submittedBy: string;
  readonly submittedAt: string;
  /** Every answer, oldest first. */
  responses: Array<{ readonly response: string; readonly respondedBy: string; readonly at: string }>;
  resolution: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  status: 'open' | 'answered' | 'resolved';
  version: number;
}

export interface SurveyEntry {
  readonly surveyId: string;
  /** 1–5 */
  readonly csat: number;
  /** 0–10 */
  readonly nps: number;
  readonly comment: string;
  readonly respondedBy: string;
  readonly at: string;
}

/** Client feedback and satisfaction (DOMAIN.md 4, 13, 18, 24). */
export interface FeedbackData {
  readonly projectId: string;
  /** When the last event folded in was recorded: what "overdue" is measured at (never the wall clock). */
  asOf: string | null;
  items: Record<string, FeedbackEntry>;
  surveys: Record<string, SurveyEntry>;
}

/** Response and satisfaction figures of a set of items and surveys. */
export interface FeedbackScores {
  /** Items (not praise) first answered, and of them the mean hours from submission to first answer. */
  readonly answered: number;
  readonly averageResponseHours: number | null;
  /** Items (not praise) resolved, and the mean hours from submission to resolution. */
  readonly resolved: number;
  readonly averageResolutionHours: number | null;
  /** Of the items (not praise) answered, or unanswered past the target: the share answered within it. */
  readonly withinTargetShare: number | null;
  readonly surveys: number;
  /** Mean CSAT (1–5), to 2 decimals. */
  readonly csatAverage: number | null;
  /** Promoters (9–10) % − detractors (0–6) %, rounded: −100 to 100. */
  readonly nps: number | null;
}

export interface FeedbackFigures extends FeedbackScores {
  readonly responseTargetHours: number;
  readonly items: number;
  readonly byKind: Record<string, number>;
  readonly open: number;
  /** Items (not praise) still unanswered past the target. */
  readonly overdue: number;
  /** The same figures per month: a first answer in the month it came (an unanswered item in the month its target passed), a resolution in the month it came, a survey in the month it was answered. */
  readonly trend: Array<{ readonly month: string } & FeedbackScores>;
}

const HOUR_MS = 3_600_000;
const hoursBetween = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / HOUR_MS;
const mean = (values: readonly number[], decimals: number): number | null =>
  values.length === 0 ? null : Math.round((values.reduce((sum, v) => sum + v, 0) / values.length) * 10 ** decimals) / 10 ** decimals;

/** A first answer (or a target passed with none), by the month it came to be known. */
interface ResponseOutcome {
  readonly month: string;
  /** `null`: unanswered past the target. */
  readonly hours: number | null;
  readonly withinTarget: boolean;
}

/** Praise asks for no answer: only requests, issues and questions are measured. */
const measured = (item: FeedbackEntry): boolean => item.kind !== 'praise';

/** When the first answer to an item submitted at `submittedAt` is due (ISO 8601): the response target later. */
export function responseDeadline(submittedAt: string): string {
  return new Date(Date.parse(submittedAt) + RESPONSE_TARGET_HOURS * HOUR_MS).toISOString();
}

function responseOutcome(item: FeedbackEntry, asOf: string | null): ResponseOutcome | null {
  const first = item.responses[0];
  if (first !== undefined) {
    const hours = hoursBetween(item.submittedAt, first.at);
    return { month: first.at.slice(0, 7), hours, withinTarget: hours <= RESPONSE_TARGET_HOURS };
  }
  const deadline = responseDeadline(item.submittedAt);
  return asOf !== null && asOf > deadline ? { month: deadline.slice(0, 7), hours: null, withinTarget: false } : null;
}

function scores(responses: readonly ResponseOutcome[], resolutions: readonly number[], surveys: readonly SurveyEntry[]): FeedbackScores {
  const answered = responses.flatMap((o) => (o.hours === null ? [] : [o.hours]));
  const promoters = surveys.filter((s) => s.nps >= 9).length;
  const detractors = surveys.filter((s) => s.nps <= 6).length;
  return {
    answered: answered.length,
    averageResponseHours: mean(answered, 2),
    resolved: resolutions.length,
    averageResolutionHours: mean(resolutions, 2),
    withinTargetShare: responses.length === 0 ? null : Math.round((responses.filter((o) => o.withinTarget).length / responses.length) * 1000) / 1000,
    surveys: surveys.length,
    csatAverage: mean(surveys.map((s) => s.csat), 2),
    nps: surveys.length === 0 ? null : Math.round(((promoters - detractors) / surveys.length) * 100),
  };
}

export const feedbackView: ProjectView<FeedbackData> = {
  name: 'feedback',
  initial: (projectId) => ({ projectId, asOf: null, items: {}, surveys: {} }),
  apply(view, event) {
    view.asOf = event.recordedAt;
    const e = event as unknown as ProjectEvent;
    switch (e.type) {
      case 'FeedbackSubmitted':
        view.items[e.data.feedbackId] = extend(e.data, { submittedAt: event.recordedAt, responses: [], resolution: null, resolvedBy: null, resolvedAt: null, status: 'open' as const, version: 1 });
        return;
      case 'FeedbackResponded': {
        const item = view.items[e.data.feedbackId]!;
        item.responses.push({ response: e.data.response, respondedBy: e.data.respondedBy, at: event.recordedAt });
        item.status = 'answered';
        item.version += 1;
        return;
      }
      case 'FeedbackResolved': {
        const item = view.items[e.data.feedbackId]!;
        Object.assign(item, { resolution: e.data.resolution, resolvedBy: e.data.resolvedBy, resolvedAt: event.recordedAt, status: 'resolved' });
        item.version += 1;
        return;
      }
      case 'SatisfactionSurveyed':
        view.surveys[e.data.surveyId] = extend(e.data, { at: event.recordedAt });
        return;
      default:
        return;
    }
  },
  // The client's own project's feedback and surveys: the events hold no internal note. Named field by field,
  // so a field added later stays with the team until it is named here.
  client: {
    fields: {
      projectId: true,
      asOf: true,
      items: {
        each: {
          fields: {
            feedbackId: true,
            kind: true,
            subject: true,
            body: true,
            submittedBy: true,
            submittedAt: true,
            responses: { each: { fields: { response: true, respondedBy: true, at: true } } },
            resolution: true,
            resolvedBy: true,
            resolvedAt: true,
            status: true,
          },
        },
      },
      surveys: { each: { fields: { surveyId: true, csat: true, nps: true, comment: true, respondedBy: true, at: true } } },
    },
  },
  summarize(view): Record<string, unknown> & FeedbackFigures {
    const items = Object.values(view.items ?? {});
    const surveys = Object.values(view.surveys ?? {});
    const asOf = view.asOf ?? null;
    const responses = items.filter(measured).flatMap((item) => responseOutcome(item, asOf) ?? []);
    const resolutions = items
      .filter((item) => measured(item) && item.resolvedAt !== null)
      .map((item) => ({ month: item.resolvedAt!.slice(0, 7), hours: hoursBetween(item.submittedAt, item.resolvedAt!) }));
    const byKind: Record<string, number> = {};
    for (const item of items) byKind[item.kind] = (byKind[item.kind] ?? 0) + 1;
    const inMonth = (month: string) => (entry: { readonly month: string }): boolean => entry.month === month;
    const surveyed = surveys.map((survey) => ({ month: survey.at.slice(0, 7), survey }));
    const months = [...new Set([...responses, ...resolutions, ...surveyed].map((entry) => entry.month))].sort();
    return {
      responseTargetHours: RESPONSE_TARGET_HOURS,
      items: items.length,
      byKind,
      open: items.filter((item) => item.status !== 'resolved').length,
      overdue: responses.filter((o) => o.hours === null).length,
      ...scores(responses, resolutions.map((r) => r.hours), surveys),
      trend: months.map((month) => ({
        month,
        ...scores(
          responses.filter(inMonth(month)),
          resolutions.filter(inMonth(month)).map((r) => r.hours),
          surveyed.filter(inMonth(month)).map((s) => s.survey),
        ),
      })),
    };
  },
};
