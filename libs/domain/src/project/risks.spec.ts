import { DeciderSpecification } from '../testing/decider-specification';
import { projectDecider, type ProjectEvent } from './project';
import { exposure, type RiskFields } from './risks';

const spec = DeciderSpecification(projectDecider);
const project: ProjectEvent[] = [
  { type: 'ProjectCreated', data: { projectId: 'p1', name: 'Website relaunch', currency: 'EUR', createdBy: 'pm' } },
  { type: 'MemberJoined', data: { userId: 'pm', email: 'pm@example.com', role: 'manager', invitationId: null } },
  { type: 'MemberJoined', data: { userId: 'dev', email: 'dev@example.com', role: 'member', invitationId: 'i1' } },
  { type: 'MemberJoined', data: { userId: 'cli', email: 'cli@example.com', role: 'client', invitationId: 'i2' } },
];
const fields: RiskFields = {
  title: 'Key designer leaves mid-project',
  description: '',
  category: 'resource',
  ownerId: 'pm',
  mitigation: 'Pair a second designer from week 2',
  contingency: 'Freelancer on call',
  internalOnly: true,
};
const identified: ProjectEvent = { type: 'RiskIdentified', data: { riskId: 'r1', ...fields, probability: 2, impact: 4, identifiedBy: 'dev' } };
const given = [...project, identified];

describe('risk register', () => {
  it('identifies a risk with a 1–5 probability and impact, owned by the team', () => {
    spec.given(project).when({ type: 'IdentifyRisk', data: identified.data as never }).then([identified]);
    spec.given(given).when({ type: 'IdentifyRisk', data: identified.data as never }).thenThrows('risk.exists');
    spec.given(project).when({ type: 'IdentifyRisk', data: { ...(identified.data as object), probability: 6 } as never }).thenThrows('risk.invalid-score');
    spec.given(project).when({ type: 'IdentifyRisk', data: { ...(identified.data as object), impact: 0 } as never }).thenThrows('risk.invalid-score');
    spec.given(project).when({ type: 'IdentifyRisk', data: { ...(identified.data as object), ownerId: 'cli' } as never }).thenThrows('risk.owner-not-team');
    spec.given([]).when({ type: 'IdentifyRisk', data: identified.data as never }).thenThrows('project.not-found');
  });

  it('keeps every re-assessment as its own event, with what it was before', () => {
    spec
      .given(given)
      .when({ type: 'ReassessRisk', data: { riskId: 'r1', probability: 4, impact: 4, note: 'Designer handed in notice' } })
      .then([{ type: 'RiskReassessed', data: { riskId: 'r1', probability: 4, impact: 4, previousProbability: 2, previousImpact: 4, note: 'Designer handed in notice' } }]);
    spec.given(given).when({ type: 'ReassessRisk', data: { riskId: 'r1', probability: 2, impact: 4, note: 'unchanged' } }).then([]);
    spec.given(given).when({ type: 'ReassessRisk', data: { riskId: 'r1', probability: 2.5, impact: 4, note: '' } }).thenThrows('risk.invalid-score');
    spec.given(given).when({ type: 'ReassessRisk', data: { riskId: 'r9', probability: 2, impact: 4, note: '' } }).thenThrows('risk.not-found');
  });

  it('moves through open, mitigating, occurred and closed; a closed risk is reopened before a re-assessment', () => {
    const closed: ProjectEvent = { type: 'RiskStatusChanged', data: { riskId: 'r1', status: 'closed', previousStatus: 'open', note: 'Designer stayed' } };
    spec.given(given).when({ type: 'ChangeRiskStatus', data: { riskId: 'r1', status: 'closed', note: 'Designer stayed' } }).then([closed]);
    spec.given([...given, closed]).when({ type: 'ReassessRisk', data: { riskId: 'r1', probability: 3, impact: 4, note: '' } }).thenThrows('risk.closed');
    spec
      .given([...given, closed])
      .when({ type: 'ChangeRiskStatus', data: { riskId: 'r1', status: 'open', note: 'Back' } })
      .then([{ type: 'RiskStatusChanged', data: { riskId: 'r1', status: 'open', previousStatus: 'closed', note: 'Back' } }]);
  });

  it('records only what an update changes, and refuses one based on an old version', () => {
    spec
      .given(given)
      .when({ type: 'UpdateRisk', data: { riskId: 'r1', changes: { mitigation: 'Pair from week 1', title: fields.title } } })
      .then([{ type: 'RiskUpdated', data: { riskId: 'r1', changes: { mitigation: 'Pair from week 1' } } }]);
    spec.given(given).when({ type: 'UpdateRisk', data: { riskId: 'r1', changes: { ownerId: 'cli' } } }).thenThrows('risk.owner-not-team');
    const reassessed: ProjectEvent = { type: 'RiskReassessed', data: { riskId: 'r1', probability: 3, impact: 4, previousProbability: 2, previousImpact: 4, note: '' } };
    spec.given([...given, reassessed]).when({ type: 'UpdateRisk', data: { riskId: 'r1', changes: { mitigation: 'x' }, ifVersion: 1 } }).thenThrows('risk.version-conflict');
  });

  it('rates exposure as probability × impact, the heat-map cell', () => {
    expect(exposure({ probability: 2, impact: 4 })).toBe(8);
    expect(exposure({ probability: 5, impact: 5 })).toBe(25);
  });
});
