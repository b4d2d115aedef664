import fc from 'fast-check';
import type { ProjectCommand } from '@app/domain';
import { boardView, budgetView, decisionsView, documentsView, foldView, forClient, present, projectViews, risksView } from '.';
import { history, start, task } from './testing';

const risk = (riskId: string, probability: number, impact: number, internalOnly: boolean): ProjectCommand => ({
  type: 'IdentifyRisk',
  data: { riskId, title: `Risk ${riskId}`, description: '', category: 'technical', ownerId: 'dev', mitigation: 'm', contingency: 'c', internalOnly, probability, impact, identifiedBy: 'pm' },
});

describe('board view', () => {
  it('shows the plan with progress weighted by estimates, the schedule variance against the baseline, on-time milestones and workload', () => {
    const events = history([
      ...start,
      task('t1', 30),
      task('t2', 10),
      task('t3', null, null),
      { type: 'ChangeTaskStatus', data: { taskId: 't1', status: 'done' } },
      { type: 'ReportTaskProgress', data: { taskId: 't2', percentDone: 50 } },
      { type: 'BaselinePlan', data: { reason: 'Signed', changeId: null, by: 'pm' } },
      { type: 'RequestChange', data: { changeId: 'c1', title: 'More pages', description: '', impact: { scope: 'pages', scheduleDays: 9, costMinor: 0 }, requestedBy: 'pm' } },
      { type: 'ApproveChange', data: { changeId: 'c1', reason: 'Agreed', by: 'pm' } },
      { type: 'RescheduleMilestone', data: { milestoneId: 'm2', dueDate: '2027-03-10', changeId: 'c1' } },
      { type: 'MarkMilestoneReached', data: { milestoneId: 'm1', reachedOn: '2027-01-30' } },
    ]);
    const team = present(boardView, foldView(boardView, 'p', events), 'team')!;
    expect(team.figures).toEqual({
      tasks: 3,
      done: 1,
      blocked: 0,
      progressPercent: Math.round((30 * 100 + 10 * 50 + 1 * 0) / 41),
      scheduleVarianceDays: 9,
      onTimeMilestoneRate: 1,
      workload: { dev: { openTasks: 1, remainingHours: 5 } },
    });
    expect((team.milestones as Record<string, unknown>).m2).toMatchObject({ dueDate: '2027-03-10', baselineDueDate: '2027-03-01', version: 2 });
    const client = present(boardView, foldView(boardView, 'p', events), 'client')!;
    expect((client.tasks as Record<string, Record<string, unknown>>).t1).toEqual({
      taskId: 't1', phaseId: 'ph1', title: 'Task t1', startDate: null, dueDate: null, estimateHours: 30, dependsOn: [], status: 'done', percentDone: 100,
    });
    expect(client.figures).toMatchObject({ progressPercent: (team.figures as { progressPercent: number }).progressPercent, workload: {} });
  });

  it('takes a new baseline as the previous one with what it changes: the other milestones and tasks keep their baseline', () => {
    const before = [
      ...start,
      task('t1', 30),
      { type: 'BaselinePlan', data: { reason: 'Signed', changeId: null, by: 'pm' } },
      { type: 'RequestChange', data: { changeId: 'c1', title: 'More pages', description: '', impact: { scope: 'pages', scheduleDays: 9, costMinor: 0 }, requestedBy: 'pm' } },
      { type: 'ApproveChange', data: { changeId: 'c1', reason: 'Agreed', by: 'pm' } },
      { type: 'RescheduleMilestone', data: { milestoneId: 'm2', dueDate: '2027-03-10', changeId: 'c1' } },
      task('t2', 10),
    ] as ProjectCommand[];
    const events = history([...before, { type: 'BaselinePlan', data: { reason: 'More pages', changeId: 'c1', by: 'pm' } }]);
    const rebaselined = events[events.length - 1]!.data as { milestones: object; tasks: object };
    expect(Object.keys(rebaselined.milestones)).toEqual(['m2']);
    expect(Object.keys(rebaselined.tasks)).toEqual(['t2']);
    const board = present(boardView, foldView(boardView, 'p', events), 'team')!;
    const milestones = board.milestones as Record<string, { dueDate: string; baselineDueDate: string | null }>;
    expect(milestones.m2).toMatchObject({ dueDate: '2027-03-10', baselineDueDate: '2027-03-10' });
    expect(milestones.m1!.baselineDueDate).toBe(milestones.m1!.dueDate);
    const budget = present(budgetView, foldView(budgetView, 'p', events), 'team')!;
    expect(Object.keys(budget.baselineTasks as object).sort()).toEqual(['t1', 't2']);
  });
});

