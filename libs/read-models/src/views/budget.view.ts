import type { BudgetCategory, ProjectEvent } from '@app/domain';
import { applyTaskEvent, daysBetween, taskWeight, type BoardTask } from './board.view';
import type { ProjectView, ProjectViewEvent } from './project-view';
import { extend } from './extend';

export interface BudgetLineItem {
  readonly lineId: string;
  readonly category: BudgetCategory;
  readonly name: string;
  /** The line's budget now, after every revision. */
  amountMinor: number;
  /** Every cost entry and correction booked to the line. */
  actualMinor: number;
  /** Each revision of the line's budget, oldest first. */
  revisions: Array<{ readonly revision: number; readonly at: string; readonly amountMinor: number; readonly previousAmountMinor: number; readonly reason: string }>;
  version: number;
}

/** A cost entry: never edited; a correction is another entry that names the one it corrects. */
export interface CostItem {
  readonly costId: string;
  readonly lineId: string;
  /** Negative for a correction that lowers the cost. */
  readonly amountMinor: number;
  readonly description: string;
  readonly incurredOn: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
  readonly revision: number;
  /** The entry this one corrects, or `null` for an ordinary cost. */
  readonly correctsCostId: string | null;
  /** Why it corrects it (`null` for an ordinary cost). */
  readonly reason: string | null;
  /** The ordinary cost at the start of this entry's chain of corrections (itself for an ordinary cost). */
  readonly originalCostId: string;
  /** The entries that corrected this one, in the order recorded. */
  correctedBy: string[];
}

/**
 * Budget and earned value (DOMAIN.md 10; formulas in docs/earned-value.md).
 * Money is integer minor units of the project's currency. The view folds the
 * plan's tasks itself (their estimates, dates and progress, and the latest
 * baseline's dates), since earned value measures the budget against the plan.
 */
export interface BudgetData {
  readonly projectId: string;
  currency: string;
  /** When the last event folded in was recorded: the date earned value is measured at (never the wall clock). */
  asOf: string | null;
  lines: Record<string, BudgetLineItem>;
  costs: Record<string, CostItem>;
  /** Budget-level totals, kept beside the lines and entries so a client can be shown them without either. */
  totals: { budgetMinor: number; actualMinor: number };
  /** Actual cost per month (YYYY-MM of `incurredOn`; a correction counts in its own month). */
  burnByMonth: Record<string, number>;
  tasks: Record<string, BoardTask>;
  /** Each task's dates in the latest baseline, by task id; empty before the plan is baselined. */
  baselineTasks: Record<string, { readonly startDate: string | null; readonly dueDate: string | null }>;
}

export interface EarnedValue {
  /** Budget at completion: the sum of the budget lines. */
  readonly bacMinor: number;
  /** Planned value: BAC × the share of the plan's work scheduled to be done by `asOf`. */
  readonly pvMinor: number;
  /** Earned value: BAC × the share of the plan's work done. */
  readonly evMinor: number;
  /** Actual cost: every cost entry and correction. */
  readonly acMinor: number;
  /** Cost variance EV − AC (negative: over cost). */
  readonly cvMinor: number;
  /** Schedule variance EV − PV (negative: behind). */
  readonly svMinor: number;
  /** Cost performance index EV / AC, to 2 decimals; `null` before any cost. */
  readonly cpi: number | null;
  /** Schedule performance index EV / PV, to 2 decimals; `null` while nothing is planned to be done. */
  readonly spi: number | null;
  /** Estimate at completion BAC / CPI (= BAC × AC / EV); BAC before any cost; `null` when cost was spent and nothing earned. */
  readonly eacMinor: number | null;
  /** Estimate to complete EAC − AC. */
  readonly etcMinor: number | null;
  /** Variance at completion BAC − EAC (negative: expected overrun). */
  readonly vacMinor: number | null;
  /** The share of the plan's work done, in percent to 1 decimal. */
  readonly percentComplete: number;
  /** The share of the plan's work scheduled to be done by `asOf`, in percent to 1 decimal. */
  readonly percentPlanned: number;
  /** Tasks with no due date: they earn value as they progress but are planned for no date. */
  readonly unscheduledTasks: number;
}

