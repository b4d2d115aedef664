import type { BudgetView } from '@app/contracts';
import { burnSeries, dayNumber, earnedSamples, monthEnds, plannedShare, valueAt } from './earned-value-series';

const figures = (evMinor: number): BudgetView['figures'] =>
  ({
    currency: 'EUR',
    asOf: '2027-03-10',
    earnedValue: { bacMinor: 10_000_000, pvMinor: 5_500_000, evMinor, acMinor: 5_250_000, cvMinor: 0, svMinor: 0, cpi: 0.88, spi: 0.84, eacMinor: 0, etcMinor: 0, vacMinor: 0, percentComplete: 46, percentPlanned: 55, unscheduledTasks: 0 },
    burnPercent: 52.5,
    burn: [
      { month: '2027-02', actualMinor: 2_500_000, cumulativeMinor: 2_500_000 },
      { month: '2027-03', actualMinor: 2_750_000, cumulativeMinor: 5_250_000 },
    ],
    overruns: [],
  }) as BudgetView['figures'];

/** The worked example of docs/earned-value.md. */
const example: BudgetView = {
  projectId: 'p',
  currency: 'EUR',
  asOf: '2027-03-10T12:00:00.000Z',
  totals: { budgetMinor: 10_000_000, actualMinor: 5_250_000 },
  tasks: {
    a: { taskId: 'a', startDate: '2027-03-02', dueDate: '2027-03-12', estimateHours: 40, percentDone: 100 },
    b: { taskId: 'b', startDate: '2027-03-06', dueDate: '2027-03-25', estimateHours: 60, percentDone: 10 },
  },
  // A slipped after the baseline: the plan is measured against the baseline's dates.
  baselineTasks: { a: { startDate: '2027-03-01', dueDate: '2027-03-10' }, b: { startDate: '2027-03-06', dueDate: '2027-03-25' } },
  figures: figures(4_600_000),
};

describe('burn chart series', () => {
  it('plans each task linearly over its days, both included', () => {
    expect(plannedShare({ startDate: '2027-03-06', dueDate: '2027-03-25' }, dayNumber('2027-03-10'))).toBe(0.25);
    expect(plannedShare({ startDate: null, dueDate: '2027-03-25' }, dayNumber('2027-03-24'))).toBe(0);
    expect(plannedShare({ startDate: null, dueDate: '2027-03-25' }, dayNumber('2027-03-25'))).toBe(1);
    expect(plannedShare({ startDate: '2027-03-06', dueDate: null }, dayNumber('2027-03-25'))).toBeNull();
  });

  it('gives planned value as the view computes PV: at the as-of date it is the view’s PV, and BAC once all is due', () => {
    const series = burnSeries(example)!;
    expect(valueAt(series.planned, dayNumber('2027-03-10'))).toBe(5_500_000);
    expect(valueAt(series.planned, dayNumber('2027-03-25'))).toBe(10_000_000);
    expect(valueAt(series.planned, dayNumber('2027-02-28'))).toBe(0);
    // The chart spans the plan and the costs (here the monthly burn, to the end of March).
    expect([series.from, series.to]).toEqual([dayNumber('2027-02-27'), dayNumber('2027-03-31')]);
    expect(series.earned).toEqual({ day: dayNumber('2027-03-10'), minor: 4_600_000 });
  });

  it('accrues the actual cost by the day incurred for the team, and by month for a view with no entries', () => {
    const team: BudgetView = {
      ...example,
      costs: {
        c1: { costId: 'c1', lineId: 'l', amountMinor: 2_500_000, description: '', incurredOn: '2027-02-20', recordedBy: 'u', recordedAt: '', revision: 1, correctsCostId: null, reason: null },
        c2: { costId: 'c2', lineId: 'l', amountMinor: 3_000_000, description: '', incurredOn: '2027-03-05', recordedBy: 'u', recordedAt: '', revision: 2, correctsCostId: null, reason: null },
        c3: { costId: 'c3', lineId: 'l', amountMinor: -250_000, description: '', incurredOn: '2027-03-08', recordedBy: 'u', recordedAt: '', revision: 3, correctsCostId: 'c2', reason: 'discount' },
      },
    };
    const series = burnSeries(team)!;
    expect(series.actual.map((p) => p.minor)).toEqual([0, 2_500_000, 5_500_000, 5_250_000]);
    expect(series.from).toBe(dayNumber('2027-02-19'));
    expect(valueAt(series.actual, dayNumber('2027-03-06'))).toBe(5_500_000);

    const byMonth = burnSeries(example)!;
    expect(byMonth.actual).toEqual([
      { day: dayNumber('2027-02-27'), minor: 0 },
      { day: dayNumber('2027-02-28'), minor: 2_500_000 },
      { day: dayNumber('2027-03-31'), minor: 5_250_000 },
    ]);
  });

  it('names the month ends the chart spans, and its last day', () => {
    expect(monthEnds(dayNumber('2027-02-19'), dayNumber('2027-04-10')).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10))).toEqual([
      '2027-02-28',
      '2027-03-31',
      '2027-04-10',
    ]);
  });

  it('has nothing to draw for a project with no dates, no costs and no events', () => {
    expect(burnSeries({ ...example, asOf: null, tasks: {}, baselineTasks: {}, figures: { ...figures(0), burn: [] } })).toBeNull();
  });
});

describe('earned value samples', () => {
  it('reads earned value at the end of each week since the project was created, before the week of the as-of date', () => {
    // 2027-03-01 is a Monday; 2027-03-07, -14, -21 are Sundays.
    expect(earnedSamples('2027-03-01T09:00:00.000Z', '2027-03-24T10:00:00.000Z')).toEqual([
      '2027-03-07T23:59:59.999Z',
      '2027-03-14T23:59:59.999Z',
      '2027-03-21T23:59:59.999Z',
    ]);
    expect(earnedSamples('2027-03-07T09:00:00.000Z', '2027-03-07T10:00:00.000Z')).toEqual([]);
  });

  it('keeps at most so many, evenly, the latest always', () => {
    const samples = earnedSamples('2026-01-01T00:00:00.000Z', '2027-06-30T00:00:00.000Z', 10);
    expect(samples.length).toBeLessThanOrEqual(10);
    expect(samples[samples.length - 1]).toBe('2027-06-27T23:59:59.999Z');
  });
});
