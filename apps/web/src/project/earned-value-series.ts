import type { BudgetView } from '@app/contracts';

/**
 * The series of the burn chart, from the `budget` view alone, computed as the
 * view computes its figures (docs/earned-value.md): planned value over the
 * plan's days, and the actual cost as it accrued.
 */

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC) of a YYYY-MM-DD date. */
export const dayNumber = (date: string): number => Math.round(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS);
export const dayDate = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

interface Schedule {
  readonly startDate: string | null;
  readonly dueDate: string | null;
}

/** The share (0–1) of a task scheduled to be done by the end of `day`; `null` when it has no due date. */
export function plannedShare(schedule: Schedule, day: number): number | null {
  if (schedule.dueDate === null) return null;
  const from = dayNumber(schedule.startDate ?? schedule.dueDate);
  const share = (day - from + 1) / (dayNumber(schedule.dueDate) - from + 1);
  return Math.min(1, Math.max(0, share));
}

const weight = (estimateHours: number | null): number => (estimateHours !== null && estimateHours > 0 ? estimateHours : 1);

/** Each task's schedule as earned value plans it: the latest baseline's dates when it gave a due date, the live ones otherwise. */
function schedules(view: Pick<BudgetView, 'tasks' | 'baselineTasks'>): Array<{ readonly schedule: Schedule; readonly weight: number }> {
  return Object.values(view.tasks ?? {}).map((task) => {
    const baseline = view.baselineTasks?.[task.taskId];
    return { schedule: baseline !== undefined && baseline.dueDate !== null ? baseline : task, weight: weight(task.estimateHours) };
  });
}

export interface Point {
  readonly day: number;
  readonly minor: number;
}

export interface BurnSeries {
  /** The first and last day the chart spans. */
  readonly from: number;
  readonly to: number;
  /** The day the figures are measured at (the view's `asOf`). */
  readonly asOf: number | null;
  readonly bacMinor: number;
  /** Planned value at the end of each day, from the first to the last. */
  readonly planned: readonly Point[];
  /** Actual cost to the end of each day a cost was incurred, cumulative, starting at 0 the day before the first. */
  readonly actual: readonly Point[];
  /** Earned value at `asOf`. */
  readonly earned: Point | null;
}

/**
 * Planned value (BAC × the share of the plan's work scheduled by each day), the actual cost
 * (the team's entries by the day incurred; otherwise the monthly burn at each month's end),
 * and earned value at the as-of date.
 */
export function burnSeries(view: BudgetView): BurnSeries | null {
  const bac = view.totals.budgetMinor;
  const planned = schedules(view);
  const totalWeight = planned.reduce((sum, p) => sum + p.weight, 0);
  const asOf = view.asOf === null ? null : dayNumber(view.asOf);

  const costs = view.costs === undefined ? null : Object.values(view.costs);
  const accrued = new Map<number, number>();
  if (costs !== null) {
    for (const cost of costs) accrued.set(dayNumber(cost.incurredOn), (accrued.get(dayNumber(cost.incurredOn)) ?? 0) + cost.amountMinor);
  } else {
    for (const month of view.figures.burn) {
      const [year, m] = month.month.split('-').map(Number) as [number, number];
      accrued.set(Math.round(Date.UTC(year, m, 0) / DAY_MS), month.actualMinor);
    }
  }

  const days: number[] = [...accrued.keys()];
  for (const { schedule } of planned) {
    if (schedule.startDate !== null) days.push(dayNumber(schedule.startDate));
    if (schedule.dueDate !== null) days.push(dayNumber(schedule.dueDate));
  }
  if (asOf !== null) days.push(asOf);
  if (days.length === 0) return null;
  const from = Math.min(...days) - 1;
  const to = Math.max(...days, from + 7);

  const plannedAt = (day: number): number => {
    if (totalWeight === 0) return 0;
    let share = 0;
    for (const p of planned) share += p.weight * (plannedShare(p.schedule, day) ?? 0);
    return Math.round((bac * share) / totalWeight);
  };
  // One point a day up to a year; beyond that, evenly spaced (the curve is piecewise linear between task dates).
  const step = Math.max(1, Math.ceil((to - from) / 366));
  const plannedPoints: Point[] = [];
  for (let day = from; day <= to; day += step) plannedPoints.push({ day, minor: plannedAt(day) });
  if (plannedPoints[plannedPoints.length - 1]!.day !== to) plannedPoints.push({ day: to, minor: plannedAt(to) });

  let cumulative = 0;
  const actual: Point[] = [];
  const accruedDays = [...accrued.keys()].sort((a, b) => a - b);
  if (accruedDays.length > 0) actual.push({ day: accruedDays[0]! - 1, minor: 0 });
  for (const day of accruedDays) actual.push({ day, minor: (cumulative += accrued.get(day)!) });

  const ev = view.figures.earnedValue;
  return { from, to, asOf, bacMinor: bac, planned: plannedPoints, actual, earned: asOf === null ? null : { day: asOf, minor: ev.evMinor } };
}

/** The value of a step series (such as the cumulative actual cost) at the end of `day`. */
export function valueAt(points: readonly Point[], day: number): number {
  let value = 0;
  for (const point of points) {
    if (point.day > day) break;
    value = point.minor;
  }
  return value;
}

/** The last day of each month the chart spans (and its last day), for the text alternative. */
export function monthEnds(from: number, to: number): number[] {
  const ends: number[] = [];
  const start = new Date(from * DAY_MS);
  for (let year = start.getUTCFullYear(), month = start.getUTCMonth(); ; month += 1) {
    const end = Math.round(Date.UTC(year, month + 1, 0) / DAY_MS);
    if (end >= to) break;
    ends.push(end);
  }
  ends.push(to);
  return ends;
}

const WEEK_DAYS = 7;

/**
 * The instants at which to read earned value as it was (the `budget` view `?asOf=`):
 * the end of each week (Sunday, 23:59:59.999 UTC) from the project's creation up to,
 * not including, the week of `asOf`; at most `max` of them, thinned evenly (the
 * latest always kept). Each is in the past of the latest event, so what the view
 * says there never changes.
 */
export function earnedSamples(createdAt: string, asOf: string, max = 26): string[] {
  const created = dayNumber(createdAt);
  const last = dayNumber(asOf);
  // 1970-01-01 was a Thursday: day + 4 is 0 on Sundays, modulo 7.
  const firstSunday = created + ((7 - ((created + 4) % 7)) % 7);
  const sundays: number[] = [];
  for (let day = firstSunday; day < last; day += WEEK_DAYS) sundays.push(day);
  const every = Math.ceil(sundays.length / max);
  const kept = sundays.filter((_, i) => (sundays.length - 1 - i) % every === 0);
  return kept.map((day) => `${dayDate(day)}T23:59:59.999Z`);
}
