import { DomainError } from '../domain-error';
import { noEntities, type Entities } from '../entities';
import type { DomainEvent } from '../event';
import type { MemberRoles } from './plan';

/**
 * The decision log (DOMAIN.md section 22): the context, the options weighed
 * (pros, cons, risks, benefits, cost), the choice and its rationale, who decided
 * and who took part; a later decision may supersede it, and the chain is kept.
 */
export interface DecisionOption {
  readonly optionId: string;
  readonly title: string;
  readonly pros: string;
  readonly cons: string;
  readonly risks: string;
  readonly benefits: string;
  /** In minor units of the project's currency. */
  readonly costMinor: number;
}

export interface Decision {
  readonly decisionId: string;
  readonly title: string;
  readonly context: string;
  readonly proposedBy: string;
  readonly options: readonly DecisionOption[];
  readonly status: 'proposed' | 'decided' | 'superseded';
  readonly chosenOptionId: string | null;
  readonly rationale: string | null;
  readonly decidedBy: string | null;
  readonly participants: readonly string[];
  readonly supersedes: string | null;
  readonly supersededBy: string | null;
  readonly version: number;
}

export type DecisionsState = Entities<Decision>;
export const initialDecisionsState = (): DecisionsState => noEntities();

export type DecisionEvent =
  | DomainEvent<'DecisionProposed', { decisionId: string; title: string; context: string; proposedBy: string; supersedes: string | null }>
  | DomainEvent<'DecisionOptionAdded', DecisionOption & { decisionId: string }>
  | DomainEvent<'DecisionMade', { decisionId: string; optionId: string; rationale: string; decidedBy: string; participants: string[] }>
  | DomainEvent<'DecisionSuperseded', { decisionId: string; supersededBy: string; reason: string }>;

export type DecisionCommand =
  | { type: 'ProposeDecision'; data: { decisionId: string; title: string; context: string; proposedBy: string; supersedes: string | null } }
  | { type: 'AddDecisionOption'; data: DecisionOption & { decisionId: string } }
  | { type: 'MakeDecision'; data: { decisionId: string; optionId: string; rationale: string; by: string; participants: string[]; ifVersion?: number } }
  | { type: 'SupersedeDecision'; data: { decisionId: string; supersededBy: string; reason: string; by: string } };

export const DecisionCommandTypes: ReadonlySet<string> = new Set(['ProposeDecision', 'AddDecisionOption', 'MakeDecision', 'SupersedeDecision']);
export const DecisionEventTypes: ReadonlySet<string> = new Set(['DecisionProposed', 'DecisionOptionAdded', 'DecisionMade', 'DecisionSuperseded']);

function decision(state: DecisionsState, decisionId: string): Decision {
  const found = state.get(decisionId);
  if (found === undefined) throw new DomainError('decision.not-found', 'No such decision', { decisionId });
  return found;
}

function assertManager(members: MemberRoles, userId: string, what: string): void {
  if (members.get(userId)?.role !== 'manager') throw new DomainError('project.forbidden', `Only a manager of this project can ${what}`);
}

