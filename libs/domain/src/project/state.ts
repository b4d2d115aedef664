import { DomainError } from '../domain-error';
import { noEntities, type Entities } from '../entities';
import type { ProjectRole } from '../roles';
import { initialBudgetState, type BudgetState } from './budget';
import { initialDecisionsState, type DecisionsState } from './decisions';
import { initialDeliveryState, type DeliveryState } from './delivery';
import { initialFeedbackState, type FeedbackState } from './feedback';
import { initialPlanState, type PlanState } from './plan';
import { initialRecordsState, type RecordsState } from './records';
import { initialRisksState, type RisksState } from './risks';

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

/** A project that exists: its identity, who is in it, and the state of each area. */
export interface ActiveProject {
  readonly status: 'active';
  readonly projectId: string;
  readonly name: string;
  readonly currency: string;
  readonly members: Entities<Member>;
  readonly invitations: Entities<Invitation>;
  readonly plan: PlanState;
  readonly risks: RisksState;
  readonly decisions: DecisionsState;
  readonly budget: BudgetState;
  readonly feedback: FeedbackState;
  readonly delivery: DeliveryState;
  readonly records: RecordsState;
}

export type ProjectState = { readonly status: 'none' } | ActiveProject;

export const initialProjectState = (): ProjectState => ({ status: 'none' });

/** A new project: every area starts empty. */
export function newProject(data: { projectId: string; name: string; currency: string }): ActiveProject {
  return {
    status: 'active',
    ...data,
    members: noEntities(),
    invitations: noEntities(),
    plan: initialPlanState(),
    risks: initialRisksState(),
    decisions: initialDecisionsState(),
    budget: initialBudgetState(),
    feedback: initialFeedbackState(),
    delivery: initialDeliveryState(),
    records: initialRecordsState(),
  };
}

/** The project, or `project.not-found` when it was never created. */
export function active(state: ProjectState): ActiveProject {
  if (state.status !== 'active') throw new DomainError('project.not-found', 'No such project');
  return state;
}
