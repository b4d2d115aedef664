import type { BoardView } from './plan';
import type { BudgetView } from './budget';
import type { FeedbackView } from './feedback';
import type { RisksView } from './risks';
import type { DecisionsView } from './decisions';
import type { DocumentsView, QualityView, ReportView } from './records';

export const VIEW_NAMES = ['board', 'risks', 'decisions', 'budget', 'feedback', 'quality', 'documents', 'activity', 'report'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/** The views the web app types so far; the others are served as they are. */
export interface TypedViews {
  readonly board: BoardView;
  readonly budget: BudgetView;
  readonly feedback: FeedbackView;
  readonly risks: RisksView;
  readonly decisions: DecisionsView;
  readonly report: ReportView;
  readonly documents: DocumentsView;
  readonly quality: QualityView;
}
export type ViewData<V extends ViewName> = V extends keyof TypedViews ? TypedViews[V] : Readonly<Record<string, unknown>>;

/** `GET /api/projects/:id/views/:view` */
export interface ViewAnswer<V extends ViewName = ViewName> {
  readonly revision: number;
  readonly data: ViewData<V>;
}
