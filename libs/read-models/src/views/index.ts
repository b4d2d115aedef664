export * from './project-view';
export * from './board.view';
export * from './risks.view';
export * from './decisions.view';
export * from './budget.view';
export * from './feedback.view';
export * from './quality.view';
export * from './documents.view';
export * from './activity.view';
export * from './report.view';
export * from './view-projections';
import { activityView } from './activity.view';
import { boardView } from './board.view';
import { budgetView } from './budget.view';
import { decisionsView } from './decisions.view';
import { documentsView } from './documents.view';
import { feedbackView } from './feedback.view';
import type { ProjectView } from './project-view';
import { qualityView } from './quality.view';
import { reportView } from './report.view';
import { risksView } from './risks.view';

/** Every project view, by name. */
export const projectViews: Readonly<Record<string, ProjectView<unknown>>> = {
  board: boardView as ProjectView<unknown>,
  risks: risksView as ProjectView<unknown>,
  decisions: decisionsView as ProjectView<unknown>,
  budget: budgetView as ProjectView<unknown>,
  feedback: feedbackView as ProjectView<unknown>,
  quality: qualityView as ProjectView<unknown>,
  documents: documentsView as ProjectView<unknown>,
  activity: activityView as ProjectView<unknown>,
  report: reportView as ProjectView<unknown>,
};