describe('risks view', () => {
  it('keeps every assessment, maps open risks on the 5×5 grid, and tracks exposure over time', () => {
    const events = history([
      ...start,
      risk('r1', 4, 5, false),
      risk('r2', 2, 2, true),
      { type: 'ReassessRisk', data: { riskId: 'r1', probability: 2, impact: 5, note: 'Vendor signed' } },
      { type: 'ChangeRiskStatus', data: { riskId: 'r2', status: 'closed', note: 'Gone' } },
    ]);
    const team = present(risksView, foldView(risksView, 'p', events), 'team')!;
    const figures = team.figures as { heatMap: number[][]; exposure: number; exposureTrend: Array<{ exposure: number }> };
    expect(figures.exposure).toBe(10);
    expect(figures.heatMap[1]![4]).toBe(1);
    expect(figures.exposureTrend.map((point) => point.exposure)).toEqual([20, 24, 14, 10]);
    expect((team.risks as Record<string, { history: unknown[] }>).r1!.history).toHaveLength(2);
  });

  it('never shows a client an internal-only risk, an owner, a note, or a figure that counts them', () => {
    const events = history([...start, risk('r1', 4, 5, false), risk('r2', 5, 5, true)]);
    const client = present(risksView, foldView(risksView, 'p', events), 'client')!;
    expect(Object.keys(client.risks as object)).toEqual(['r1']);
    expect(client.figures).toMatchObject({ exposure: 20, exposureTrend: [{ revision: expect.any(Number), exposure: 20 }] });
    const text = JSON.stringify(client);
    expect(text).not.toContain('r2');
    expect(text).not.toContain('ownerId');
    expect(text).not.toContain('"note"');
  });
});

describe('decisions view', () => {
  const propose = (decisionId: string, supersedes: string | null): ProjectCommand => ({ type: 'ProposeDecision', data: { decisionId, title: `Decision ${decisionId}`, context: 'ctx', proposedBy: 'pm', supersedes } });
  const option = (decisionId: string, optionId: string, costMinor: number): ProjectCommand => ({
    type: 'AddDecisionOption',
    data: { decisionId, optionId, title: optionId, pros: '+', cons: '-', risks: 'r', benefits: 'b', costMinor },
  });
  const make = (decisionId: string, optionId: string): ProjectCommand => ({ type: 'MakeDecision', data: { decisionId, optionId, rationale: 'Because', by: 'pm', participants: ['pm', 'dev'] } });

  it('keeps each decision with its options, its choice and who took part, and the chain of superseding', () => {
    const events = history([
      ...start,
      propose('d1', null), option('d1', 'o1', 100_00), option('d1', 'o2', 250_00), make('d1', 'o1'),
      propose('d2', 'd1'), option('d2', 'o3', 90_00), make('d2', 'o3'),
      propose('d3', 'd2'), option('d3', 'o4', 80_00), make('d3', 'o4'),
      propose('d4', null),
    ]);
    const team = present(decisionsView, foldView(decisionsView, 'p', events), 'team')!;
    const d1 = (team.decisions as Record<string, Record<string, unknown>>).d1!;
    expect(d1).toMatchObject({ status: 'superseded', chosenOptionId: 'o1', supersededBy: 'd2', participants: ['pm', 'dev'], rationale: 'Because' });
    expect((d1.options as unknown[]).length).toBe(2);
    expect(team.figures).toEqual({ proposed: 1, decided: 1, superseded: 2, chains: [['d1', 'd2', 'd3']] });
  });

  it('has no client form: option costs and deliberation stay with the team', () => {
    expect(present(decisionsView, foldView(decisionsView, 'p', history([...start, propose('d1', null)])), 'client')).toBeNull();
  });
});

