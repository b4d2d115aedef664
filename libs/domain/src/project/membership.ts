import { DomainError } from '../domain-error';
import type { DomainEvent } from '../event';
import type { ProjectRole } from '../roles';
import {
  PlanCommandTypes,
  PlanEventTypes,
  decidePlan,
  evolvePlan,
  initialPlanState,
  type PlanCommand,
  type PlanEvent,
  type PlanState,
} from './plan';
import {
  RiskCommandTypes,
  RiskEventTypes,
  decideRisks,
  evolveRisks,
  initialRisksState,
  type RiskCommand,
  type RiskEvent,
  type RisksState,
} from './risks';
import {
  DecisionCommandTypes,
  DecisionEventTypes,
  decideDecisions,
  evolveDecisions,
  initialDecisionsState,
  type DecisionCommand,
  type DecisionEvent,
  type DecisionsState,
} from './decisions';
import {
  BudgetCommandTypes,
  BudgetEventTypes,
  decideBudget,
  evolveBudget,
  initialBudgetState,
  type BudgetCommand,
  type BudgetEvent,
  type BudgetState,
} from './budget';
import {
  FeedbackCommandTypes,
  FeedbackEventTypes,
  decideFeedback,
  evolveFeedback,
  initialFeedbackState,
  type FeedbackCommand,
  type FeedbackEvent,
  type FeedbackState,
} from './feedback';

export interface Member {
  readonly userId: string;
  readonly email: string;
  readonly role: ProjectRole;
}

export interface Invitation {
  readonly invitationId: string;
  readonly email: string;
  readonly role: ProjectRole;
  readonly tokenHash: string;
  readonly expiresAt: string;
  readonly status: 'pending' | 'accepted';
}

export type ProjectState =
  | { readonly status: 'none' }
  | {
      readonly status: 'active';
      readonly projectId: string;
      readonly name: string;
      readonly currency: string;
      readonly members: Readonly<Record<string, Member>>;
      readonly invitations: Readonly<Record<string, Invitation>>;
      readonly plan: PlanState;
      readonly risks: RisksState;
      readonly decisions: DecisionsState;
      readonly budget: BudgetState;
      readonly feedback: FeedbackState;
    };

export type ProjectEvent = MembershipEvent | PlanEvent | RiskEvent | DecisionEvent | BudgetEvent | FeedbackEvent;

export type MembershipEvent =
  | DomainEvent<'ProjectCreated', { projectId: string; name: string; currency: string; createdBy: string }>
  | DomainEvent<
      'MemberInvited',
      { invitationId: string; email: string; role: ProjectRole; tokenHash: string; expiresAt: string; invitedBy: string }
    >
  | DomainEvent<'MemberJoined', { userId: string; email: string; role: ProjectRole; invitationId: string | null }>
  | DomainEvent<'MemberRoleChanged', { userId: string; role: ProjectRole; previousRole: ProjectRole }>
  | DomainEvent<'MemberRemoved', { userId: string; role: ProjectRole }>;

export type ProjectCommand = MembershipCommand | PlanCommand | RiskCommand | DecisionCommand | BudgetCommand | FeedbackCommand;

export type MembershipCommand =
  | { type: 'CreateProject'; data: { projectId: string; name: string; currency: string; createdBy: string; creatorEmail: string } }
  | {
      type: 'InviteMember';
      data: { invitationId: string; email: string; role: ProjectRole; tokenHash: string; expiresAt: string; invitedBy: string };
    }
  | { type: 'AcceptInvitation'; data: { invitationId: string; userId: string; email: string; now: string } }
  | { type: 'ChangeMemberRole'; data: { userId: string; role: ProjectRole; changedBy: string } }
  | { type: 'RemoveMember'; data: { userId: string; removedBy: string } };

export const initialProjectState = (): ProjectState => ({ status: 'none' });

export const CURRENCY = /^[A-Z]{3}$/;

function active(state: ProjectState): Extract<ProjectState, { status: 'active' }> {
  if (state.status !== 'active') throw new DomainError('project.not-found', 'No such project');
  return state;
}

/**
 * Only a manager manages members — checked against the stream itself, whatever
 * a view (which may lag) told the api.
 */
function assertManager(state: Extract<ProjectState, { status: 'active' }>, userId: string): void {
  if (state.members[userId]?.role !== 'manager') {
    throw new DomainError('project.forbidden', 'Only a manager of this project can manage its members');
  }
}

function managers(state: Extract<ProjectState, { status: 'active' }>): number {
  return Object.values(state.members).filter((member) => member.role === 'manager').length;
}

/**
 * Project creation and membership. The creator is its first manager; people
 * join only through an invitation for their own e-mail address, used once
 * before it expires; a project always keeps at least one manager.
 */
function isPlanCommand(command: ProjectCommand): command is PlanCommand {
  return PlanCommandTypes.has(command.type);
}

function isPlanEvent(event: ProjectEvent): event is PlanEvent {
  return PlanEventTypes.has(event.type);
}

function isRiskCommand(command: ProjectCommand): command is RiskCommand {
  return RiskCommandTypes.has(command.type);
}

function isRiskEvent(event: ProjectEvent): event is RiskEvent {
  return RiskEventTypes.has(event.type);
}