export interface BudgetFigures {
  readonly currency: string;
  /** The date (YYYY-MM-DD, UTC) the figures are measured at; `null` before any event. */
  readonly asOf: string | null;
  readonly earnedValue: EarnedValue;
  /** AC / BAC in percent, to 1 decimal; `null` with no budget. */
  readonly burnPercent: number | null;
  /** Actual cost per month, oldest first, with the cumulative cost to the end of that month. */
  readonly burn: Array<{ readonly month: string; readonly actualMinor: number; readonly cumulativeMinor: number }>;
  /** Budget and actual cost per category (of the lines shown). */
  readonly byCategory: Record<string, { readonly budgetMinor: number; readonly actualMinor: number }>;
  /** Overrun alerts: lines whose actual cost exceeds their budget. */
  readonly overruns: Array<{ readonly lineId: string; readonly name: string; readonly budgetMinor: number; readonly actualMinor: number; readonly overMinor: number }>;
  /** Every chain of corrections (of the entries shown): the ordinary cost, then each correction in the order recorded, and what they come to. */
  readonly correctedChains: Array<{ readonly costId: string; readonly entries: string[]; readonly netAmountMinor: number }>;
}

const round = (value: number, decimals: number): number => Math.round(value * 10 ** decimals) / 10 ** decimals;

/**
 * The share (0–1) of a task's work scheduled to be done by the end of `day`: linear over the
 * calendar days from its start to its due date, both included (a task with a due date and no
 * start is all due on that day); `null` for a task with no due date.
 */
export function plannedShare(schedule: { readonly startDate: string | null; readonly dueDate: string | null }, day: string | null): number | null {
  if (schedule.dueDate === null) return null;
  if (day === null) return 0;
  const from = schedule.startDate ?? schedule.dueDate;
  const share = (daysBetween(from, day) + 1) / (daysBetween(from, schedule.dueDate) + 1);
  return Math.min(1, Math.max(0, share));
}

/** What earned value is measured from: the budget-level totals, the plan's tasks and their latest baseline dates, as of the last event. */
export type EarnedValueBasis = Pick<BudgetData, 'asOf' | 'totals' | 'tasks' | 'baselineTasks'>;

/**
 * Folds an event into what earned value is measured from (in place): the budget view's
 * fold of it, shared with every view that shows earned value.
 */
export function applyEarnedValueEvent(basis: EarnedValueBasis, event: ProjectViewEvent): void {
  basis.asOf = event.recordedAt;
  const e = event as unknown as ProjectEvent;
  if (applyTaskEvent(basis.tasks, e)) return;
  switch (e.type) {
    case 'PlanBaselined':
      // What the new baseline changes: the other tasks keep their baseline dates.
      for (const [taskId, t] of Object.entries(e.data.tasks)) basis.baselineTasks[taskId] = { startDate: t.startDate, dueDate: t.dueDate };
      return;
    case 'BudgetLineAdded':
      basis.totals.budgetMinor += e.data.amountMinor;
      return;
    case 'BudgetRevised':
      basis.totals.budgetMinor += e.data.amountMinor - e.data.previousAmountMinor;
      return;
    case 'CostRecorded':
    case 'CostCorrected':
      basis.totals.actualMinor += e.data.amountMinor;
      return;
    default:
      return;
  }
}

/** Earned value and how much of the budget is spent (AC / BAC in percent, to 1 decimal; `null` with no budget). */
export function burnFigures(basis: Partial<EarnedValueBasis>): { readonly earnedValue: EarnedValue; readonly burnPercent: number | null } {
  const earned = earnedValue(basis);
  return { earnedValue: earned, burnPercent: earned.bacMinor > 0 ? round((earned.acMinor / earned.bacMinor) * 100, 1) : null };
}

function earnedValue(view: Partial<EarnedValueBasis>): EarnedValue {
  const bac = view.totals?.budgetMinor ?? 0;
  const ac = view.totals?.actualMinor ?? 0;
  const day = view.asOf === null || view.asOf === undefined ? null : view.asOf.slice(0, 10);
  let weights = 0;
  let done = 0;
  let planned = 0;
  let unscheduledTasks = 0;
  for (const task of Object.values(view.tasks ?? {})) {
    const weight = taskWeight(task);
    weights += weight;
    done += (weight * task.percentDone) / 100;
    // Planned against the latest baseline when it scheduled the task, against the live plan otherwise.
    const baseline = view.baselineTasks?.[task.taskId];
    const share = plannedShare(baseline !== undefined && baseline.dueDate !== null ? baseline : task, day);
    if (share === null) unscheduledTasks += 1;
    else planned += weight * share;
  }
  const complete = weights === 0 ? 0 : done / weights;
  const scheduled = weights === 0 ? 0 : planned / weights;
  const ev = Math.round(bac * complete);
  const pv = Math.round(bac * scheduled);
  const eac = ac === 0 ? bac : ev > 0 ? Math.round((bac * ac) / ev) : null;
  return {
    bacMinor: bac,
    pvMinor: pv,
    evMinor: ev,
    acMinor: ac,
    cvMinor: ev - ac,
    svMinor: ev - pv,
    cpi: ac > 0 ? round(ev / ac, 2) : null,
    spi: pv > 0 ? round(ev / pv, 2) : null,
    eacMinor: eac,
    etcMinor: eac === null ? null : eac - ac,
    vacMinor: eac === null ? null : bac - eac,
    percentComplete: round(complete * 100, 1),
    percentPlanned: round(scheduled * 100, 1),
    unscheduledTasks,
  };
}