describe('client forms', () => {
  const id = fc.constantFrom('a', 'b', 'c');
  const command: fc.Arbitrary<ProjectCommand> = fc.oneof(
    fc.record({ riskId: id, probability: fc.integer({ min: 1, max: 5 }), impact: fc.integer({ min: 1, max: 5 }), internalOnly: fc.boolean() }).map((r) => risk(`risk-${r.riskId}`, r.probability, r.impact, r.internalOnly)),
    fc.record({ riskId: id, probability: fc.integer({ min: 1, max: 5 }), impact: fc.integer({ min: 1, max: 5 }) }).map(
      (r): ProjectCommand => ({ type: 'ReassessRisk', data: { riskId: `risk-${r.riskId}`, probability: r.probability, impact: r.impact, note: 'team note' } }),
    ),
    fc.record({ riskId: id, internalOnly: fc.boolean() }).map((r): ProjectCommand => ({ type: 'UpdateRisk', data: { riskId: `risk-${r.riskId}`, changes: { internalOnly: r.internalOnly } } })),
    fc.record({ riskId: id, status: fc.constantFrom('open' as const, 'mitigating' as const, 'occurred' as const, 'closed' as const) }).map(
      (r): ProjectCommand => ({ type: 'ChangeRiskStatus', data: { riskId: `risk-${r.riskId}`, status: r.status, note: 'team note' } }),
    ),
    fc.record({ taskId: id, estimate: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }) }).map((t) => task(`task-${t.taskId}`, t.estimate)),
    fc.record({ taskId: id, status: fc.constantFrom('todo' as const, 'in_progress' as const, 'blocked' as const, 'done' as const) }).map(
      (t): ProjectCommand => ({ type: 'ChangeTaskStatus', data: { taskId: `task-${t.taskId}`, status: t.status } }),
    ),
    fc.record({ lineId: id, amountMinor: fc.integer({ min: 0, max: 100_000 }) }).map(
      (l): ProjectCommand => ({ type: 'AddBudgetLine', data: { lineId: `line-${l.lineId}`, category: 'labour', name: `internal line ${l.lineId}`, amount: { amountMinor: l.amountMinor, currency: 'EUR' }, by: 'pm' } }),
    ),
    fc.record({ costId: id, lineId: id, amountMinor: fc.integer({ min: 0, max: 100_000 }) }).map(
      (c): ProjectCommand => ({
        type: 'RecordCost',
        data: { costId: `cost-${c.costId}`, lineId: `line-${c.lineId}`, amount: { amountMinor: c.amountMinor, currency: 'EUR' }, description: 'internal rate', incurredOn: '2027-01-02', recordedBy: 'dev' },
      }),
    ),
    fc.record({ costId: id, of: id }).map(
      (c): ProjectCommand => ({
        type: 'CorrectCost',
        data: { costId: `cost-fix-${c.costId}`, correctsCostId: `cost-${c.of}`, amount: { amountMinor: -1, currency: 'EUR' }, reason: 'internal reason', incurredOn: '2027-01-03', recordedBy: 'dev' },
      }),
    ),
    fc.record({ documentId: id, shared: fc.boolean() }).map(
      (d): ProjectCommand => ({ type: 'AddDocument', data: { documentId: `doc-${d.documentId}`, kind: 'contract', title: `Document doc-${d.documentId}`, sharedWithClient: d.shared, location: `https://files.example/doc-${d.documentId}`, addedBy: 'dev' } }),
    ),
    fc.record({ documentId: id, shared: fc.boolean() }).map((d): ProjectCommand => ({ type: 'ShareDocument', data: { documentId: `doc-${d.documentId}`, sharedWithClient: d.shared, by: 'pm' } })),
    fc.record({ standardId: id }).map(
      (q): ProjectCommand => ({ type: 'DefineQualityStandard', data: { standardId: `std-${q.standardId}`, deliverable: 'Website', dimension: 'functional', criterion: 'Works', threshold: 'all pass', definedBy: 'dev' } }),
    ),
    fc.record({ checkId: fc.integer({ min: 0, max: 99 }), standardId: id, result: fc.constantFrom('pass' as const, 'fail' as const, 'waived' as const) }).map(
      (q): ProjectCommand => ({ type: 'RecordQualityCheck', data: { checkId: `check-${q.checkId}`, standardId: `std-${q.standardId}`, result: q.result, measured: 'm', note: 'team note', checkedBy: 'pm' } }),
    ),
    fc.record({ feedbackId: id, kind: fc.constantFrom('request' as const, 'issue' as const, 'praise' as const) }).map(
      (f): ProjectCommand => ({ type: 'SubmitFeedback', data: { feedbackId: `fb-${f.feedbackId}`, kind: f.kind, subject: 's', body: 'b', submittedBy: 'cl' } }),
    ),
    fc.record({ feedbackId: id }).map((f): ProjectCommand => ({ type: 'RespondToFeedback', data: { feedbackId: `fb-${f.feedbackId}`, response: 'r', respondedBy: 'dev' } })),
    fc.record({ taskId: id, assign: fc.boolean() }).map(
      (t): ProjectCommand => ({ type: 'UpdateTask', data: { taskId: `task-${t.taskId}`, changes: t.assign ? { assigneeId: 'pm' } : { description: 'internal detail, revised' } } }),
    ),
    fc.record({ decisionId: id }).map(
      (d): ProjectCommand => ({ type: 'ProposeDecision', data: { decisionId: `dec-${d.decisionId}`, title: 'internal choice', context: 'internal context', proposedBy: 'pm', supersedes: null } }),
    ),
    fc.record({ commentId: fc.integer({ min: 0, max: 99 }), kind: fc.constantFrom('risk' as const, 'document' as const, 'decision' as const, 'task' as const), of: id }).map(
      (c): ProjectCommand => {
        const prefix = { risk: 'risk', document: 'doc', decision: 'dec', task: 'task' }[c.kind];
        return { type: 'PostComment', data: { commentId: `comment-${c.commentId}`, on: { kind: c.kind, id: `${prefix}-${c.of}` }, body: 'team note in a thread', by: 'dev' } };
      },
    ),
    fc.constant<ProjectCommand>({ type: 'PublishStatusReport', data: { reportId: 'report', period: 'Week 1', summary: 'On track', nextSteps: 'Launch', by: 'pm' } }),
    fc.constant<ProjectCommand>({ type: 'RecordLesson', data: { lessonId: 'lesson', title: 'internal lesson', lesson: 'l', by: 'pm' } }),
    fc.record({ changeId: id, costMinor: fc.integer({ min: 1, max: 900_000 }) }).map(
      (c): ProjectCommand => ({
        type: 'RequestChange',
        data: { changeId: `change-${c.changeId}`, title: 'More scope', description: '', impact: { scope: 'pages', scheduleDays: 3, costMinor: c.costMinor }, requestedBy: 'client' },
      }),
    ),
  );

  it('hold nothing internal in any view, whatever happened: no internal-only risk, owner, assignee, note, internal description, budget line, cost entry, the cost of a change request, unshared document, decision or lesson', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        const events = history([...start, ...commands]);
        const risks = foldView(risksView, 'p', events);
        const documents = foldView(documentsView, 'p', events);
        const internal = [
          ...Object.values(risks.risks).filter((r) => r.internalOnly).map((r) => r.riskId),
          ...Object.values(documents.documents).filter((d) => !d.sharedWithClient).map((d) => d.documentId),
        ];
        const forms = Object.fromEntries(Object.entries(projectViews).map(([name, view]) => [name, present(view, foldView(view, 'p', events), 'client')]));
        const client = JSON.stringify(forms);
        for (const hidden of internal) expect(client).not.toContain(hidden);
        for (const field of ['ownerId', 'assigneeId', '"note"', 'team note', 'internal', 'workload":{"', 'line-', 'cost-', 'dec-', 'recordedBy', 'checkedBy', 'actorId', 'lesson', 'costMinor']) expect(client).not.toContain(field);
        // Figures a client sees are the figures of what a client sees.
        const visible = Object.values(risks.risks).filter((r) => !r.internalOnly && (r.status === 'open' || r.status === 'mitigating'));
        const visibleExposure = visible.reduce((sum, r) => sum + r.probability * r.impact, 0);
        expect((forms.risks!.figures as { exposure: number }).exposure).toBe(visibleExposure);
        expect((forms.report!.figures as { riskExposure: number }).riskExposure).toBe(visibleExposure);
        expect(forms.documents!.figures).toMatchObject({ documents: Object.values(documents.documents).filter((d) => d.sharedWithClient).length });
      }),
      { numRuns: 200 },
    );
  });

  it('are derived by one redaction: a view with no client shape has no client form', () => {
    expect(forClient({}, { secret: 1 })).toBeNull();
  });
});
