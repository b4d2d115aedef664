import { DomainError } from '../domain-error';
import type { DomainEvent } from '../event';
import type { ProjectRole } from '../roles';
import { active, newProject, type ActiveProject, type ProjectState } from './state';

export type MembershipEvent =
  | DomainEvent<'ProjectCreated', { projectId: string; name: string; currency: string; createdBy: string }>
  | DomainEvent<
      'MemberInvited',
      { invitationId: string; email: string; role: ProjectRole; tokenHash: string; expiresAt: string; invitedBy: string }
    >
  | DomainEvent<'MemberJoined', { userId: string; email: string; role: ProjectRole; invitationId: string | null }>
  | DomainEvent<'MemberRoleChanged', { userId: string; role: ProjectRole; previousRole: ProjectRole }>
  | DomainEvent<'MemberRemoved', { userId: string; role: ProjectRole }>;

export type MembershipCommand =
  | { type: 'CreateProject'; data: { projectId: string; name: string; currency: string; createdBy: string; creatorEmail: string } }
  | {
      type: 'InviteMember';
      data: { invitationId: string; email: string; role: ProjectRole; tokenHash: string; expiresAt: string; invitedBy: string };
    }
  | { type: 'AcceptInvitation'; data: { invitationId: string; userId: string; email: string; now: string } }
  | { type: 'ChangeMemberRole'; data: { userId: string; role: ProjectRole; changedBy: string } }
  | { type: 'RemoveMember'; data: { userId: string; removedBy: string } };

export const CURRENCY = /^[A-Z]{3}$/;

/**
 * Only a manager manages members — checked against the stream itself, whatever
 * a view (which may lag) told the api.
 */
function assertManager(state: ActiveProject, userId: string): void {
  if (state.members.get(userId)?.role !== 'manager') {
    throw new DomainError('project.forbidden', 'Only a manager of this project can manage its members');
  }
}

function managers(state: ActiveProject): number {
  return state.members.count((member) => member.role === 'manager');
}

/**
 * Project creation and membership. The creator is its first manager; people
 * join only through an invitation for their own e-mail address, used once
 * before it expires; a project always keeps at least one manager.
 */
/**
 * Project creation and membership. The creator is its first manager; people
 * join only through an invitation for their own e-mail address, used once
 * before it expires; a project always keeps at least one manager.
 */
export function decideMembership(command: MembershipCommand, state: ProjectState): MembershipEvent[] {
  switch (command.type) {
    case 'CreateProject': {
      if (state.status !== 'none') throw new DomainError('project.exists', 'This project already exists');
      const { projectId, name, currency, createdBy, creatorEmail } = command.data;
      if (!CURRENCY.test(currency)) {
        throw new DomainError('project.invalid-currency', 'The currency must be an ISO 4217 code such as EUR');
      }
      return [
        { type: 'ProjectCreated', data: { projectId, name, currency, createdBy } },
        { type: 'MemberJoined', data: { userId: createdBy, email: creatorEmail, role: 'manager', invitationId: null } },
      ];
    }
    case 'InviteMember': {
      const project = active(state);
      assertManager(project, command.data.invitedBy);
      const email = command.data.email;
      if (project.members.some((member) => member.email === email)) {
        throw new DomainError('member.already-member', 'This person is already a member of the project');
      }
      return [{ type: 'MemberInvited', data: command.data }];
    }
    case 'AcceptInvitation': {
      const project = active(state);
      const invitation = project.invitations.get(command.data.invitationId);
      if (invitation === undefined) throw new DomainError('invitation.not-found', 'No such invitation');
      if (invitation.status !== 'pending') throw new DomainError('invitation.used', 'This invitation has already been used');
      if (invitation.expiresAt <= command.data.now) throw new DomainError('invitation.expired', 'This invitation has expired');
      if (invitation.email !== command.data.email) {
        throw new DomainError('invitation.email-mismatch', 'This invitation was sent to another e-mail address');
      }
      if (project.members.has(command.data.userId)) {
        throw new DomainError('member.already-member', 'You are already a member of this project');
      }
      return [
        {
          type: 'MemberJoined',
          data: { userId: command.data.userId, email: invitation.email, role: invitation.role, invitationId: invitation.invitationId },
        },
      ];
    }
    case 'ChangeMemberRole': {
      const project = active(state);
      assertManager(project, command.data.changedBy);
      const member = project.members.get(command.data.userId);
      if (member === undefined) throw new DomainError('member.not-found', 'No such member');
      if (member.role === command.data.role) return [];
      if (member.role === 'manager' && managers(project) === 1) {
        throw new DomainError('member.last-manager', 'A project keeps at least one manager');
      }
      return [{ type: 'MemberRoleChanged', data: { userId: member.userId, role: command.data.role, previousRole: member.role } }];
    }
    case 'RemoveMember': {
      const project = active(state);
      assertManager(project, command.data.removedBy);
      const member = project.members.get(command.data.userId);
      if (member === undefined) throw new DomainError('member.not-found', 'No such member');
      if (member.role === 'manager' && managers(project) === 1) {
        throw new DomainError('member.last-manager', 'A project keeps at least one manager');
      }
      return [{ type: 'MemberRemoved', data: { userId: member.userId, role: member.role } }];
    }
  }
}

export function evolveMembership(state: ProjectState, event: MembershipEvent): ProjectState {
  switch (event.type) {
    case 'ProjectCreated':
      return newProject({ projectId: event.data.projectId, name: event.data.name, currency: event.data.currency });
    case 'MemberInvited': {
      const project = active(state);
      const { invitationId, email, role, tokenHash, expiresAt } = event.data;
      return { ...project, invitations: project.invitations.set(invitationId, { invitationId, email, role, tokenHash, expiresAt, status: 'pending' }) };
    }
    case 'MemberJoined': {
      const project = active(state);
      const { userId, email, role, invitationId } = event.data;
      const invitation = invitationId === null ? undefined : project.invitations.get(invitationId);
      const invitations = invitation === undefined ? project.invitations : project.invitations.set(invitation.invitationId, { ...invitation, status: 'accepted' });
      return { ...project, members: project.members.set(userId, { userId, email, role }), invitations };
    }
    case 'MemberRoleChanged': {
      const project = active(state);
      const member = project.members.get(event.data.userId)!;
      return { ...project, members: project.members.set(member.userId, { ...member, role: event.data.role }) };
    }
    case 'MemberRemoved': {
      const project = active(state);
      return { ...project, members: project.members.delete(event.data.userId) };
    }
  }
}