export const budgetView: ProjectView<BudgetData> = {
  name: 'budget',
  initial: (projectId) => ({
    projectId,
    currency: '',
    asOf: null,
    lines: {},
    costs: {},
    totals: { budgetMinor: 0, actualMinor: 0 },
    burnByMonth: {},
    tasks: {},
    baselineTasks: {},
  }),
  apply(view, event) {
    applyEarnedValueEvent(view, event);
    const e = event as unknown as ProjectEvent;
    switch (e.type) {
      case 'ProjectCreated':
        view.currency = e.data.currency;
        return;
      case 'BudgetLineAdded':
        view.lines[e.data.lineId] = extend(e.data, { actualMinor: 0, revisions: [], version: 1 });
        return;
      case 'BudgetRevised': {
        const line = view.lines[e.data.lineId]!;
        const { lineId: _id, ...revision } = e.data;
        line.revisions.push({ revision: event.revision, at: event.recordedAt, ...revision });
        line.amountMinor = e.data.amountMinor;
        line.version += 1;
        return;
      }
      case 'CostRecorded':
      case 'CostCorrected': {
        const corrected = e.type === 'CostCorrected' ? view.costs[e.data.correctsCostId]! : null;
        view.costs[e.data.costId] = extend(e.data, {
          recordedAt: event.recordedAt,
          revision: event.revision,
          correctsCostId: corrected?.costId ?? null,
          reason: e.type === 'CostCorrected' ? e.data.reason : null,
          originalCostId: corrected?.originalCostId ?? e.data.costId,
          correctedBy: [] as string[],
        });
        corrected?.correctedBy.push(e.data.costId);
        view.lines[e.data.lineId]!.actualMinor += e.data.amountMinor;
        const month = e.data.incurredOn.slice(0, 7);
        view.burnByMonth[month] = (view.burnByMonth[month] ?? 0) + e.data.amountMinor;
        return;
      }
      default:
        return;
    }
  },
  // Budget-level totals only: no line, no cost entry (clients never see internal rates or costs).
  // The tasks' estimates, dates and progress (as the board shows them) let the figures measure earned value.
  client: {
    fields: {
      projectId: true,
      currency: true,
      asOf: true,
      totals: { fields: { budgetMinor: true, actualMinor: true } },
      burnByMonth: true,
      tasks: { each: { fields: { taskId: true, startDate: true, dueDate: true, estimateHours: true, percentDone: true } } },
      baselineTasks: { each: { fields: { startDate: true, dueDate: true } } },
    },
  },
  summarize(view): Record<string, unknown> & BudgetFigures {
    const { earnedValue: earned, burnPercent } = burnFigures(view);
    let cumulative = 0;
    const burn = Object.entries(view.burnByMonth ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([month, actualMinor]) => ({ month, actualMinor, cumulativeMinor: (cumulative += actualMinor) }));
    const lines = Object.values(view.lines ?? {});
    const byCategory: Record<string, { budgetMinor: number; actualMinor: number }> = {};
    for (const line of lines) {
      const category = (byCategory[line.category] ??= { budgetMinor: 0, actualMinor: 0 });
      category.budgetMinor += line.amountMinor;
      category.actualMinor += line.actualMinor;
    }
    const overruns = lines
      .filter((line) => line.actualMinor > line.amountMinor)
      .map((line) => ({ lineId: line.lineId, name: line.name, budgetMinor: line.amountMinor, actualMinor: line.actualMinor, overMinor: line.actualMinor - line.amountMinor }));
    const chains = new Map<string, CostItem[]>();
    for (const cost of Object.values(view.costs ?? {})) chains.set(cost.originalCostId, [...(chains.get(cost.originalCostId) ?? []), cost]);
    const correctedChains = [...chains]
      .filter(([, entries]) => entries.length > 1)
      .map(([costId, entries]) => {
        entries.sort((a, b) => a.revision - b.revision);
        return { costId, entries: entries.map((entry) => entry.costId), netAmountMinor: entries.reduce((sum, entry) => sum + entry.amountMinor, 0) };
      });
    return {
      currency: view.currency,
      asOf: view.asOf === null || view.asOf === undefined ? null : view.asOf.slice(0, 10),
      earnedValue: earned,
      burnPercent,
      burn,
      byCategory,
      overruns,
      correctedChains,
    };
  },
};
