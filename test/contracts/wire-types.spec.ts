import { BudgetCategories, FeedbackKinds, ProjectRoles, TaskStatuses } from '@app/domain';
import type { BoardMilestone as FoldedMilestone, BoardTask as FoldedTask, BudgetLineItem, CostItem, FeedbackEntry } from '@app/read-models';
import {
  BUDGET_CATEGORIES,
  FEEDBACK_KINDS,
  PROJECT_ROLES,
  TASK_STATUSES,
  VIEW_NAMES,
  type BoardMilestone,
  type BoardTask,
  type BudgetLine,
  type CostEntry,
  type FeedbackItem,
  type Me,
  type Portfolio,
  type ProjectSummary,
  type SignedIn,
  type WriteResult,
} from '@app/contracts';
import { projectViews } from '@app/read-models';
import type { MeDto, SignedInDto } from '../../apps/api/src/auth/auth.dto';
import type { PortfolioDto } from '../../apps/api/src/portfolio/portfolio.dto';
import type { ProjectSummaryDto, WriteResultDto } from '../../apps/api/src/projects/projects.dto';

/**
 * libs/contracts describes what the api sends, for the web app, which may not
 * import the api or the views. These checks keep the two in step: the lists
 * at run time, the shapes at compile time (`npm run typecheck`: what the api
 * builds must be assignable to what the contract says).
 */
describe('wire types in libs/contracts', () => {
  it('name the same roles, task statuses, budget categories, feedback kinds and views as the api', () => {
    expect([...PROJECT_ROLES]).toEqual([...ProjectRoles]);
    expect([...TASK_STATUSES]).toEqual([...TaskStatuses]);
    expect([...BUDGET_CATEGORIES]).toEqual([...BudgetCategories]);
    expect([...FEEDBACK_KINDS]).toEqual([...FeedbackKinds]);
    expect([...VIEW_NAMES].sort()).toEqual(Object.keys(projectViews).sort());
  });

  it('describe what the api builds (checked by the compiler)', () => {
    const shapes = {
      task: (t: FoldedTask): BoardTask => t,
      milestone: (m: FoldedMilestone): BoardMilestone => m,
      line: (l: BudgetLineItem): BudgetLine => l,
      cost: (c: CostItem): CostEntry => c,
      feedback: (f: FeedbackEntry): FeedbackItem => f,
      me: (m: MeDto): Me => m,
      signedIn: (s: SignedInDto): SignedIn => s,
      portfolio: (p: PortfolioDto): Portfolio => p,
      project: (p: ProjectSummaryDto): ProjectSummary => p,
      write: (w: WriteResultDto): WriteResult => w,
    };
    expect(Object.keys(shapes)).toHaveLength(10);
  });
});
