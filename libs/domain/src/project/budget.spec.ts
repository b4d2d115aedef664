import { DeciderSpecification } from '../testing/decider-specification';
import { actualCost, evolveBudget, initialBudgetState, type BudgetEvent } from './budget';
import { projectDecider, type ProjectEvent } from './project';

const spec = DeciderSpecification(projectDecider);
const project: ProjectEvent[] = [
  { type: 'ProjectCreated', data: { projectId: 'p1', name: 'Website relaunch', currency: 'EUR', createdBy: 'pm' } },
  { type: 'MemberJoined', data: { userId: 'pm', email: 'pm@example.com', role: 'manager', invitationId: null } },
  { type: 'MemberJoined', data: { userId: 'dev', email: 'dev@example.com', role: 'member', invitationId: 'i1' } },
];
const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
const lineAdded: ProjectEvent = { type: 'BudgetLineAdded', data: { lineId: 'l1', category: 'labour', name: 'Design', amountMinor: 1_200_000 } };
const cost: ProjectEvent = {
  type: 'CostRecorded',
  data: { costId: 'c1', lineId: 'l1', amountMinor: 250_000, description: 'Week 1 design', incurredOn: '2027-01-08', recordedBy: 'dev' },
};
const given = [...project, lineAdded, cost];

describe('budget and costs', () => {
  it('lets a manager add and revise budget lines in the project currency', () => {
    spec.given(project).when({ type: 'AddBudgetLine', data: { lineId: 'l1', category: 'labour', name: 'Design', amount: eur(1_200_000), by: 'pm' } }).then([lineAdded]);
    spec.given(project).when({ type: 'AddBudgetLine', data: { lineId: 'l1', category: 'labour', name: 'Design', amount: eur(1_200_000), by: 'dev' } }).thenThrows('project.forbidden');
    spec
      .given(project)
      .when({ type: 'AddBudgetLine', data: { lineId: 'l1', category: 'labour', name: 'Design', amount: { amountMinor: 100, currency: 'USD' }, by: 'pm' } })
      .thenThrows('money.wrong-currency');
    spec.given(project).when({ type: 'AddBudgetLine', data: { lineId: 'l1', category: 'labour', name: 'Design', amount: eur(10.5), by: 'pm' } }).thenThrows('money.invalid-amount');
    spec.given(project).when({ type: 'AddBudgetLine', data: { lineId: 'l1', category: 'labour', name: 'Design', amount: eur(-1), by: 'pm' } }).thenThrows('money.invalid-amount');
    spec
      .given(given)
      .when({ type: 'ReviseBudget', data: { lineId: 'l1', amount: eur(1_500_000), reason: 'Second language', by: 'pm' } })
      .then([{ type: 'BudgetRevised', data: { lineId: 'l1', amountMinor: 1_500_000, previousAmountMinor: 1_200_000, reason: 'Second language' } }]);
    spec.given(given).when({ type: 'ReviseBudget', data: { lineId: 'l1', amount: eur(1), reason: 'x', by: 'pm', ifVersion: 7 } }).thenThrows('budget-line.version-conflict');
  });

  it('books costs to a line; the team may record them', () => {
    spec
      .given([...project, lineAdded])
      .when({ type: 'RecordCost', data: { costId: 'c1', lineId: 'l1', amount: eur(250_000), description: 'Week 1 design', incurredOn: '2027-01-08', recordedBy: 'dev' } })
      .then([cost]);
    spec
      .given([...project, lineAdded])
      .when({ type: 'RecordCost', data: { costId: 'c2', lineId: 'l9', amount: eur(1), description: 'x', incurredOn: '2027-01-08', recordedBy: 'dev' } })
      .thenThrows('budget-line.not-found');
    spec
      .given([...project, lineAdded])
      .when({ type: 'RecordCost', data: { costId: 'c2', lineId: 'l1', amount: eur(1), description: 'x', incurredOn: '2027-13-08', recordedBy: 'dev' } })
      .thenThrows('plan.invalid-date');
    spec
      .given(given)
      .when({ type: 'RecordCost', data: { costId: 'c1', lineId: 'l1', amount: eur(1), description: 'x', incurredOn: '2027-01-08', recordedBy: 'dev' } })
      .thenThrows('cost.exists');
  });

  it('corrects a cost with a new entry, never by editing it', () => {
    const correct = (amountMinor: number, correctsCostId = 'c1') => ({
      type: 'CorrectCost' as const,
      data: { costId: 'c2', correctsCostId, amount: eur(amountMinor), reason: 'Invoice was 2,000 lower', incurredOn: '2027-01-10', recordedBy: 'dev' },
    });
    spec.given(given).when(correct(-200_000)).then([
      {
        type: 'CostCorrected',
        data: {
          costId: 'c2',
          lineId: 'l1',
          amountMinor: -200_000,
          description: 'Correction of Week 1 design',
          incurredOn: '2027-01-10',
          correctsCostId: 'c1',
          recordedBy: 'dev',
          reason: 'Invoice was 2,000 lower',
        },
      },
    ]);
    spec.given(given).when(correct(0)).thenThrows('cost.invalid-correction');
    spec.given(given).when(correct(-5, 'nope')).thenThrows('cost.not-found');
  });

  it('sums a line’s actual cost from its entries and corrections', () => {
    const events: BudgetEvent[] = [
      lineAdded as BudgetEvent,
      cost as BudgetEvent,
      { type: 'CostCorrected', data: { costId: 'c2', lineId: 'l1', amountMinor: -200_000, description: 'c', incurredOn: '2027-01-10', correctsCostId: 'c1', recordedBy: 'dev', reason: 'r' } },
    ];
    const state = events.reduce(evolveBudget, initialBudgetState());
    expect(actualCost(state, 'l1')).toBe(50_000);
    expect(state.costs.get('c1')!.amountMinor).toBe(250_000);
  });
});
