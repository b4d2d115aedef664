export const BUDGET_CATEGORIES = ['labour', 'materials', 'equipment', 'services', 'other'] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

/** Money: whole minor units and the project's ISO 4217 code. */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

export interface BudgetLine {
  readonly lineId: string;
  readonly category: BudgetCategory;
  readonly name: string;
  readonly amountMinor: number;
  readonly actualMinor: number;
  readonly version: number;
}

export interface CostEntry {
  readonly costId: string;
  readonly lineId: string;
  readonly amountMinor: number;
  readonly description: string;
  readonly incurredOn: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
  readonly revision: number;
  readonly correctsCostId: string | null;
  readonly reason: string | null;
}

export interface EarnedValue {
  readonly bacMinor: number;
  readonly pvMinor: number;
  readonly evMinor: number;
  readonly acMinor: number;
  readonly cvMinor: number;
  readonly svMinor: number;
  readonly cpi: number | null;
  readonly spi: number | null;
  readonly eacMinor: number | null;
  readonly etcMinor: number | null;
  readonly vacMinor: number | null;
  readonly percentComplete: number;
  readonly percentPlanned: number;
  readonly unscheduledTasks: number;
}

export interface BudgetFigures {
  readonly currency: string;
  readonly asOf: string | null;
  readonly earnedValue: EarnedValue;
  readonly burnPercent: number | null;
  readonly burn: ReadonlyArray<{ readonly month: string; readonly actualMinor: number; readonly cumulativeMinor: number }>;
  readonly overruns: ReadonlyArray<{ readonly lineId: string; readonly name: string; readonly budgetMinor: number; readonly actualMinor: number; readonly overMinor: number }>;
}

/** What earned value measures of a task: its weight (estimate), its schedule and its progress. */
export interface BudgetTask {
  readonly taskId: string;
  readonly startDate: string | null;
  readonly dueDate: string | null;
  readonly estimateHours: number | null;
  readonly percentDone: number;
}

/** The `budget` view. The client form has only the totals: no `lines`, no `costs`. */
export interface BudgetView {
  readonly projectId: string;
  readonly currency: string;
  /** When the last event folded in was recorded (ISO 8601): what the figures are measured at. */
  readonly asOf: string | null;
  readonly totals: { readonly budgetMinor: number; readonly actualMinor: number };
  /** The plan's tasks, as earned value measures them. */
  readonly tasks: Readonly<Record<string, BudgetTask>>;
  /** Each task's dates in the latest baseline, by task id; empty before the plan is baselined. */
  readonly baselineTasks: Readonly<Record<string, { readonly startDate: string | null; readonly dueDate: string | null }>>;
  readonly lines?: Readonly<Record<string, BudgetLine>>;
  readonly costs?: Readonly<Record<string, CostEntry>>;
  readonly figures: BudgetFigures;
}

/** `POST /api/projects/:id/costs` (a correction also names `corrects` and a `reason`). */
export interface RecordCostRequest {
  readonly lineId: string;
  readonly amount: Money;
  readonly description?: string;
  readonly incurredOn: string;
}
