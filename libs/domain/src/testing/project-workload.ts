import { DomainError } from '../domain-error';
import { BudgetCategories } from '../project/budget';
import { CheckResults, QualityDimensions } from '../project/delivery';
import { FeedbackKinds } from '../project/feedback';
import { projectDecider, type ProjectCommand, type ProjectEvent } from '../project/project';
import { DocumentKinds } from '../project/records';
import { RiskCategories } from '../project/risks';
import type { ProjectState } from '../project/state';

/** A small, seeded pseudo-random generator (mulberry32): the same seed, the same project. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PEOPLE = { manager: 'pm', member: 'dev', client: 'cli' } as const;

/**
 * A client project's life as commands, through the real decider: the plan
 * (phases, milestones, tasks, progress, a baseline, change requests), risks
 * and their re-assessments, decisions with options, budget lines, costs and
 * corrections, feedback, surveys, quality standards and checks, documents,
 * comments, status reports and lessons — in a realistic, seeded mix. Commands
 * the decider refuses are skipped; what it decides is returned as the events
 * the log would hold, whole commands only (so a few more than asked for, at
 * most). For crash tests, benchmarks and time-travel tests.
 */
export function projectWorkload(options: { projectId: string; events: number; seed?: number; currency?: string }): ProjectEvent[] {
  const random = seeded(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const currency = options.currency ?? 'EUR';
  const day = (n: number): string => new Date(Date.UTC(2027, 0, 4) + n * 86_400_000).toISOString().slice(0, 10);
  const ids = { phase: [] as string[], milestone: [] as string[], task: [] as string[], risk: [] as string[], decision: [] as string[], line: [] as string[], cost: [] as string[], feedback: [] as string[], standard: [] as string[], document: [] as string[], change: [] as string[] };
  let counter = 0;
  const next = (kind: string): string => `${kind}-${options.projectId}-${(counter += 1)}`;

  let state: ProjectState = projectDecider.initialState();
  const events: ProjectEvent[] = [];
  const run = (command: ProjectCommand): boolean => {
    let decided: ProjectEvent[];
    try {
      decided = projectDecider.decide(command, state);
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
    for (const event of decided) {
      state = projectDecider.evolve(state, event);
      events.push(event);
    }
    return true;
  };

  run({ type: 'CreateProject', data: { projectId: options.projectId, name: `Project ${options.projectId}`, currency, createdBy: PEOPLE.manager, creatorEmail: 'pm@example.com' } });
  for (const [role, userId] of [['member', PEOPLE.member], ['client', PEOPLE.client]] as const) {
    const invitationId = next('invitation');
    run({ type: 'InviteMember', data: { invitationId, email: `${userId}@example.com`, role, tokenHash: `hash-${invitationId}`, expiresAt: '2999-01-01T00:00:00.000Z', invitedBy: PEOPLE.manager } });
    run({ type: 'AcceptInvitation', data: { invitationId, userId, email: `${userId}@example.com`, now: '2027-01-01T00:00:00.000Z' } });
  }

  const makers: Array<[number, () => ProjectCommand | null]> = [
    [2, () => { const phaseId = next('phase'); ids.phase.push(phaseId); return { type: 'AddPhase', data: { phaseId, name: `Phase ${ids.phase.length}` } }; }],
    [2, () => { const milestoneId = next('milestone'); ids.milestone.push(milestoneId); return { type: 'AddMilestone', data: { milestoneId, phaseId: ids.phase.length > 0 ? pick(ids.phase) : null, name: `Milestone ${ids.milestone.length}`, dueDate: day(int(10, 200)) } }; }],
    [10, () => {
      const taskId = next('task');
      ids.task.push(taskId);
      const start = int(0, 150);
      return { type: 'AddTask', data: { taskId, phaseId: ids.phase.length > 0 ? pick(ids.phase) : null, title: `Task ${ids.task.length}`, description: 'Details for the team', assigneeId: pick([PEOPLE.manager, PEOPLE.member, null]), startDate: day(start), dueDate: day(start + int(1, 20)), estimateHours: int(1, 40), dependsOn: [] } };
    }],
    [30, () => (ids.task.length === 0 ? null : { type: 'UpdateTask', data: { taskId: pick(ids.task), changes: { title: `Task edited ${counter += 1}`, estimateHours: int(1, 40) } } })],
    [12, () => (ids.task.length === 0 ? null : { type: 'ReportTaskProgress', data: { taskId: pick(ids.task), percentDone: int(0, 99) } })],
    [6, () => (ids.task.length === 0 ? null : { type: 'ChangeTaskStatus', data: { taskId: pick(ids.task), status: pick(['todo', 'in_progress', 'blocked', 'done'] as const) } })],
    [1, () => ({ type: 'BaselinePlan', data: { reason: 'Agreed with the client', changeId: ids.change.length > 0 ? pick(ids.change) : null, by: PEOPLE.manager } })],
    [1, () => { const changeId = next('change'); ids.change.push(changeId); return { type: 'RequestChange', data: { changeId, title: 'More scope', description: '', impact: { scope: 'pages', scheduleDays: int(0, 10), costMinor: int(0, 500_000) }, requestedBy: pick([PEOPLE.client, PEOPLE.manager]) } }; }],
    [1, () => (ids.change.length === 0 ? null : { type: random() < 0.7 ? 'ApproveChange' : 'RejectChange', data: { changeId: pick(ids.change), reason: 'Weighed', by: PEOPLE.manager } })],
    [2, () => (ids.milestone.length === 0 ? null : { type: 'RescheduleMilestone', data: { milestoneId: pick(ids.milestone), dueDate: day(int(10, 220)), changeId: ids.change.length > 0 ? pick(ids.change) : null } })],
    [1, () => (ids.milestone.length === 0 ? null : { type: 'MarkMilestoneReached', data: { milestoneId: pick(ids.milestone), reachedOn: day(int(10, 220)) } })],
    [3, () => {
      const riskId = next('risk');
      ids.risk.push(riskId);
      return { type: 'IdentifyRisk', data: { riskId, title: `Risk ${ids.risk.length}`, description: '', category: pick(RiskCategories), ownerId: pick([PEOPLE.manager, PEOPLE.member, null]), mitigation: 'Plan B', contingency: 'Plan C', internalOnly: random() < 0.3, probability: int(1, 5), impact: int(1, 5), identifiedBy: PEOPLE.member } };
    }],
    [4, () => (ids.risk.length === 0 ? null : { type: 'ReassessRisk', data: { riskId: pick(ids.risk), probability: int(1, 5), impact: int(1, 5), note: 'Weekly review' } })],
    [1, () => (ids.risk.length === 0 ? null : { type: 'ChangeRiskStatus', data: { riskId: pick(ids.risk), status: pick(['open', 'mitigating', 'occurred', 'closed'] as const), note: 'Review' } })],
    [1, () => { const decisionId = next('decision'); ids.decision.push(decisionId); return { type: 'ProposeDecision', data: { decisionId, title: 'Which way', context: 'Context', proposedBy: PEOPLE.member, supersedes: null } }; }],
    [2, () => (ids.decision.length === 0 ? null : { type: 'AddDecisionOption', data: { decisionId: pick(ids.decision), optionId: next('option'), title: 'An option', pros: '+', cons: '-', risks: 'r', benefits: 'b', costMinor: int(0, 1_000_000) } })],
    [1, () => {
      if (ids.decision.length === 0 || state.status !== 'active') return null;
      const decision = state.decisions.get(pick(ids.decision));
      const option = decision?.options[0];
      return decision === undefined || option === undefined ? null : { type: 'MakeDecision', data: { decisionId: decision.decisionId, optionId: option.optionId, rationale: 'Best value', by: PEOPLE.manager, participants: [PEOPLE.manager, PEOPLE.member] } };
    }],
    [1, () => { const lineId = next('line'); ids.line.push(lineId); return { type: 'AddBudgetLine', data: { lineId, category: pick(BudgetCategories), name: `Line ${ids.line.length}`, amount: { amountMinor: int(100_000, 5_000_000), currency }, by: PEOPLE.manager } }; }],
    [6, () => {
      if (ids.line.length === 0) return null;
      const costId = next('cost');
      ids.cost.push(costId);
      return { type: 'RecordCost', data: { costId, lineId: pick(ids.line), amount: { amountMinor: int(1_000, 200_000), currency }, description: 'Work done', incurredOn: day(int(0, 200)), recordedBy: PEOPLE.member } };
    }],
    [1, () => (ids.cost.length === 0 ? null : { type: 'CorrectCost', data: { costId: next('cost'), correctsCostId: pick(ids.cost), amount: { amountMinor: int(1_000, 200_000), currency }, reason: 'Typo', incurredOn: day(int(0, 200)), recordedBy: PEOPLE.manager } })],
    [2, () => { const feedbackId = next('feedback'); ids.feedback.push(feedbackId); return { type: 'SubmitFeedback', data: { feedbackId, kind: pick(FeedbackKinds), subject: 'About the site', body: 'Please look', submittedBy: PEOPLE.client } }; }],
    [1, () => (ids.feedback.length === 0 ? null : { type: 'RespondToFeedback', data: { feedbackId: pick(ids.feedback), response: 'We are on it', respondedBy: PEOPLE.manager } })],
    [1, () => (ids.feedback.length === 0 ? null : { type: 'ResolveFeedback', data: { feedbackId: pick(ids.feedback), resolution: 'Fixed', resolvedBy: PEOPLE.manager } })],
    [1, () => ({ type: 'RecordSurvey', data: { surveyId: next('survey'), csat: int(1, 5), nps: int(0, 10), comment: '', respondedBy: PEOPLE.client } })],
    [1, () => { const standardId = next('standard'); ids.standard.push(standardId); return { type: 'DefineQualityStandard', data: { standardId, deliverable: 'Site', dimension: pick(QualityDimensions), criterion: 'Fast', threshold: 'p95 ≤ 2 s', definedBy: PEOPLE.manager } }; }],
    [2, () => (ids.standard.length === 0 ? null : { type: 'RecordQualityCheck', data: { checkId: next('check'), standardId: pick(ids.standard), result: pick(CheckResults.filter((r) => r !== 'waived')), measured: '1.8 s', note: 'Lab run', checkedBy: PEOPLE.member } })],
    [1, () => { const documentId = next('document'); ids.document.push(documentId); return { type: 'AddDocument', data: { documentId, kind: pick(DocumentKinds), title: 'A document', sharedWithClient: random() < 0.5, location: 'https://docs.example.com/d', addedBy: PEOPLE.member } }; }],
    [1, () => (ids.document.length === 0 ? null : { type: 'ReviseDocument', data: { documentId: pick(ids.document), location: 'https://docs.example.com/d2', summary: 'Updated', revisedBy: PEOPLE.member } })],
    [2, () => (ids.task.length === 0 ? null : { type: 'PostComment', data: { commentId: next('comment'), on: { kind: 'task', id: pick(ids.task) }, body: 'Looks good', by: pick([PEOPLE.manager, PEOPLE.member, PEOPLE.client]) } })],
    [1, () => ({ type: 'PublishStatusReport', data: { reportId: next('report'), period: '2027-W05', summary: 'On track', nextSteps: 'Build', by: PEOPLE.manager } })],
    [1, () => ({ type: 'RecordLesson', data: { lessonId: next('lesson'), title: 'Early content', lesson: 'Ask early', by: PEOPLE.member } })],
  ];
  const total = makers.reduce((sum, [weight]) => sum + weight, 0);

  for (let attempts = 0; events.length < options.events && attempts < options.events * 20; attempts += 1) {
    let roll = random() * total;
    const maker = makers.find(([weight]) => (roll -= weight) < 0)![1];
    const command = maker();
    if (command !== null) run(command);
  }
  return events;
}
