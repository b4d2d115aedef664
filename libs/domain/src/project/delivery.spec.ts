import { DeciderSpecification } from '../testing/decider-specification';
import { projectDecider, type ProjectEvent } from './project';

const spec = DeciderSpecification(projectDecider);
const project: ProjectEvent[] = [
  { type: 'ProjectCreated', data: { projectId: 'p1', name: 'Website relaunch', currency: 'EUR', createdBy: 'pm' } },
  { type: 'MemberJoined', data: { userId: 'pm', email: 'pm@example.com', role: 'manager', invitationId: null } },
  { type: 'MemberJoined', data: { userId: 'dev', email: 'dev@example.com', role: 'member', invitationId: 'i1' } },
  { type: 'MemberJoined', data: { userId: 'cli', email: 'cli@example.com', role: 'client', invitationId: 'i2' } },
];
const standard = (standardId: string): ProjectEvent => ({
  type: 'QualityStandardDefined',
  data: { standardId, deliverable: 'Website', dimension: 'performance', criterion: 'Home page load', threshold: 'p95 ≤ 2 s', definedBy: 'pm' },
});
const check = (checkId: string, standardId: string, result: 'pass' | 'fail' | 'waived', checkedBy = 'dev', note = ''): ProjectEvent => ({
  type: 'QualityCheckRecorded',
  data: { checkId, standardId, result, measured: 'p95 1.4 s', note, checkedBy },
});
const dataOf = (event: ProjectEvent): never => event.data as never;
const accept = { type: 'AcceptDelivery' as const, data: { by: 'cli', note: 'All good' } };

describe('quality, acceptance and closure', () => {
  it('records checks against standards; only a manager waives, with a reason', () => {
    spec.given([...project, standard('s1')]).when({ type: 'RecordQualityCheck', data: dataOf(check('k1', 's1', 'pass')) }).then([check('k1', 's1', 'pass')]);
    spec.given(project).when({ type: 'RecordQualityCheck', data: dataOf(check('k1', 's9', 'pass')) }).thenThrows('quality.standard-not-found');
    spec.given([...project, standard('s1')]).when({ type: 'RecordQualityCheck', data: dataOf(check('k1', 's1', 'waived', 'dev', 'ok')) }).thenThrows('project.forbidden');
    spec.given([...project, standard('s1')]).when({ type: 'RecordQualityCheck', data: dataOf(check('k1', 's1', 'waived', 'pm', ' ')) }).thenThrows('quality.waiver-needs-reason');
    spec.given([...project, standard('s1')]).when({ type: 'DefineQualityStandard', data: dataOf(standard('s1')) }).thenThrows('quality.standard-exists');
  });

  it('lets the client accept only when every standard’s latest check passed or was waived', () => {
    const standards = [...project, standard('s1'), standard('s2')];
    spec.given([...standards, check('k1', 's1', 'pass')]).when(accept).thenThrows('acceptance.quality-open');
    spec.given([...standards, check('k1', 's1', 'pass'), check('k2', 's2', 'pass'), check('k3', 's2', 'fail')]).when(accept).thenThrows('acceptance.quality-open');
    spec
      .given([...standards, check('k1', 's1', 'pass'), check('k2', 's2', 'waived', 'pm', 'Client agreed to defer')])
      .when(accept)
      .then([{ type: 'DeliveryAccepted', data: { by: 'cli', note: 'All good' } }]);
    spec.given(project).when({ ...accept, data: { by: 'pm', note: '' } }).thenThrows('project.forbidden');
    spec.given(project).when({ type: 'RefuseDelivery', data: { by: 'cli', reasons: '' } }).thenThrows('acceptance.refusal-needs-reasons');
    spec.given(project).when({ type: 'RefuseDelivery', data: { by: 'cli', reasons: 'Search is missing' } }).then([
      { type: 'DeliveryRefused', data: { by: 'cli', reasons: 'Search is missing' } },
    ]);
    spec.given([...project, { type: 'DeliveryAccepted', data: { by: 'cli', note: '' } }]).when(accept).thenThrows('acceptance.given');
  });

  it('closes the project read-only; only a manager reopens it', () => {
    const closed: ProjectEvent = { type: 'ProjectClosed', data: { by: 'pm', note: 'Delivered', accepted: false } };
    spec.given(project).when({ type: 'CloseProject', data: { by: 'pm', note: 'Delivered' } }).then([closed]);
    spec.given(project).when({ type: 'CloseProject', data: { by: 'dev', note: 'x' } }).thenThrows('project.forbidden');
    spec.given([...project, closed]).when({ type: 'AddPhase', data: { phaseId: 'ph1', name: 'After' } }).thenThrows('project.closed');
    spec.given([...project, closed]).when({ type: 'InviteMember', data: { invitationId: 'i3', email: 'x@example.com', role: 'member', tokenHash: 'h', expiresAt: '2999-01-01T00:00:00.000Z', invitedBy: 'pm' } }).thenThrows('project.closed');
    spec.given([...project, closed]).when({ type: 'ReopenProject', data: { by: 'dev', reason: 'x' } }).thenThrows('project.forbidden');
    spec.given([...project, closed]).when({ type: 'ReopenProject', data: { by: 'pm', reason: 'Warranty fix' } }).then([{ type: 'ProjectReopened', data: { by: 'pm', reason: 'Warranty fix' } }]);
    spec.given(project).when({ type: 'ReopenProject', data: { by: 'pm', reason: 'x' } }).thenThrows('project.not-closed');
    spec
      .given([...project, closed, { type: 'ProjectReopened', data: { by: 'pm', reason: 'Warranty fix' } }])
      .when({ type: 'AddPhase', data: { phaseId: 'ph1', name: 'Warranty' } })
      .then([{ type: 'PhaseAdded', data: { phaseId: 'ph1', name: 'Warranty', order: 1 } }]);
  });
});
