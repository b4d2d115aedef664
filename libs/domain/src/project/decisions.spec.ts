import { DeciderSpecification } from '../testing/decider-specification';
import type { DecisionOption } from './decisions';
import { projectDecider, type ProjectEvent } from './project';

const spec = DeciderSpecification(projectDecider);
const project: ProjectEvent[] = [
  { type: 'ProjectCreated', data: { projectId: 'p1', name: 'Website relaunch', currency: 'EUR', createdBy: 'pm' } },
  { type: 'MemberJoined', data: { userId: 'pm', email: 'pm@example.com', role: 'manager', invitationId: null } },
  { type: 'MemberJoined', data: { userId: 'dev', email: 'dev@example.com', role: 'member', invitationId: 'i1' } },
  { type: 'MemberJoined', data: { userId: 'cli', email: 'cli@example.com', role: 'client', invitationId: 'i2' } },
];
const option = (optionId: string, title: string, costMinor = 0): DecisionOption => ({ optionId, title, pros: '', cons: '', risks: '', benefits: '', costMinor });
const proposed = (decisionId: string, supersedes: string | null = null): ProjectEvent => ({
  type: 'DecisionProposed',
  data: { decisionId, title: 'Which CMS?', context: 'The client edits content weekly', proposedBy: 'dev', supersedes },
});
const withOption = (decisionId: string, o: DecisionOption): ProjectEvent => ({ type: 'DecisionOptionAdded', data: { decisionId, ...o } });
const made = (decisionId: string, optionId: string): ProjectEvent => ({
  type: 'DecisionMade',
  data: { decisionId, optionId, rationale: 'Cheapest to run', decidedBy: 'pm', participants: ['pm', 'dev'] },
});
const d1 = [...project, proposed('d1'), withOption('d1', option('o1', 'Headless CMS', 120_000)), withOption('d1', option('o2', 'Static site'))];

describe('decision log', () => {
  it('records a proposal and the options weighed, while it is open', () => {
    spec.given(project).when({ type: 'ProposeDecision', data: proposed('d1').data as never }).then([proposed('d1')]);
    spec.given([...project, proposed('d1')]).when({ type: 'AddDecisionOption', data: { decisionId: 'd1', ...option('o1', 'Headless CMS', 120_000) } }).then([
      withOption('d1', option('o1', 'Headless CMS', 120_000)),
    ]);
    spec.given(d1).when({ type: 'AddDecisionOption', data: { decisionId: 'd1', ...option('o1', 'Again') } }).thenThrows('decision.option-exists');
    spec.given(d1).when({ type: 'AddDecisionOption', data: { decisionId: 'd1', ...option('o3', 'X', 1.5) } }).thenThrows('decision.invalid-cost');
    spec.given([...d1, made('d1', 'o1')]).when({ type: 'AddDecisionOption', data: { decisionId: 'd1', ...option('o3', 'Late') } }).thenThrows('decision.decided');
    spec.given(d1).when({ type: 'ProposeDecision', data: proposed('d1').data as never }).thenThrows('decision.exists');
  });

  it('is made by a manager, choosing one of its options, with members who took part', () => {
    const make = (overrides: Partial<{ optionId: string; by: string; participants: string[] }> = {}) => ({
      type: 'MakeDecision' as const,
      data: { decisionId: 'd1', optionId: 'o1', rationale: 'Cheapest to run', by: 'pm', participants: ['dev'], ...overrides },
    });
    spec.given(d1).when(make()).then([made('d1', 'o1')]);
    spec.given(d1).when(make({ optionId: 'o9' })).thenThrows('decision.unknown-option');
    spec.given(d1).when(make({ by: 'dev' })).thenThrows('project.forbidden');
    spec.given(d1).when(make({ participants: ['stranger'] })).thenThrows('decision.participant-not-member');
    spec.given([...d1, made('d1', 'o1')]).when(make()).thenThrows('decision.decided');
  });

  it('a decision made to supersede another replaces it, and the chain is kept', () => {
    const d2 = [proposed('d2', 'd1'), withOption('d2', option('o3', 'Hosted CMS'))];
    spec
      .given([...d1, made('d1', 'o1'), ...d2])
      .when({ type: 'MakeDecision', data: { decisionId: 'd2', optionId: 'o3', rationale: 'Client wants hosting', by: 'pm', participants: [] } })
      .then([
        { type: 'DecisionMade', data: { decisionId: 'd2', optionId: 'o3', rationale: 'Client wants hosting', decidedBy: 'pm', participants: ['pm'] } },
        { type: 'DecisionSuperseded', data: { decisionId: 'd1', supersededBy: 'd2', reason: 'Client wants hosting' } },
      ]);
    spec.given(project).when({ type: 'ProposeDecision', data: proposed('d2', 'nope').data as never }).thenThrows('decision.not-found');
  });

  it('supersedes only a decision that stands, by another that stands', () => {
    const both = [...d1, made('d1', 'o1'), proposed('d2'), withOption('d2', option('o3', 'Hosted CMS')), made('d2', 'o3')];
    const supersede = (decisionId: string, supersededBy: string, by = 'pm') => ({ type: 'SupersedeDecision' as const, data: { decisionId, supersededBy, reason: 'New facts', by } });
    spec.given(both).when(supersede('d1', 'd2')).then([{ type: 'DecisionSuperseded', data: { decisionId: 'd1', supersededBy: 'd2', reason: 'New facts' } }]);
    spec.given(both).when(supersede('d1', 'd1')).thenThrows('decision.supersede-cycle');
    spec.given(both).when(supersede('d1', 'd2', 'dev')).thenThrows('project.forbidden');
    spec.given([...d1, proposed('d2')]).when(supersede('d1', 'd2')).thenThrows('decision.not-decided');
    spec.given([...d1, made('d1', 'o1'), proposed('d2')]).when(supersede('d1', 'd2')).thenThrows('decision.successor-not-decided');
    const superseded: ProjectEvent = { type: 'DecisionSuperseded', data: { decisionId: 'd1', supersededBy: 'd2', reason: 'x' } };
    spec.given([...both, superseded]).when(supersede('d2', 'd1')).thenThrows('decision.successor-not-decided');
    spec.given([...both, superseded]).when(supersede('d1', 'd2')).thenThrows('decision.not-decided');
  });
});
