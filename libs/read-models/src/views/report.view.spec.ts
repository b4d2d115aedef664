import type { FeedbackKind, ProjectCommand } from '@app/domain';
import { foldView, present, reportView, type ReportFigures } from '.';
import { clock, history, start, task } from './testing';

const risk = (riskId: string, probability: number, impact: number, internalOnly = false): ProjectCommand => ({
  type: 'IdentifyRisk',
  data: { riskId, title: `Risk ${riskId}`, description: '', category: 'schedule', ownerId: 'dev', mitigation: `Plan for ${riskId}`, contingency: 'c', internalOnly, probability, impact, identifiedBy: 'pm' },
});
const submit = (feedbackId: string, kind: FeedbackKind): ProjectCommand => ({ type: 'SubmitFeedback', data: { feedbackId, kind, subject: `About ${feedbackId}`, body: 'b', submittedBy: 'cl' } });
const respond = (feedbackId: string): ProjectCommand => ({ type: 'RespondToFeedback', data: { feedbackId, response: 'On it', respondedBy: 'pm' } });
const publish = (reportId: string, period: string): ProjectCommand => ({ type: 'PublishStatusReport', data: { reportId, period, summary: `Summary of ${period}`, nextSteps: 'Launch', by: 'pm' } });

describe('report view', () => {
  // `start` has the milestones m1 "Beta" due 2027-02-01 and m2 "Launch" due 2027-03-01.
  const commands = [
    ...start,
    task('t1', 10, 'dev', { startDate: '2027-01-04', dueDate: '2027-01-08' }),
    task('t2', 20, 'dev', { dueDate: '2027-02-10' }),
    task('t3', 5, null, { dueDate: '2027-02-20' }),
    task('t4', 5, 'dev', { dueDate: '2027-02-01' }),
    task('t5', null, null),
    { type: 'BaselinePlan', data: { reason: 'Signed', changeId: null, by: 'pm' } },
    { type: 'AddMilestone', data: { milestoneId: 'm3', phaseId: 'ph1', name: 'Content freeze', dueDate: '2027-01-25' } },
    { type: 'AddMilestone', data: { milestoneId: 'm4', phaseId: 'ph1', name: 'Handover', dueDate: '2027-04-01' } },
    { type: 'RequestChange', data: { changeId: 'c1', title: 'More pages', description: '', impact: { scope: 'pages', scheduleDays: 9, costMinor: 0 }, requestedBy: 'pm' } },
    { type: 'ApproveChange', data: { changeId: 'c1', reason: 'Agreed', by: 'pm' } },
    { type: 'RescheduleMilestone', data: { milestoneId: 'm2', dueDate: '2027-03-10', changeId: 'c1' } },
    { type: 'MarkMilestoneReached', data: { milestoneId: 'm1', reachedOn: '2027-01-30' } },
    { type: 'ChangeTaskStatus', data: { taskId: 't4', status: 'done' } },
    { type: 'ChangeTaskStatus', data: { taskId: 't2', status: 'in_progress' } },
    { type: 'ReportTaskProgress', data: { taskId: 't2', percentDone: 50 } },
    risk('r1', 4, 5),
    risk('r2', 5, 5, true),
    risk('r3', 3, 3),
    risk('r4', 2, 2),
    risk('r5', 5, 4),
    { type: 'ChangeRiskStatus', data: { riskId: 'r5', status: 'closed', note: 'Gone' } },
    { type: 'AddBudgetLine', data: { lineId: 'l1', category: 'labour', name: 'Team line', amount: { amountMinor: 100_000, currency: 'EUR' }, by: 'pm' } },
    { type: 'RecordCost', data: { costId: 'k1', lineId: 'l1', amount: { amountMinor: 30_000, currency: 'EUR' }, description: 'Designer at 95/h', incurredOn: '2027-01-10', recordedBy: 'dev' } },
    clock('2027-01-20T09:00:00.000Z'),
    submit('f1', 'question'),
    submit('f2', 'issue'),
    submit('f3', 'request'),
    submit('f4', 'praise'),
    respond('f2'),
    respond('f3'),
    { type: 'ResolveFeedback', data: { feedbackId: 'f3', resolution: 'Done', resolvedBy: 'pm' } },
    publish('rep1', 'Week 3'),
    clock('2027-02-01T10:00:00.000Z'),
    publish('rep2', 'Week 5'),
  ] satisfies Parameters<typeof history>[0];

  const folded = () => foldView(reportView, 'p', history(commands));

  it('drafts the status report from the live data, as of the last event', () => {
    const team = present(reportView, folded(), 'team')!;
    const figures = team.figures as ReportFigures;
    // Weights 10 + 20 + 5 + 5 + 1 (t5 has no estimate) = 41 hours; done: half of t2 and all of t4.
    const earned = Math.round((100_000 * (20 * 0.5 + 5)) / 41);
    expect(figures).toEqual({
      asOf: '2027-02-01',
      progress: { percent: Math.round((20 * 50 + 5 * 100) / 41), tasks: 5, done: 1, blocked: 0, scheduleVarianceDays: 9 },
      milestones: [
        { milestoneId: 'm3', name: 'Content freeze', dueDate: '2027-01-25', baselineDueDate: null, reachedOn: null, status: 'late', onTime: false },
        { milestoneId: 'm1', name: 'Beta', dueDate: '2027-02-01', baselineDueDate: '2027-02-01', reachedOn: '2027-01-30', status: 'reached', onTime: true },
        { milestoneId: 'm2', name: 'Launch', dueDate: '2027-03-10', baselineDueDate: '2027-03-01', reachedOn: null, status: 'late', onTime: false },
        { milestoneId: 'm4', name: 'Handover', dueDate: '2027-04-01', baselineDueDate: null, reachedOn: null, status: 'on-time', onTime: true },
      ],
      onTimeMilestoneRate: 1,
      topRisks: [
        { riskId: 'r2', title: 'Risk r2', category: 'schedule', probability: 5, impact: 5, exposure: 25, status: 'open', mitigation: 'Plan for r2' },
        { riskId: 'r1', title: 'Risk r1', category: 'schedule', probability: 4, impact: 5, exposure: 20, status: 'open', mitigation: 'Plan for r1' },
        { riskId: 'r3', title: 'Risk r3', category: 'schedule', probability: 3, impact: 3, exposure: 9, status: 'open', mitigation: 'Plan for r3' },
      ],
      riskExposure: 25 + 20 + 9 + 4,
      // Planned by 2027-02-01: all of t1 (baseline 4–8 January) and of t4 (due that day) = 15 of 41 hours, as much as is earned.
      budget: { currency: 'EUR', budgetMinor: 100_000, actualMinor: 30_000, burnPercent: 30, cpi: 1.22, spi: 1, eacMinor: Math.round((100_000 * 30_000) / earned) },
      openFeedback: {
        count: 3,
        // f1 went unanswered 24 hours after it came; f2 was answered; praise (f4) asks for no answer; f3 is resolved.
        overdue: 1,
        items: [
          { feedbackId: 'f1', kind: 'question', subject: 'About f1', submittedAt: '2027-01-20T09:00:00.000Z', answered: false, overdue: true },
          { feedbackId: 'f2', kind: 'issue', subject: 'About f2', submittedAt: '2027-01-20T09:00:00.000Z', answered: true, overdue: false },
          { feedbackId: 'f4', kind: 'praise', subject: 'About f4', submittedAt: '2027-01-20T09:00:00.000Z', answered: false, overdue: false },
        ],
      },
      // Due 2027-02-01 to 2027-02-15 and not done: t2 (t4 is done, t3 is due later).
      nextSteps: [{ taskId: 't2', title: 'Task t2', dueDate: '2027-02-10', status: 'in_progress', percentDone: 50 }],
      overdueTasks: [{ taskId: 't1', title: 'Task t1', dueDate: '2027-01-08', status: 'todo', percentDone: 0 }],
    });
    expect(team.lastReport).toEqual({ reportId: 'rep2', period: 'Week 5', summary: 'Summary of Week 5', nextSteps: 'Launch', by: 'pm', publishedAt: '2027-02-01T10:00:00.000Z', revision: expect.any(Number) });
    expect(team.reportsPublished).toBe(2);
    // Every report published, the earlier one too, in publishing order.
    const published = Object.values(team.published as Record<string, { reportId: string; by: string }>);
    expect(published.map((r) => r.reportId)).toEqual(['rep1', 'rep2']);
    expect(published[1]).toEqual(team.lastReport);
  });

  it('drafts the client’s report from what a client may see: no internal-only risk, no cost detail, totals only', () => {
    const team = present(reportView, folded(), 'team')!;
    const client = present(reportView, folded(), 'client')!;
    const figures = client.figures as ReportFigures;
    const teamFigures = team.figures as ReportFigures;
    expect(figures.topRisks.map((r) => r.riskId)).toEqual(['r1', 'r3', 'r4']);
    expect(figures.riskExposure).toBe(20 + 9 + 4);
    // The same plan, milestones, budget totals and earned value, feedback and next steps.
    expect({ ...figures, topRisks: [], riskExposure: 0 }).toEqual({ ...teamFigures, topRisks: [], riskExposure: 0 });
    expect(client.lastReport).toEqual({ reportId: 'rep2', period: 'Week 5', summary: 'Summary of Week 5', nextSteps: 'Launch', publishedAt: '2027-02-01T10:00:00.000Z', revision: expect.any(Number) });
    expect(client.totals).toEqual({ budgetMinor: 100_000, actualMinor: 30_000 });
    expect(Object.values(client.published as Record<string, unknown>)).toEqual([
      { reportId: 'rep1', period: expect.any(String), summary: expect.any(String), nextSteps: expect.any(String), publishedAt: expect.any(String), revision: expect.any(Number) },
      client.lastReport,
    ]);
    const text = JSON.stringify(client);
    for (const hidden of ['r2', 'Team line', 'Designer', 'l1', 'k1', 'internal', 'ownerId', 'assigneeId', '"by"', '"note"', 'Gone']) expect(text).not.toContain(hidden);
  });

  it('has an empty draft before anything happened', () => {
    expect(present(reportView, reportView.initial('p'), 'client')!.figures).toMatchObject({
      asOf: null,
      milestones: [],
      topRisks: [],
      riskExposure: 0,
      budget: { budgetMinor: 0, actualMinor: 0, burnPercent: null, cpi: null, spi: null },
      openFeedback: { count: 0, overdue: 0, items: [] },
      nextSteps: [],
      overdueTasks: [],
    });
  });
});
