import type { ProjectCommand } from '@app/domain';
import { ACTIVITY_LIMIT, activityView, foldView, present, type ActivityData, type ActivityEntry } from '.';
import { acting, history, start, task } from './testing';

const risk = (riskId: string, probability: number, impact: number, internalOnly: boolean): ProjectCommand => ({
  type: 'IdentifyRisk',
  data: { riskId, title: `Risk ${riskId}`, description: '', category: 'technical', ownerId: 'dev', mitigation: 'm', contingency: 'c', internalOnly, probability, impact, identifiedBy: 'dev' },
});

describe('activity view', () => {
  const commands = [
    ...start, // revisions 0–8: the project, its members (two invitations), a phase, two milestones
    acting('dev', 'member'),
    task('t1', 8), // 9
    { type: 'UpdateTask', data: { taskId: 't1', changes: { title: 'Design the home page', dueDate: '2027-02-01' } } }, // 10
    { type: 'ChangeTaskStatus', data: { taskId: 't1', status: 'done' } }, // 11
    { type: 'UpdateTask', data: { taskId: 't1', changes: { description: 'Use the team template' } } }, // 12: a team field only
    risk('r1', 3, 4, false), // 13
    risk('r2', 5, 5, true), // 14
    { type: 'ReassessRisk', data: { riskId: 'r1', probability: 2, impact: 4, note: 'Vendor signed' } }, // 15
    acting('pm', 'manager'),
    { type: 'PostComment', data: { commentId: 'c1', on: { kind: 'task', id: 't1' }, body: 'Looks good', by: 'pm' } }, // 16
    { type: 'PostComment', data: { commentId: 'c2', on: { kind: 'risk', id: 'r2' }, body: 'Watch this one', by: 'pm' } }, // 17
    { type: 'ProposeDecision', data: { decisionId: 'd1', title: 'Which CMS?', context: 'ctx', proposedBy: 'pm', supersedes: null } }, // 18
    { type: 'AddBudgetLine', data: { lineId: 'l1', category: 'labour', name: 'Design', amount: { amountMinor: 100_000, currency: 'EUR' }, by: 'pm' } }, // 19
    { type: 'RecordCost', data: { costId: 'k1', lineId: 'l1', amount: { amountMinor: 9_500, currency: 'EUR' }, description: 'Designer at 95/h', incurredOn: '2027-01-02', recordedBy: 'pm' } }, // 20
    { type: 'AddDocument', data: { documentId: 'doc1', kind: 'contract', title: 'Rate card', sharedWithClient: false, location: 'https://files.example/1', addedBy: 'pm' } }, // 21
    { type: 'AddDocument', data: { documentId: 'doc2', kind: 'plan', title: 'Plan', sharedWithClient: true, location: 'https://files.example/2', addedBy: 'pm' } }, // 22
    { type: 'UpdateRisk', data: { riskId: 'r1', changes: { internalOnly: true } } }, // 23
    { type: 'UpdateRisk', data: { riskId: 'r2', changes: { internalOnly: false } } }, // 24
    { type: 'ShareDocument', data: { documentId: 'doc2', sharedWithClient: false, by: 'pm' } }, // 25
    { type: 'ShareDocument', data: { documentId: 'doc1', sharedWithClient: true, by: 'pm' } }, // 26
    { type: 'PublishStatusReport', data: { reportId: 'rep1', period: 'Week 1', summary: 'On track', nextSteps: 'Launch', by: 'pm' } }, // 27
  ] satisfies Parameters<typeof history>[0];
  const data = (): ActivityData => foldView(activityView, 'p', history(commands));
  const texts = (entries: Record<string, ActivityEntry>): Record<string, string> =>
    Object.fromEntries(Object.values(entries).map((entry) => [entry.revision, entry.text]));

  it('tells every event as a sentence naming its item, with who did it and when', () => {
    const feed = data();
    expect(texts(feed.entries)).toEqual({
      0: 'Project “Portal relaunch” created',
      1: 'A manager joined',
      2: 'Invitation sent to join as member',
      3: 'A member joined',
      4: 'Invitation sent to join as client',
      5: 'A client joined',
      6: 'Phase “Build” added',
      7: 'Milestone “Beta” added, due 2027-02-01',
      8: 'Milestone “Launch” added, due 2027-03-01',
      9: 'Task “Task t1” added',
      10: 'Task “Task t1” renamed to “Design the home page”; due date changed',
      11: 'Task “Design the home page” moved to done',
      12: 'Task “Design the home page”: description changed',
      13: 'Risk “Risk r1” identified (probability 3, impact 4)',
      14: 'Risk “Risk r2” identified (probability 5, impact 5)',
      15: 'Risk “Risk r1” reassessed: probability 2, impact 4 (was 3 and 4)',
      16: 'Comment on task “Design the home page”',
      17: 'Comment on risk “Risk r2”',
      18: 'Decision “Which CMS?” proposed',
      19: 'Budget line “Design” added (labour)',
      20: 'Cost “Designer at 95/h” recorded on budget line “Design”',
      21: 'Document “Rate card” added (contract)',
      22: 'Document “Plan” added (plan)',
      23: 'Risk “Risk r1” made internal-only',
      24: 'Risk “Risk r2” shared with the client',
      25: 'Document “Plan” withdrawn from the client',
      26: 'Document “Rate card” shared with the client',
      27: 'Status report “Week 1” published',
    });
    expect(feed.entries['11']).toEqual({
      revision: 11,
      at: '2027-01-01T00:00:11.000Z',
      type: 'TaskStatusChanged',
      actorId: 'dev',
      actorRole: 'member',
      about: { kind: 'task', id: 't1' },
      text: 'Task “Design the home page” moved to done',
      internalOnly: false,
    });
    // No actor in the metadata: none made up.
    expect(feed.entries['0']).toMatchObject({ actorId: null, actorRole: null });
    // A comment is about the item it was posted on; the sentence names the item, not what was written.
    expect(feed.entries['16']).toMatchObject({ actorId: 'pm', actorRole: 'manager', about: { kind: 'task', id: 't1' }, text: 'Comment on task “Design the home page”' });
    expect(JSON.stringify(feed.entries)).not.toContain('Looks good');
    expect(feed.dropped).toBe(0);
  });

  it('shows a client only entries about what a client may see, judged when each was folded and never shown later', () => {
    const client = present(activityView, data(), 'client')!;
    const entries = client.entries as Record<string, Record<string, unknown>>;
    // Not: the invitations (2, 4), a change of the task's description only (12), anything about r1 once it was made
    // internal-only (13, 15, 23), r2 while it was internal-only (14, 17), the decision (18), the budget line and cost
    // (19, 20), doc1 while unshared (21), doc2 once withdrawn (22, 25).
    expect(Object.keys(entries)).toEqual(['0', '1', '3', '5', '6', '7', '8', '9', '10', '11', '16', '24', '26', '27']);
    // What happened, when and in which role; not who in the team.
    expect(entries['16']).toEqual({ revision: 16, at: '2027-01-01T00:00:16.000Z', type: 'CommentPosted', actorRole: 'manager', about: { kind: 'task', id: 't1' }, text: 'Comment on task “Design the home page”' });
    expect(client.figures).toEqual({ entries: 14, byKind: { project: 1, member: 3, phase: 1, milestone: 2, task: 4, risk: 1, document: 1, report: 1 } });
    const text = JSON.stringify(client);
    for (const hidden of ['actorId', 'Looks good', 'Vendor signed', 'Risk r1', 'Which CMS?', 'Designer', 'team template', 'internal', 'Invitation', 'dropped']) expect(text).not.toContain(hidden);
  });

  it('names people by their user id, never by address: the feed holds no personal data to erase', () => {
    const text = JSON.stringify(data());
    for (const address of ['pm@x.example', 'dev@x.example', 'cl@y.example']) expect(text).not.toContain(address);
  });

  it('keeps the latest entries only; older ones drop off', () => {
    const progress: ProjectCommand[] = Array.from({ length: 600 }, (_, i) => ({ type: 'ReportTaskProgress', data: { taskId: 't1', percentDone: i % 2 === 0 ? 10 : 20 } }));
    const feed = foldView(activityView, 'p', history([...start, task('t1', 8), ...progress]));
    const revisions = Object.keys(feed.entries).map(Number);
    expect(revisions).toHaveLength(ACTIVITY_LIMIT);
    expect(feed.dropped).toBe(610 - ACTIVITY_LIMIT);
    expect([revisions[0], revisions[revisions.length - 1]]).toEqual([610 - ACTIVITY_LIMIT, 609]);
    expect(feed.entries['609']!.text).toBe('Task “Task t1” is 20% done');
  });

  it('keeps an event it does not know with the team, named by its type', () => {
    const feed = foldView(activityView, 'p', [{ type: 'SomethingNew', data: {}, revision: 0, recordedAt: '2027-01-01T00:00:00.000Z' }]);
    expect(feed.entries['0']).toMatchObject({ text: 'SomethingNew', about: null, internalOnly: true });
    expect(present(activityView, feed, 'client')!.entries).toEqual({});
  });
});
