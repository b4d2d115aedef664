export const FEEDBACK_KINDS = ['request', 'issue', 'question', 'praise'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export interface FeedbackItem {
  readonly feedbackId: string;
  /** The version `If-Match` names (team form only). */
  readonly version?: number;
  readonly kind: FeedbackKind;
  readonly subject: string;
  readonly body: string;
  readonly submittedBy: string;
  readonly submittedAt: string;
  readonly responses: ReadonlyArray<{ readonly response: string; readonly respondedBy: string; readonly at: string }>;
  readonly resolution: string | null;
  readonly resolvedAt: string | null;
  readonly status: 'open' | 'answered' | 'resolved';
}

/** A satisfaction survey the client answered. */
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

/** Response and satisfaction figures of a set of items and surveys (the whole project, or one month of it). */
export interface FeedbackScores {
  readonly answered: number;
  readonly averageResponseHours: number | null;
  readonly resolved: number;
  readonly averageResolutionHours: number | null;
  /** Of the items (not praise) answered, or unanswered past the target: the share answered within it (0–1). */
  readonly withinTargetShare: number | null;
  readonly surveys: number;
  /** Mean CSAT (1–5), to 2 decimals. */
  readonly csatAverage: number | null;
  /** Promoters (9–10) % − detractors (0–6) %: −100 to 100. */
  readonly nps: number | null;
}

export interface FeedbackFigures extends FeedbackScores {
  readonly items: number;
  readonly open: number;
  readonly overdue: number;
  readonly responseTargetHours: number;
  /** The same scores per month (YYYY-MM), oldest first. */
  readonly trend: ReadonlyArray<{ readonly month: string } & FeedbackScores>;
}

/** The `feedback` view, the same shape in both audiences. */
export interface FeedbackView {
  readonly projectId: string;
  readonly items: Readonly<Record<string, FeedbackItem>>;
  readonly surveys: Readonly<Record<string, SurveyEntry>>;
  readonly figures: FeedbackFigures;
}

/** `POST /api/projects/:id/feedback` */
export interface SubmitFeedbackRequest {
  readonly kind: FeedbackKind;
  readonly subject: string;
  readonly body?: string;
}

/** `PATCH /api/projects/:id/feedback/:feedbackId` (managers and members): an answer, a resolution, or both. */
export interface AnswerFeedbackRequest {
  readonly response?: string;
  readonly resolution?: string;
}

/** `POST /api/projects/:id/surveys` (the client). */
export interface SurveyRequest {
  readonly csat: number;
  readonly nps: number;
  readonly comment?: string;
}
