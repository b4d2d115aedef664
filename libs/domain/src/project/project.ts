import { DomainError } from '../domain-error';
import { BudgetCommandTypes, BudgetEventTypes, decideBudget, evolveBudget, type BudgetCommand, type BudgetEvent } from './budget';
import {
  DecisionCommandTypes,
  DecisionEventTypes,
  decideDecisions,
  evolveDecisions,
  type DecisionCommand,
  type DecisionEvent,
} from './decisions';
import {
  FeedbackCommandTypes,
  FeedbackEventTypes,
  decideFeedback,
  evolveFeedback,
  type FeedbackCommand,
  type FeedbackEvent,
} from './feedback';
import {
  DeliveryCommandTypes,
  DeliveryEventTypes,
  decideDelivery,
  evolveDelivery,
  type DeliveryCommand,
  type DeliveryEvent,
} from './delivery';
import { decideMembership, evolveMembership, type MembershipCommand, type MembershipEvent } from './membership';
import { PlanCommandTypes, PlanEventTypes, decidePlan, evolvePlan, type PlanCommand, type PlanEvent } from './plan';
import {
  RecordCommandTypes,
  RecordEventTypes,
  decideRecords,
  evolveRecords,
  type CommentTarget,
  type RecordCommand,
  type RecordEvent,
} from './records';
import { RiskCommandTypes, RiskEventTypes, decideRisks, evolveRisks, type RiskCommand, type RiskEvent } from './risks';
import { active, initialProjectState, type ActiveProject, type ProjectState } from './state';

export type ProjectEvent = MembershipEvent | PlanEvent | RiskEvent | DecisionEvent | BudgetEvent | FeedbackEvent | DeliveryEvent | RecordEvent;
export type ProjectCommand =
  | MembershipCommand
  | PlanCommand
  | RiskCommand
  | DecisionCommand
  | BudgetCommand
  | FeedbackCommand
  | DeliveryCommand
  | RecordCommand;

/**
 * One area of a project (the plan, the risks, …): the commands and events it
 * owns, and how it decides and evolves its part of the project's state. Areas
 * see the members (to check roles) but change only their own part.
 */
interface Area {
  readonly commands: ReadonlySet<string>;
  readonly events: ReadonlySet<string>;
  decide(command: never, project: ActiveProject): ProjectEvent[];
  evolve(project: ActiveProject, event: never): ActiveProject;
}

const AREAS: readonly Area[] = [
  {
    commands: PlanCommandTypes,
    events: PlanEventTypes,
    decide: (command: PlanCommand, project) => decidePlan(command, project.plan, project.members),
    evolve: (project, event: PlanEvent) => ({ ...project, plan: evolvePlan(project.plan, event) }),
  },
  {
    commands: RiskCommandTypes,
    events: RiskEventTypes,
    decide: (command: RiskCommand, project) => decideRisks(command, project.risks, project.members),
    evolve: (project, event: RiskEvent) => ({ ...project, risks: evolveRisks(project.risks, event) }),
  },
  {
    commands: DecisionCommandTypes,
    events: DecisionEventTypes,
    decide: (command: DecisionCommand, project) => decideDecisions(command, project.decisions, project.members),
    evolve: (project, event: DecisionEvent) => ({ ...project, decisions: evolveDecisions(project.decisions, event) }),
  },
  {
    commands: BudgetCommandTypes,
    events: BudgetEventTypes,
    decide: (command: BudgetCommand, project) => decideBudget(command, project.budget, project.members, project.currency),
    evolve: (project, event: BudgetEvent) => ({ ...project, budget: evolveBudget(project.budget, event) }),
  },
  {
    commands: FeedbackCommandTypes,
    events: FeedbackEventTypes,
    decide: (command: FeedbackCommand, project) => decideFeedback(command, project.feedback, project.members),
    evolve: (project, event: FeedbackEvent) => ({ ...project, feedback: evolveFeedback(project.feedback, event) }),
  },
  {
    commands: DeliveryCommandTypes,
    events: DeliveryEventTypes,
    decide: (command: DeliveryCommand, project) => decideDelivery(command, project.delivery, project.members),
    evolve: (project, event: DeliveryEvent) => ({ ...project, delivery: evolveDelivery(project.delivery, event) }),
  },
  {
    commands: RecordCommandTypes,
    events: RecordEventTypes,
    decide: (command: RecordCommand, project) => decideRecords(command, project.records, { members: project.members, exists: (kind, id) => exists(project, kind, id) }),
    evolve: (project, event: RecordEvent) => ({ ...project, records: evolveRecords(project.records, event) }),
  },
];

/** Whether an item of the project exists: what a comment may be posted on. */
function exists(project: ActiveProject, kind: CommentTarget, id: string): boolean {
  switch (kind) {
    case 'project':
      return id === project.projectId;
    case 'phase':
      return project.plan.phases.has(id);
    case 'milestone':
      return project.plan.milestones.has(id);
    case 'task':
      return project.plan.tasks.has(id);
    case 'change':
      return project.plan.changes.has(id);
    case 'risk':
      return project.risks.has(id);
    case 'decision':
      return project.decisions.has(id);
    case 'feedback':
      return project.feedback.items.has(id);
    case 'document':
      return project.records.documents.has(id);
  }
}

/** The project stream's decider: membership and lifecycle, then each area. */
export function decideProject(command: ProjectCommand, state: ProjectState): ProjectEvent[] {
  // A closed project is read-only: every write is refused but a manager's reopen.
  if (state.status === 'active' && state.delivery.closed && command.type !== 'ReopenProject') {
    throw new DomainError('project.closed', 'The project is closed; a manager can reopen it');
  }
  const area = AREAS.find((candidate) => candidate.commands.has(command.type));
  if (area !== undefined) return area.decide(command as never, active(state));
  return decideMembership(command as MembershipCommand, state);
}

export function evolveProject(state: ProjectState, event: ProjectEvent): ProjectState {
  const area = AREAS.find((candidate) => candidate.events.has(event.type));
  if (area !== undefined) return area.evolve(active(state), event as never);
  return evolveMembership(state, event as MembershipEvent);
}

export const projectDecider = { decide: decideProject, evolve: evolveProject, initialState: initialProjectState };
