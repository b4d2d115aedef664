import fc from 'fast-check';
import type { BudgetCategory, ProjectCommand } from '@app/domain';
import { budgetView, foldView, plannedShare, present, type BudgetFigures, type CostItem } from '.';
import { clock, history, start, task } from './testing';

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
const line = (lineId: string, amountMinor: number, category: BudgetCategory = 'labour'): ProjectCommand => ({
  type: 'AddBudgetLine',
  data: { lineId, category, name: `Line ${lineId}`, amount: eur(amountMinor), by: 'pm' },
});
const cost = (costId: string, lineId: string, amountMinor: number, incurredOn: string): ProjectCommand => ({
  type: 'RecordCost',
  data: { costId, lineId, amount: eur(amountMinor), description: `internal cost ${costId}`, incurredOn, recordedBy: 'dev' },
});
const correct = (costId: string, correctsCostId: string, amountMinor: number, incurredOn: string): ProjectCommand => ({
  type: 'CorrectCost',
  data: { costId, correctsCostId, amount: eur(amountMinor), reason: 'internal reason', incurredOn, recordedBy: 'dev' },
});
const progress = (taskId: string, percentDone: number): ProjectCommand => ({ type: 'ReportTaskProgress', data: { taskId, percentDone } });
const baseline: ProjectCommand = { type: 'BaselinePlan', data: { reason: 'Signed', changeId: null, by: 'pm' } };

const figures = (commands: Parameters<typeof history>[0], audience: 'team' | 'client' = 'team'): BudgetFigures =>
  present(budgetView, foldView(budgetView, 'p', history(commands)), audience)!.figures as BudgetFigures;