function isDecisionCommand(command: ProjectCommand): command is DecisionCommand {
  return DecisionCommandTypes.has(command.type);
}

function isDecisionEvent(event: ProjectEvent): event is DecisionEvent {
  return DecisionEventTypes.has(event.type);
}

function isBudgetCommand(command: ProjectCommand): command is BudgetCommand {
  return BudgetCommandTypes.has(command.type);
}

function isBudgetEvent(event: ProjectEvent): event is BudgetEvent {
  return BudgetEventTypes.has(event.type);
}

function isFeedbackCommand(command: ProjectCommand): command is FeedbackCommand {
  return FeedbackCommandTypes.has(command.type);
}

function isFeedbackEvent(event: ProjectEvent): event is FeedbackEvent {
  return FeedbackEventTypes.has(event.type);
}

export function decideProject(command: ProjectCommand, state: ProjectState): ProjectEvent[] {
  if (isPlanCommand(command)) {
    const project = active(state);
    return decidePlan(command, project.plan, project.members);
  }
  if (isRiskCommand(command)) {
    const project = active(state);
    return decideRisks(command, project.risks, project.members);
  }
  if (isDecisionCommand(command)) {
    const project = active(state);
    return decideDecisions(command, project.decisions, project.members);
  }
  if (isBudgetCommand(command)) {
    const project = active(state);
    return decideBudget(command, project.budget, project.members, project.currency);
  }
  if (isFeedbackCommand(command)) {
    const project = active(state);
    return decideFeedback(command, project.feedback, project.members);
  }
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
      if (Object.values(project.members).some((member) => member.email === email)) {
        throw new DomainError('member.already-member', 'This person is already a member of the project');
      }
      return [{ type: 'MemberInvited', data: command.data }];
    }
    case 'AcceptInvitation': {
      const project = active(state);
      const invitation = project.invitations[command.data.invitationId];
      if (invitation === undefined) throw new DomainError('invitation.not-found', 'No such invitation');
      if (invitation.status !== 'pending') throw new DomainError('invitation.used', 'This invitation has already been used');
      if (invitation.expiresAt <= command.data.now) throw new DomainError('invitation.expired', 'This invitation has expired');
      if (invitation.email !== command.data.email) {
        throw new DomainError('invitation.email-mismatch', 'This invitation was sent to another e-mail address');
      }
      if (project.members[command.data.userId] !== undefined) {
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
      const member = project.members[command.data.userId];
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
      const member = project.members[command.data.userId];
      if (member === undefined) throw new DomainError('member.not-found', 'No such member');
      if (member.role === 'manager' && managers(project) === 1) {
        throw new DomainError('member.last-manager', 'A project keeps at least one manager');
      }
      return [{ type: 'MemberRemoved', data: { userId: member.userId, role: member.role } }];
    }
  }
}

export function evolveProject(state: ProjectState, event: ProjectEvent): ProjectState {
  if (isPlanEvent(event)) {
    const project = active(state);
    return { ...project, plan: evolvePlan(project.plan, event) };
  }
  if (isRiskEvent(event)) {
    const project = active(state);
    return { ...project, risks: evolveRisks(project.risks, event) };
  }
  if (isDecisionEvent(event)) {
    const project = active(state);
    return { ...project, decisions: evolveDecisions(project.decisions, event) };
  }
  if (isBudgetEvent(event)) {
    const project = active(state);
    return { ...project, budget: evolveBudget(project.budget, event) };
  }
  if (isFeedbackEvent(event)) {
    const project = active(state);
    return { ...project, feedback: evolveFeedback(project.feedback, event) };
  }
  switch (event.type) {
    case 'ProjectCreated':
      return {
        status: 'active',
        projectId: event.data.projectId,
        name: event.data.name,
        currency: event.data.currency,
        members: {},
        invitations: {},
        plan: initialPlanState(),
        risks: initialRisksState(),
        decisions: initialDecisionsState(),
        budget: initialBudgetState(),
        feedback: initialFeedbackState(),
      };
    case 'MemberInvited': {
      const project = active(state);
      const { invitationId, email, role, tokenHash, expiresAt } = event.data;
      return {
        ...project,
        invitations: { ...project.invitations, [invitationId]: { invitationId, email, role, tokenHash, expiresAt, status: 'pending' } },
      };
    }
    case 'MemberJoined': {
      const project = active(state);
      const { userId, email, role, invitationId } = event.data;
      const invitations =
        invitationId === null || project.invitations[invitationId] === undefined
          ? project.invitations
          : { ...project.invitations, [invitationId]: { ...project.invitations[invitationId]!, status: 'accepted' as const } };
      return { ...project, members: { ...project.members, [userId]: { userId, email, role } }, invitations };
    }
    case 'MemberRoleChanged': {
      const project = active(state);
      const member = project.members[event.data.userId]!;
      return { ...project, members: { ...project.members, [member.userId]: { ...member, role: event.data.role } } };
    }
    case 'MemberRemoved': {
      const project = active(state);
      const { [event.data.userId]: _removed, ...members } = project.members;
      return { ...project, members };
    }
  }
}

export const projectDecider = { decide: decideProject, evolve: evolveProject, initialState: initialProjectState };
