import { DeciderSpecification } from '../testing/decider-specification';
import { projectDecider, type ProjectEvent } from './project';

const spec = DeciderSpecification(projectDecider);
const created: ProjectEvent[] = [
  { type: 'ProjectCreated', data: { projectId: 'p1', name: 'Website relaunch', currency: 'EUR', createdBy: 'u1' } },
  { type: 'MemberJoined', data: { userId: 'u1', email: 'pm@example.com', role: 'manager', invitationId: null } },
];
const invitation = {
  invitationId: 'i1',
  email: 'client@example.com',
  role: 'client' as const,
  tokenHash: 'th',
  expiresAt: '2026-12-03T00:00:00.000Z',
  invitedBy: 'u1',
};
const invited: ProjectEvent = { type: 'MemberInvited', data: invitation };
const accept = (overrides: Partial<{ userId: string; email: string; now: string }> = {}) => ({
  type: 'AcceptInvitation' as const,
  data: { invitationId: 'i1', userId: 'u2', email: 'client@example.com', now: '2026-11-26T00:00:00.000Z', ...overrides },
});
const joined: ProjectEvent = { type: 'MemberJoined', data: { userId: 'u2', email: 'client@example.com', role: 'client', invitationId: 'i1' } };

describe('project membership decider', () => {
  it('creates a project with its creator as manager, in an ISO 4217 currency', () => {
    spec
      .given([])
      .when({ type: 'CreateProject', data: { projectId: 'p1', name: 'Website relaunch', currency: 'EUR', createdBy: 'u1', creatorEmail: 'pm@example.com' } })
      .then(created);
    spec
      .given([])
      .when({ type: 'CreateProject', data: { projectId: 'p1', name: 'X', currency: 'euro', createdBy: 'u1', creatorEmail: 'pm@example.com' } })
      .thenThrows('project.invalid-currency');
    spec
      .given(created)
      .when({ type: 'CreateProject', data: { projectId: 'p1', name: 'X', currency: 'EUR', createdBy: 'u1', creatorEmail: 'pm@example.com' } })
      .thenThrows('project.exists');
  });

  it('invites by e-mail, but not a member twice, and not into a missing project', () => {
    spec.given(created).when({ type: 'InviteMember', data: invitation }).then([invited]);
    spec.given(created).when({ type: 'InviteMember', data: { ...invitation, email: 'pm@example.com' } }).thenThrows('member.already-member');
    spec.given([]).when({ type: 'InviteMember', data: invitation }).thenThrows('project.not-found');
  });

  it('lets the invitee join once, before expiry, with the invited address', () => {
    spec.given([...created, invited]).when(accept()).then([joined]);
    spec.given([...created, invited, joined]).when(accept({ userId: 'u3' })).thenThrows('invitation.used');
    spec.given([...created, invited]).when(accept({ now: '2026-12-03T00:00:00.000Z' })).thenThrows('invitation.expired');
    spec.given([...created, invited]).when(accept({ email: 'someone@else.com' })).thenThrows('invitation.email-mismatch');
    spec.given(created).when(accept()).thenThrows('invitation.not-found');
  });

  it('changes roles and removes members, always keeping a manager', () => {
    spec
      .given([...created, invited, joined])
      .when({ type: 'ChangeMemberRole', data: { userId: 'u2', role: 'member', changedBy: 'u1' } })
      .then([{ type: 'MemberRoleChanged', data: { userId: 'u2', role: 'member', previousRole: 'client' } }]);
    spec.given([...created, invited, joined]).when({ type: 'ChangeMemberRole', data: { userId: 'u2', role: 'client', changedBy: 'u1' } }).then([]);
    spec.given(created).when({ type: 'ChangeMemberRole', data: { userId: 'u1', role: 'member', changedBy: 'u1' } }).thenThrows('member.last-manager');
    spec.given(created).when({ type: 'RemoveMember', data: { userId: 'u1', removedBy: 'u1' } }).thenThrows('member.last-manager');
    spec
      .given([...created, invited, joined])
      .when({ type: 'RemoveMember', data: { userId: 'u2', removedBy: 'u1' } })
      .then([{ type: 'MemberRemoved', data: { userId: 'u2', role: 'client' } }]);
    spec.given(created).when({ type: 'RemoveMember', data: { userId: 'u9', removedBy: 'u1' } }).thenThrows('member.not-found');
    spec.given(created).when({ type: 'ChangeMemberRole', data: { userId: 'u9', role: 'member', changedBy: 'u1' } }).thenThrows('member.not-found');
  });

  it('lets only a manager, as the stream knows it, manage members', () => {
    const removedManager: ProjectEvent[] = [
      ...created,
      { type: 'MemberJoined', data: { userId: 'u3', email: 'pm2@example.com', role: 'manager', invitationId: null } },
      { type: 'MemberRemoved', data: { userId: 'u3', role: 'manager' } },
    ];
    // A removed manager whose request got past a lagging view is still refused.
    spec.given(removedManager).when({ type: 'InviteMember', data: { ...invitation, invitedBy: 'u3' } }).thenThrows('project.forbidden');
    spec
      .given([...created, invited, joined])
      .when({ type: 'ChangeMemberRole', data: { userId: 'u2', role: 'manager', changedBy: 'u2' } })
      .thenThrows('project.forbidden');
    spec
      .given([...created, invited, joined])
      .when({ type: 'RemoveMember', data: { userId: 'u1', removedBy: 'u2' } })
      .thenThrows('project.forbidden');
  });

  it('lets a removed member be invited again', () => {
    const removed: ProjectEvent = { type: 'MemberRemoved', data: { userId: 'u2', role: 'client' } };
    spec
      .given([...created, invited, joined, removed])
      .when({ type: 'InviteMember', data: { ...invitation, invitationId: 'i2' } })
      .then([{ type: 'MemberInvited', data: { ...invitation, invitationId: 'i2' } }]);
  });
});