export function decideDecisions(command: DecisionCommand, state: DecisionsState, members: MemberRoles): DecisionEvent[] {
  switch (command.type) {
    case 'ProposeDecision': {
      if (state.has(command.data.decisionId)) throw new DomainError('decision.exists', 'This decision already exists');
      if (command.data.supersedes !== null) decision(state, command.data.supersedes);
      return [{ type: 'DecisionProposed', data: command.data }];
    }
    case 'AddDecisionOption': {
      const current = decision(state, command.data.decisionId);
      if (current.status !== 'proposed') throw new DomainError('decision.decided', 'Options are weighed before the decision is made');
      if (current.options.some((option) => option.optionId === command.data.optionId)) {
        throw new DomainError('decision.option-exists', 'This option is already on the table');
      }
      if (!Number.isSafeInteger(command.data.costMinor)) {
        throw new DomainError('decision.invalid-cost', "An option's cost is whole minor units of the project currency");
      }
      return [{ type: 'DecisionOptionAdded', data: command.data }];
    }
    case 'MakeDecision': {
      assertManager(members, command.data.by, 'make a decision');
      const current = decision(state, command.data.decisionId);
      if (command.data.ifVersion !== undefined && command.data.ifVersion !== current.version) {
        throw new DomainError('decision.version-conflict', `This decision changed since version ${command.data.ifVersion}`, {
          id: current.decisionId,
          version: current.version,
          current,
        });
      }
      if (current.status !== 'proposed') throw new DomainError('decision.decided', 'This decision was already made');
      if (!current.options.some((option) => option.optionId === command.data.optionId)) {
        throw new DomainError('decision.unknown-option', 'The choice must be one of the decision’s options');
      }
      const outsiders = command.data.participants.filter((userId) => !members.has(userId));
      if (outsiders.length > 0) throw new DomainError('decision.participant-not-member', 'Everyone who took part must be a member of the project');
      const participants = [...new Set([command.data.by, ...command.data.participants])];
      const made: DecisionEvent[] = [
        { type: 'DecisionMade', data: { decisionId: current.decisionId, optionId: command.data.optionId, rationale: command.data.rationale, decidedBy: command.data.by, participants } },
      ];
      // A decision that said it supersedes another takes its place once made.
      if (current.supersedes !== null && state.get(current.supersedes)?.status === 'decided') {
        made.push({ type: 'DecisionSuperseded', data: { decisionId: current.supersedes, supersededBy: current.decisionId, reason: command.data.rationale } });
      }
      return made;
    }
    case 'SupersedeDecision': {
      assertManager(members, command.data.by, 'supersede a decision');
      const current = decision(state, command.data.decisionId);
      const successor = decision(state, command.data.supersededBy);
      if (current.status !== 'decided') {
        throw new DomainError('decision.not-decided', current.status === 'superseded' ? 'This decision was already superseded' : 'Only a decision that was made can be superseded');
      }
      if (successor.decisionId === current.decisionId) throw new DomainError('decision.supersede-cycle', 'A decision cannot supersede itself');
      // The successor stands (made, not superseded) and a superseded decision never becomes one:
      // the chain can only grow forward, so it never loops.
      if (successor.status !== 'decided') throw new DomainError('decision.successor-not-decided', 'The successor must be a decision that was made and stands');
      return [{ type: 'DecisionSuperseded', data: { decisionId: current.decisionId, supersededBy: successor.decisionId, reason: command.data.reason } }];
    }
  }
}

export function evolveDecisions(state: DecisionsState, event: DecisionEvent): DecisionsState {
  switch (event.type) {
    case 'DecisionProposed':
      return state.set(event.data.decisionId, {
        ...event.data,
        options: [],
        status: 'proposed',
        chosenOptionId: null,
        rationale: null,
        decidedBy: null,
        participants: [],
        supersededBy: null,
        version: 1,
      });
    case 'DecisionOptionAdded': {
      const d = state.get(event.data.decisionId)!;
      const { decisionId: _id, ...option } = event.data;
      return state.set(d.decisionId, { ...d, options: [...d.options, option], version: d.version + 1 });
    }
    case 'DecisionMade': {
      const d = state.get(event.data.decisionId)!;
      return state.set(d.decisionId, {
        ...d,
        status: 'decided',
        chosenOptionId: event.data.optionId,
        rationale: event.data.rationale,
        decidedBy: event.data.decidedBy,
        participants: event.data.participants,
        version: d.version + 1,
      });
    }
    case 'DecisionSuperseded': {
      const d = state.get(event.data.decisionId)!;
      return state.set(d.decisionId, { ...d, status: 'superseded', supersededBy: event.data.supersededBy, version: d.version + 1 });
    }
  }
}
