import { DeciderSpecification } from '../testing/decider-specification';
import { projectDecider, type ProjectEvent } from './project';

const spec = DeciderSpecification(projectDecider);
const project: ProjectEvent[] = [
  { type: 'ProjectCreated', data: { projectId: 'p1', name: 'Website relaunch', currency: 'EUR', createdBy: 'pm' } },
  { type: 'MemberJoined', data: { userId: 'pm', email: 'pm@example.com', role: 'manager', invitationId: null } },
  { type: 'MemberJoined', data: { userId: 'dev', email: 'dev@example.com', role: 'member', invitationId: 'i1' } },
  { type: 'MemberJoined', data: { userId: 'cli', email: 'cli@example.com', role: 'client', invitationId: 'i2' } },
  { type: 'PhaseAdded', data: { phaseId: 'ph1', name: 'Discovery', order: 1 } },
];
const added: ProjectEvent = {
  type: 'DocumentAdded',
  data: { documentId: 'd1', kind: 'contract', title: 'Statement of work', sharedWithClient: false, location: 'https://files.example/sow-v1.pdf', addedBy: 'pm' },
};
const evaluation = { evaluationId: 'e1', phaseId: 'ph1', schedule: 4, cost: 3, quality: 5, satisfaction: 4, notes: 'On time, slightly over', by: 'pm' };

describe('records: documents, comments, reports, evaluations, lessons', () => {
  it('keeps documents with versions; a manager decides what the client sees', () => {
    spec.given(project).when({ type: 'AddDocument', data: added.data as never }).then([added]);
    spec
      .given([...project, added])
      .when({ type: 'ReviseDocument', data: { documentId: 'd1', location: 'https://files.example/sow-v2.pdf', summary: 'Signed', revisedBy: 'dev' } })
      .then([{ type: 'DocumentRevised', data: { documentId: 'd1', location: 'https://files.example/sow-v2.pdf', summary: 'Signed', revisedBy: 'dev', version: 2 } }]);
    spec.given([...project, added]).when({ type: 'ShareDocument', data: { documentId: 'd1', sharedWithClient: true, by: 'pm' } }).then([
      { type: 'DocumentSharingChanged', data: { documentId: 'd1', sharedWithClient: true } },
    ]);
    spec.given([...project, added]).when({ type: 'ShareDocument', data: { documentId: 'd1', sharedWithClient: true, by: 'dev' } }).thenThrows('project.forbidden');
    spec.given(project).when({ type: 'ReviseDocument', data: { documentId: 'd9', location: 'x', summary: 'x', revisedBy: 'dev' } }).thenThrows('document.not-found');
  });

  it('takes comments on items that exist', () => {
    const comment = { commentId: 'c1', on: { kind: 'phase' as const, id: 'ph1' }, body: 'Can we start a week early?', by: 'cli' };
    spec.given(project).when({ type: 'PostComment', data: comment }).then([{ type: 'CommentPosted', data: comment }]);
    spec.given(project).when({ type: 'PostComment', data: { ...comment, on: { kind: 'task', id: 'nope' } } }).thenThrows('comment.target-not-found');
    spec.given(project).when({ type: 'PostComment', data: { ...comment, on: { kind: 'project', id: 'p1' } } }).then([
      { type: 'CommentPosted', data: { ...comment, on: { kind: 'project', id: 'p1' } } },
    ]);
  });

  it('lets a manager publish reports and evaluate each phase once, and the project once at the end', () => {
    const report = { reportId: 'r1', period: 'Week 6', summary: 'Design on track', nextSteps: 'Visual design review', by: 'pm' };
    spec.given(project).when({ type: 'PublishStatusReport', data: report }).then([{ type: 'StatusReportPublished', data: report }]);
    spec.given(project).when({ type: 'PublishStatusReport', data: { ...report, by: 'dev' } }).thenThrows('project.forbidden');
    spec.given(project).when({ type: 'EvaluatePhase', data: evaluation }).then([{ type: 'PhaseEvaluated', data: evaluation }]);
    spec.given([...project, { type: 'PhaseEvaluated', data: evaluation }]).when({ type: 'EvaluatePhase', data: { ...evaluation, evaluationId: 'e2' } }).thenThrows('evaluation.exists');
    spec.given(project).when({ type: 'EvaluatePhase', data: { ...evaluation, phaseId: 'ph9' } }).thenThrows('phase.not-found');
    spec.given(project).when({ type: 'EvaluatePhase', data: { ...evaluation, quality: 6 } }).thenThrows('evaluation.invalid-score');
    spec.given(project).when({ type: 'EvaluatePhase', data: { ...evaluation, phaseId: null, evaluationId: 'final' } }).then([
      { type: 'PhaseEvaluated', data: { ...evaluation, phaseId: null, evaluationId: 'final' } },
    ]);
  });

  it('records lessons learned', () => {
    const lesson = { lessonId: 'l1', title: 'Content plans early', lesson: 'Agree the content calendar in week 1', by: 'dev' };
    spec.given(project).when({ type: 'RecordLesson', data: lesson }).then([{ type: 'LessonRecorded', data: lesson }]);
  });
});
