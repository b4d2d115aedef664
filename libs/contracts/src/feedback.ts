export const FEEDBACK_KINDS = ['request', 'issue', 'question', 'praise'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export interface FeedbackItem {
  readonly feedbackId: string;
  readonly kind: FeedbackKind;
  readonly subject: string;
  readonly body: string;
  readonly submittedBy: string;
  readonly submittedAt: string;
  readonly responses: ReadonlyArray<{ readonly response: string; readonly respondedBy: string; readonly at: string }>;
  readonly resolution: string | null;
  readonly status: 'open' | 'answered' | 'resolved';
}

export interface FeedbackFigures {
  readonly items: number;
  readonly open: number;
  readonly overdue: number;
  readonly responseTargetHours: number;
  readonly averageResponseHours: number | null;
  readonly csatAverage: number | null;
  readonly nps: number | null;
}

/** The `feedback` view, the same shape in both audiences. */
export interface FeedbackView {
  readonly projectId: string;
  readonly items: Readonly<Record<string, FeedbackItem>>;
  readonly figures: FeedbackFigures;
}

/** `POST /api/projects/:id/feedback` */
export interface SubmitFeedbackRequest {
  readonly kind: FeedbackKind;
  readonly subject: string;
  readonly body?: string;
}
