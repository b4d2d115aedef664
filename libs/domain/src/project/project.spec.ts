import { BudgetCommandTypes, BudgetEventTypes } from './budget';
import { DecisionCommandTypes, DecisionEventTypes } from './decisions';
import { DeliveryCommandTypes, DeliveryEventTypes } from './delivery';
import { RecordCommandTypes, RecordEventTypes } from './records';
import { FeedbackCommandTypes, FeedbackEventTypes } from './feedback';
import { PlanCommandTypes, PlanEventTypes } from './plan';
import { RiskCommandTypes, RiskEventTypes } from './risks';

describe('the project decider', () => {
  it('routes every command and event to exactly one area (membership takes the rest)', () => {
    const sets = [PlanCommandTypes, PlanEventTypes, RiskCommandTypes, RiskEventTypes, DecisionCommandTypes, DecisionEventTypes, BudgetCommandTypes, BudgetEventTypes, FeedbackCommandTypes, FeedbackEventTypes, DeliveryCommandTypes, DeliveryEventTypes, RecordCommandTypes, RecordEventTypes];
    const all = sets.flatMap((set) => [...set]);
    expect(new Set(all).size).toBe(all.length);
    const membership = ['CreateProject', 'InviteMember', 'AcceptInvitation', 'ChangeMemberRole', 'RemoveMember', 'ProjectCreated', 'MemberInvited', 'MemberJoined', 'MemberRoleChanged', 'MemberRemoved'];
    expect(membership.filter((type) => all.includes(type))).toEqual([]);
  });
});