describe('budget view', () => {
  it('computes the worked example of docs/earned-value.md', () => {
    const team = figures([
      ...start,
      clock('2027-02-20T09:00:00.000Z'),
      line('build', 8_000_000),
      line('hosting', 2_000_000, 'services'),
      task('A', 40, 'dev', { startDate: '2027-03-01', dueDate: '2027-03-10' }),
      task('B', 60, 'dev', { startDate: '2027-03-06', dueDate: '2027-03-25' }),
      baseline,
      cost('c1', 'build', 2_500_000, '2027-02-20'),
      clock('2027-03-08T11:00:00.000Z'),
      cost('c2', 'build', 3_000_000, '2027-03-05'),
      correct('c3', 'c2', -250_000, '2027-03-08'),
      clock('2027-03-10T16:00:00.000Z'),
      { type: 'ChangeTaskStatus', data: { taskId: 'A', status: 'done' } },
      progress('B', 10),
    ]);
    expect(team).toEqual({
      currency: 'EUR',
      asOf: '2027-03-10',
      earnedValue: {
        bacMinor: 10_000_000,
        pvMinor: 5_500_000,
        evMinor: 4_600_000,
        acMinor: 5_250_000,
        cvMinor: -650_000,
        svMinor: -900_000,
        cpi: 0.88,
        spi: 0.84,
        eacMinor: 11_413_043,
        etcMinor: 6_163_043,
        vacMinor: -1_413_043,
        percentComplete: 46,
        percentPlanned: 55,
        unscheduledTasks: 0,
      },
      burnPercent: 52.5,
      burn: [
        { month: '2027-02', actualMinor: 2_500_000, cumulativeMinor: 2_500_000 },
        { month: '2027-03', actualMinor: 2_750_000, cumulativeMinor: 5_250_000 },
      ],
      byCategory: { labour: { budgetMinor: 8_000_000, actualMinor: 5_250_000 }, services: { budgetMinor: 2_000_000, actualMinor: 0 } },
      overruns: [],
      correctedChains: [{ costId: 'c2', entries: ['c2', 'c3'], netAmountMinor: 2_750_000 }],
    });
  });

  it('keeps every line revision and every entry, shows a chain of corrections of corrections, and alerts on an overrun', () => {
    const events = history([
      ...start,
      line('l1', 100_000),
      line('l2', 50_000, 'equipment'),
      { type: 'ReviseBudget', data: { lineId: 'l1', amount: eur(120_000), reason: 'Second language', by: 'pm' } },
      cost('c1', 'l1', 90_000, '2027-01-05'),
      correct('c2', 'c1', -10_000, '2027-01-06'),
      correct('c3', 'c2', 5_000, '2027-02-01'),
      cost('c4', 'l2', 60_000, '2027-02-02'),
      { type: 'RecordCost', data: { costId: 'x', lineId: 'nope', amount: eur(1), description: 'refused', incurredOn: '2027-01-01', recordedBy: 'dev' } },
    ]);
    const data = foldView(budgetView, 'p', events);
    expect(data.lines.l1).toMatchObject({ amountMinor: 120_000, actualMinor: 85_000, version: 2, revisions: [{ amountMinor: 120_000, previousAmountMinor: 100_000, reason: 'Second language' }] });
    expect(data.costs.c3).toMatchObject<Partial<CostItem>>({ correctsCostId: 'c2', originalCostId: 'c1', reason: 'internal reason', amountMinor: 5_000 });
    expect(data.costs.c1!.correctedBy).toEqual(['c2']);
    expect(data.costs.c2!.correctedBy).toEqual(['c3']);
    expect(data.totals).toEqual({ budgetMinor: 170_000, actualMinor: 145_000 });
    const team = present(budgetView, data, 'team')!.figures as BudgetFigures;
    expect(team.correctedChains).toEqual([{ costId: 'c1', entries: ['c1', 'c2', 'c3'], netAmountMinor: 85_000 }]);
    expect(team.overruns).toEqual([{ lineId: 'l2', name: 'Line l2', budgetMinor: 50_000, actualMinor: 60_000, overMinor: 10_000 }]);
    expect(team.burn).toEqual([
      { month: '2027-01', actualMinor: 80_000, cumulativeMinor: 80_000 },
      { month: '2027-02', actualMinor: 65_000, cumulativeMinor: 145_000 },
    ]);
    // No task: nothing planned, nothing earned, spent: no estimate at completion by CPI.
    expect(team.earnedValue).toMatchObject({ evMinor: 0, pvMinor: 0, cpi: 0, spi: null, eacMinor: null, etcMinor: null, vacMinor: null });
  });

  it('measures planned value against the latest baseline: a slip after it lowers SPI, a task added after it is planned by its own dates', () => {
    const plan = [
      ...start,
      line('l1', 1_000_000),
      task('A', 10, 'dev', { startDate: '2027-01-01', dueDate: '2027-01-10' }),
      baseline,
      { type: 'UpdateTask', data: { taskId: 'A', changes: { dueDate: '2027-01-20' } } },
      task('B', 10, 'dev', { dueDate: '2027-01-05' }),
      task('C', 10, null),
      progress('A', 50),
    ] satisfies ProjectCommand[];
    const asOf = clock('2027-01-05T12:00:00.000Z');
    // A: 5 of its 10 baseline days; B (after the baseline, due 01-05, no start): all due; C: no due date.
    const team = figures([...plan.slice(0, -1), asOf, plan[plan.length - 1]!]);
    expect(team.earnedValue).toMatchObject({ percentPlanned: round1((10 * 0.5 + 10 * 1 + 0) / 30), percentComplete: round1((10 * 0.5) / 30), unscheduledTasks: 1 });
    expect(team.earnedValue.pvMinor).toBe(Math.round((1_000_000 * 15) / 30));
    expect(team.earnedValue.evMinor).toBe(Math.round((1_000_000 * 5) / 30));
    expect(team.earnedValue.spi).toBe(0.33);
    // Without the baseline, A is planned by its live dates: 5 of 20 days.
    const live = figures([...plan.filter((command) => command !== baseline).slice(0, -1), asOf, plan[plan.length - 1]!]);
    expect(live.earnedValue.pvMinor).toBe(Math.round((1_000_000 * (10 * 0.25 + 10)) / 30));
  });

  it('plans a task linearly over its days, both ends included', () => {
    const dates = { startDate: '2027-03-06', dueDate: '2027-03-25' };
    expect([plannedShare(dates, '2027-03-05'), plannedShare(dates, '2027-03-06'), plannedShare(dates, '2027-03-10'), plannedShare(dates, '2027-03-25'), plannedShare(dates, '2028-01-01')]).toEqual([0, 0.05, 0.25, 1, 1]);
    expect(plannedShare({ startDate: null, dueDate: '2027-03-25' }, '2027-03-24')).toBe(0);
    expect(plannedShare({ startDate: null, dueDate: '2027-03-25' }, '2027-03-25')).toBe(1);
    expect(plannedShare({ startDate: '2027-03-06', dueDate: null }, '2027-03-25')).toBeNull();
    expect(plannedShare(dates, null)).toBe(0);
  });

  it('before any cost, estimates the budget at completion', () => {
    const team = figures([...start, line('l1', 500_000), task('A', 8)]);
    expect(team.earnedValue).toMatchObject({ bacMinor: 500_000, acMinor: 0, cpi: null, eacMinor: 500_000, etcMinor: 500_000, vacMinor: 0, unscheduledTasks: 1 });
    expect(team.burnPercent).toBe(0);
  });

  it('shows a client budget-level totals and earned value, never a line or a cost entry', () => {
    const commands = [...start, line('l1', 100_000), task('A', 10, 'dev', { dueDate: '2027-01-01' }), cost('c1', 'l1', 40_000, '2027-01-02'), correct('c2', 'c1', -1_000, '2027-01-03'), progress('A', 50)];
    const client = present(budgetView, foldView(budgetView, 'p', history(commands)), 'client')!;
    const team = figures(commands);
    expect(Object.keys(client).sort()).toEqual(['asOf', 'baselineTasks', 'burnByMonth', 'currency', 'figures', 'projectId', 'tasks', 'totals']);
    expect(client.totals).toEqual({ budgetMinor: 100_000, actualMinor: 39_000 });
    expect(client.figures).toEqual({ ...team, byCategory: {}, overruns: [], correctedChains: [] });
    const text = JSON.stringify(client);
    for (const hidden of ['c1', 'c2', 'internal cost', 'internal reason', 'Line l1', 'recordedBy', 'assigneeId', 'internal detail']) expect(text).not.toContain(hidden);
  });

  describe('client form, whatever happened', () => {
    const id = fc.constantFrom('a', 'b', 'c');
    const amount = fc.integer({ min: 0, max: 1_000_000 });
    const command: fc.Arbitrary<ProjectCommand> = fc.oneof(
      fc.record({ lineId: id, amount }).map((l) => line(`line-${l.lineId}`, l.amount)),
      fc.record({ lineId: id, amount }).map((l): ProjectCommand => ({ type: 'ReviseBudget', data: { lineId: `line-${l.lineId}`, amount: eur(l.amount), reason: 'internal reason', by: 'pm' } })),
      fc.record({ costId: id, lineId: id, amount, day: fc.integer({ min: 1, max: 28 }) }).map((c) => cost(`cost-${c.costId}`, `line-${c.lineId}`, c.amount, `2027-02-${String(c.day).padStart(2, '0')}`)),
      fc.record({ costId: id, of: id, amount: fc.integer({ min: -100_000, max: 100_000 }) }).map((c) => correct(`fix-${c.costId}`, `cost-${c.of}`, c.amount, '2027-03-01')),
      fc.record({ taskId: id, estimate: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }), due: fc.option(fc.constantFrom('2026-12-01', '2027-01-01', '2027-06-01'), { nil: null }) }).map((t) =>
        task(`task-${t.taskId}`, t.estimate, 'dev', { startDate: '2026-12-01', dueDate: t.due }),
      ),
      fc.record({ taskId: id, percent: fc.integer({ min: 0, max: 100 }) }).map((t) => progress(`task-${t.taskId}`, t.percent)),
      fc.constant(baseline),
    );

    it('holds no cost entry, line, or reason, and its figures are the team’s over budget-level totals', () => {
      fc.assert(
        fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
          // Two lines to start with, so most costs and corrections are accepted.
          const data = foldView(budgetView, 'p', history([...start, line('line-a', 500_000), line('line-b', 300_000, 'services'), ...commands]));
          const client = present(budgetView, data, 'client')!;
          const text = JSON.stringify(client);
          for (const hidden of ['cost-', 'fix-', 'line-', 'internal', 'recordedBy', 'description', 'correctedBy', 'revisions']) expect(text).not.toContain(hidden);
          const team = present(budgetView, data, 'team')!.figures as BudgetFigures;
          expect(client.figures).toEqual({ ...team, byCategory: {}, overruns: [], correctedChains: [] });
          expect(team.earnedValue.acMinor).toBe(Object.values(data.costs).reduce((sum, c) => sum + c.amountMinor, 0));
          expect(team.earnedValue.bacMinor).toBe(Object.values(data.lines).reduce((sum, l) => sum + l.amountMinor, 0));
        }),
        { numRuns: 200 },
      );
    });
  });
});

function round1(share: number): number {
  return Math.round(share * 1000) / 10;
}
