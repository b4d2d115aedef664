import { DomainError } from '../domain-error';
import { noEntities, type Entities } from '../entities';
import type { DomainEvent } from '../event';
import type { MemberRoles } from './plan';

/**
 * The risk register (DOMAIN.md section 5). Every re-assessment is its own
 * event, so the history of a risk's exposure is never lost.
 */
export const RiskCategories = ['technical', 'resource', 'schedule', 'budget', 'scope', 'quality', 'client', 'external'] as const;
export type RiskCategory = (typeof RiskCategories)[number];
export const RiskStatuses = ['open', 'mitigating', 'occurred', 'closed'] as const;
export type RiskStatus = (typeof RiskStatuses)[number];

export interface RiskFields {
  readonly title: string;
  readonly description: string;
  readonly category: RiskCategory;
  readonly ownerId: string | null;
  readonly mitigation: string;
  readonly contingency: string;
  /** Kept from the client's view. */
  readonly internalOnly: boolean;
}

export interface Risk extends RiskFields {
  readonly riskId: string;
  /** 1 (rare) to 5 (almost certain). */
  readonly probability: number;
  /** 1 (negligible) to 5 (severe). */
  readonly impact: number;
  readonly status: RiskStatus;
  readonly version: number;
}

export type RisksState = Entities<Risk>;
export const initialRisksState = (): RisksState => noEntities();

export type RiskChanges = Partial<RiskFields>;

export type RiskEvent =
  | DomainEvent<'RiskIdentified', RiskFields & { riskId: string; probability: number; impact: number; identifiedBy: string }>
  | DomainEvent<'RiskUpdated', { riskId: string; changes: RiskChanges }>
  | DomainEvent<'RiskReassessed', { riskId: string; probability: number; impact: number; previousProbability: number; previousImpact: number; note: string }>
  | DomainEvent<'RiskStatusChanged', { riskId: string; status: RiskStatus; previousStatus: RiskStatus; note: string }>;

export type RiskCommand =
  | { type: 'IdentifyRisk'; data: RiskFields & { riskId: string; probability: number; impact: number; identifiedBy: string } }
  | { type: 'UpdateRisk'; data: { riskId: string; changes: RiskChanges; ifVersion?: number } }
  | { type: 'ReassessRisk'; data: { riskId: string; probability: number; impact: number; note: string; ifVersion?: number } }
  | { type: 'ChangeRiskStatus'; data: { riskId: string; status: RiskStatus; note: string; ifVersion?: number } };

export const RiskCommandTypes: ReadonlySet<string> = new Set(['IdentifyRisk', 'UpdateRisk', 'ReassessRisk', 'ChangeRiskStatus']);
export const RiskEventTypes: ReadonlySet<string> = new Set(['RiskIdentified', 'RiskUpdated', 'RiskReassessed', 'RiskStatusChanged']);

/** Exposure: probability times impact, 1 to 25 — the cell of the 5×5 heat map. */
export function exposure(risk: Pick<Risk, 'probability' | 'impact'>): number {
  return risk.probability * risk.impact;
}

function assertScore(name: 'probability' | 'impact', value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 5) {
    throw new DomainError('risk.invalid-score', `${name} is a whole number from 1 to 5`, { field: name });
  }
}

function assertOwner(members: MemberRoles, ownerId: string | null): void {
  if (ownerId === null) return;
  const role = members.get(ownerId)?.role;
  if (role !== 'manager' && role !== 'member') {
    throw new DomainError('risk.owner-not-team', 'A risk is owned by a member of the delivery team (a manager or member)');
  }
}

function risk(state: RisksState, riskId: string, ifVersion: number | undefined): Risk {
  const found = state.get(riskId);
  if (found === undefined) throw new DomainError('risk.not-found', 'No such risk', { riskId });
  if (ifVersion !== undefined && ifVersion !== found.version) {
    throw new DomainError('risk.version-conflict', `This risk changed since version ${ifVersion}; it is now at version ${found.version}`, {
      id: riskId,
      version: found.version,
      current: found,
    });
  }
  return found;
}

export function decideRisks(command: RiskCommand, state: RisksState, members: MemberRoles): RiskEvent[] {
  switch (command.type) {
    case 'IdentifyRisk': {
      if (state.has(command.data.riskId)) throw new DomainError('risk.exists', 'This risk already exists');
      assertScore('probability', command.data.probability);
      assertScore('impact', command.data.impact);
      assertOwner(members, command.data.ownerId);
      return [{ type: 'RiskIdentified', data: command.data }];
    }
    case 'UpdateRisk': {
      const current = risk(state, command.data.riskId, command.data.ifVersion);
      const changes = Object.fromEntries(
        Object.entries(command.data.changes).filter(([key, value]) => value !== undefined && current[key as keyof RiskFields] !== value),
      ) as RiskChanges;
      if (Object.keys(changes).length === 0) return [];
      if (changes.ownerId !== undefined) assertOwner(members, changes.ownerId);
      return [{ type: 'RiskUpdated', data: { riskId: current.riskId, changes } }];
    }
    case 'ReassessRisk': {
      const current = risk(state, command.data.riskId, command.data.ifVersion);
      assertScore('probability', command.data.probability);
      assertScore('impact', command.data.impact);
      if (current.status === 'closed') throw new DomainError('risk.closed', 'A closed risk is reopened before it is re-assessed');
      if (current.probability === command.data.probability && current.impact === command.data.impact) return [];
      return [
        {
          type: 'RiskReassessed',
          data: {
            riskId: current.riskId,
            probability: command.data.probability,
            impact: command.data.impact,
            previousProbability: current.probability,
            previousImpact: current.impact,
            note: command.data.note,
          },
        },
      ];
    }
    case 'ChangeRiskStatus': {
      const current = risk(state, command.data.riskId, command.data.ifVersion);
      if (current.status === command.data.status) return [];
      return [{ type: 'RiskStatusChanged', data: { riskId: current.riskId, status: command.data.status, previousStatus: current.status, note: command.data.note } }];
    }
  }
}

export function evolveRisks(state: RisksState, event: RiskEvent): RisksState {
  switch (event.type) {
    case 'RiskIdentified': {
      const { identifiedBy: _by, ...fields } = event.data;
      return state.set(fields.riskId, { ...fields, status: 'open', version: 1 });
    }
    case 'RiskUpdated': {
      const r = state.get(event.data.riskId)!;
      return state.set(r.riskId, { ...r, ...event.data.changes, version: r.version + 1 });
    }
    case 'RiskReassessed': {
      const r = state.get(event.data.riskId)!;
      return state.set(r.riskId, { ...r, probability: event.data.probability, impact: event.data.impact, version: r.version + 1 });
    }
    case 'RiskStatusChanged': {
      const r = state.get(event.data.riskId)!;
      return state.set(r.riskId, { ...r, status: event.data.status, version: r.version + 1 });
    }
  }
}
