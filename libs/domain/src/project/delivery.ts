import { DomainError } from '../domain-error';
import { noEntities, type Entities } from '../entities';
import type { DomainEvent } from '../event';
import type { MemberRoles } from './plan';

/**
 * Quality, acceptance and closure (DOMAIN.md sections 11 and 14): measurable
 * standards per deliverable, checks recorded against them, the client's
 * acceptance (only when every standard's latest check passed or was waived with
 * a reason) or refusal, and closing the project, after which it is read-only
 * until a manager reopens it.
 */
export const QualityDimensions = ['functional', 'performance', 'reliability', 'usability', 'security', 'compliance', 'other'] as const;
export type QualityDimension = (typeof QualityDimensions)[number];
export const CheckResults = ['pass', 'fail', 'waived'] as const;
export type CheckResult = (typeof CheckResults)[number];

export interface QualityStandard {
  readonly standardId: string;
  readonly deliverable: string;
  readonly dimension: QualityDimension;
  readonly criterion: string;
  /** The measurable threshold, e.g. "p95 page load ≤ 2 s". */
  readonly threshold: string;
}

export interface QualityCheck {
  readonly checkId: string;
  readonly standardId: string;
  readonly result: CheckResult;
  readonly measured: string;
  readonly note: string;
  readonly checkedBy: string;
}

export interface DeliveryState {
  readonly standards: Entities<QualityStandard>;
  /** Every check, in the order recorded; the latest per standard is what counts. */
  readonly checks: readonly QualityCheck[];
  readonly acceptance: { readonly accepted: boolean; readonly by: string; readonly note: string } | null;
  readonly closed: boolean;
}

export const initialDeliveryState = (): DeliveryState => ({ standards: noEntities(), checks: [], acceptance: null, closed: false });

export type DeliveryEvent =
  | DomainEvent<'QualityStandardDefined', QualityStandard & { definedBy: string }>
  | DomainEvent<'QualityCheckRecorded', QualityCheck>
  | DomainEvent<'DeliveryAccepted', { by: string; note: string }>
  | DomainEvent<'DeliveryRefused', { by: string; reasons: string }>
  | DomainEvent<'ProjectClosed', { by: string; note: string; accepted: boolean }>
  | DomainEvent<'ProjectReopened', { by: string; reason: string }>;

export type DeliveryCommand =
  | { type: 'DefineQualityStandard'; data: QualityStandard & { definedBy: string } }
  | { type: 'RecordQualityCheck'; data: QualityCheck }
  | { type: 'AcceptDelivery'; data: { by: string; note: string } }
  | { type: 'RefuseDelivery'; data: { by: string; reasons: string } }
  | { type: 'CloseProject'; data: { by: string; note: string } }
  | { type: 'ReopenProject'; data: { by: string; reason: string } };

export const DeliveryCommandTypes: ReadonlySet<string> = new Set([
  'DefineQualityStandard',
  'RecordQualityCheck',
  'AcceptDelivery',
  'RefuseDelivery',
  'CloseProject',
  'ReopenProject',
]);
export const DeliveryEventTypes: ReadonlySet<string> = new Set([
  'QualityStandardDefined',
  'QualityCheckRecorded',
  'DeliveryAccepted',
  'DeliveryRefused',
  'ProjectClosed',
  'ProjectReopened',
]);

/** The latest check of each standard. */
export function latestChecks(state: DeliveryState): ReadonlyMap<string, QualityCheck> {
  const latest = new Map<string, QualityCheck>();
  for (const check of state.checks) latest.set(check.standardId, check);
  return latest;
}

/** Standards whose latest check neither passed nor was waived: what stands between the project and acceptance. */
export function openStandards(state: DeliveryState): string[] {
  const latest = latestChecks(state);
  return [...state.standards.keys()].filter((id) => {
    const result = latest.get(id)?.result;
    return result !== 'pass' && result !== 'waived';
  });
}

function role(members: MemberRoles, userId: string): string | undefined {
  return members.get(userId)?.role;
}

export function decideDelivery(command: DeliveryCommand, state: DeliveryState, members: MemberRoles): DeliveryEvent[] {
  switch (command.type) {
    case 'DefineQualityStandard': {
      if (state.standards.has(command.data.standardId)) throw new DomainError('quality.standard-exists', 'This standard already exists');
      return [{ type: 'QualityStandardDefined', data: command.data }];
    }
    case 'RecordQualityCheck': {
      if (!state.standards.has(command.data.standardId)) {
        throw new DomainError('quality.standard-not-found', 'No such quality standard', { standardId: command.data.standardId });
      }
      if (state.checks.some((check) => check.checkId === command.data.checkId)) throw new DomainError('quality.check-exists', 'This check already exists');
      if (command.data.result === 'waived') {
        if (role(members, command.data.checkedBy) !== 'manager') throw new DomainError('project.forbidden', 'Only a manager waives a quality standard');
        if (command.data.note.trim().length === 0) throw new DomainError('quality.waiver-needs-reason', 'A waiver says why (note)');
      }
      return [{ type: 'QualityCheckRecorded', data: command.data }];
    }
    case 'AcceptDelivery':
    case 'RefuseDelivery': {
      if (role(members, command.data.by) !== 'client') throw new DomainError('project.forbidden', 'The client accepts or refuses the delivery');
      if (state.acceptance?.accepted === true) throw new DomainError('acceptance.given', 'The delivery was already accepted');
      if (command.type === 'RefuseDelivery') {
        if (command.data.reasons.trim().length === 0) throw new DomainError('acceptance.refusal-needs-reasons', 'A refusal gives its reasons');
        return [{ type: 'DeliveryRefused', data: command.data }];
      }
      const open = openStandards(state);
      if (open.length > 0) {
        throw new DomainError('acceptance.quality-open', 'Every quality standard’s latest check must have passed or been waived', { standards: open });
      }
      return [{ type: 'DeliveryAccepted', data: command.data }];
    }
    case 'CloseProject': {
      if (role(members, command.data.by) !== 'manager') throw new DomainError('project.forbidden', 'Only a manager closes the project');
      if (state.closed) throw new DomainError('project.closed', 'The project is already closed');
      return [{ type: 'ProjectClosed', data: { ...command.data, accepted: state.acceptance?.accepted === true } }];
    }
    case 'ReopenProject': {
      if (role(members, command.data.by) !== 'manager') throw new DomainError('project.forbidden', 'Only a manager reopens the project');
      if (!state.closed) throw new DomainError('project.not-closed', 'The project is not closed');
      return [{ type: 'ProjectReopened', data: command.data }];
    }
  }
}

export function evolveDelivery(state: DeliveryState, event: DeliveryEvent): DeliveryState {
  switch (event.type) {
    case 'QualityStandardDefined': {
      const { definedBy: _by, ...standard } = event.data;
      return { ...state, standards: state.standards.set(standard.standardId, standard) };
    }
    case 'QualityCheckRecorded':
      return { ...state, checks: [...state.checks, event.data] };
    case 'DeliveryAccepted':
      return { ...state, acceptance: { accepted: true, by: event.data.by, note: event.data.note } };
    case 'DeliveryRefused':
      return { ...state, acceptance: { accepted: false, by: event.data.by, note: event.data.reasons } };
    case 'ProjectClosed':
      return { ...state, closed: true };
    case 'ProjectReopened':
      return { ...state, closed: false };
  }
}
