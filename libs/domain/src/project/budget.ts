import { DomainError } from '../domain-error';
import { noEntities, type Entities } from '../entities';
import type { DomainEvent } from '../event';
import { isCalendarDate, type MemberRoles } from './plan';

/**
 * Budget and costs (DOMAIN.md section 10). Money is an integer amount of minor
 * units in the project's one currency. A cost entry is never edited: a
 * correction is a new entry that names the one it corrects.
 */
export const BudgetCategories = ['labour', 'materials', 'equipment', 'services', 'other'] as const;
export type BudgetCategory = (typeof BudgetCategories)[number];

export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

export interface BudgetLine {
  readonly lineId: string;
  readonly category: BudgetCategory;
  readonly name: string;
  readonly amountMinor: number;
  readonly version: number;
}

export interface CostEntry {
  readonly costId: string;
  readonly lineId: string;
  readonly amountMinor: number;
  readonly description: string;
  readonly incurredOn: string;
  /** The entry this one corrects, or `null` for an ordinary cost. */
  readonly correctsCostId: string | null;
  readonly recordedBy: string;
}

export interface BudgetState {
  readonly lines: Entities<BudgetLine>;
  readonly costs: Entities<CostEntry>;
}

export const initialBudgetState = (): BudgetState => ({ lines: noEntities(), costs: noEntities() });

export type BudgetEvent =
  | DomainEvent<'BudgetLineAdded', { lineId: string; category: BudgetCategory; name: string; amountMinor: number }>
  | DomainEvent<'BudgetRevised', { lineId: string; amountMinor: number; previousAmountMinor: number; reason: string }>
  | DomainEvent<'CostRecorded', Omit<CostEntry, 'correctsCostId'>>
  | DomainEvent<'CostCorrected', CostEntry & { correctsCostId: string; reason: string }>;

export type BudgetCommand =
  | { type: 'AddBudgetLine'; data: { lineId: string; category: BudgetCategory; name: string; amount: Money; by: string } }
  | { type: 'ReviseBudget'; data: { lineId: string; amount: Money; reason: string; by: string; ifVersion?: number } }
  | { type: 'RecordCost'; data: { costId: string; lineId: string; amount: Money; description: string; incurredOn: string; recordedBy: string } }
  | { type: 'CorrectCost'; data: { costId: string; correctsCostId: string; amount: Money; reason: string; incurredOn: string; recordedBy: string } };

export const BudgetCommandTypes: ReadonlySet<string> = new Set(['AddBudgetLine', 'ReviseBudget', 'RecordCost', 'CorrectCost']);
export const BudgetEventTypes: ReadonlySet<string> = new Set(['BudgetLineAdded', 'BudgetRevised', 'CostRecorded', 'CostCorrected']);

/** Checks an amount is whole minor units of the project's currency, and returns them. */
function minor(amount: Money, currency: string, options: { allowNegative: boolean }): number {
  if (amount.currency !== currency) {
    throw new DomainError('money.wrong-currency', `Amounts in this project are in ${currency}, not ${amount.currency}`, { currency });
  }
  if (!Number.isSafeInteger(amount.amountMinor) || (!options.allowNegative && amount.amountMinor < 0)) {
    throw new DomainError('money.invalid-amount', `An amount is a whole number of minor units${options.allowNegative ? '' : ', not negative'}`);
  }
  return amount.amountMinor;
}

function line(state: BudgetState, lineId: string): BudgetLine {
  const found = state.lines.get(lineId);
  if (found === undefined) throw new DomainError('budget-line.not-found', 'No such budget line', { lineId });
  return found;
}

function assertManager(members: MemberRoles, userId: string): void {
  if (members.get(userId)?.role !== 'manager') throw new DomainError('project.forbidden', 'Only a manager of this project sets the budget');
}

function assertDay(incurredOn: string): void {
  if (!isCalendarDate(incurredOn)) throw new DomainError('plan.invalid-date', 'incurredOn must be a calendar date written YYYY-MM-DD', { field: 'incurredOn' });
}

export function decideBudget(command: BudgetCommand, state: BudgetState, members: MemberRoles, currency: string): BudgetEvent[] {
  switch (command.type) {
    case 'AddBudgetLine': {
      assertManager(members, command.data.by);
      if (state.lines.has(command.data.lineId)) throw new DomainError('budget-line.exists', 'This budget line already exists');
      const amountMinor = minor(command.data.amount, currency, { allowNegative: false });
      return [{ type: 'BudgetLineAdded', data: { lineId: command.data.lineId, category: command.data.category, name: command.data.name, amountMinor } }];
    }
    case 'ReviseBudget': {
      assertManager(members, command.data.by);
      const current = line(state, command.data.lineId);
      if (command.data.ifVersion !== undefined && command.data.ifVersion !== current.version) {
        throw new DomainError('budget-line.version-conflict', `This budget line changed since version ${command.data.ifVersion}`, {
          id: current.lineId,
          version: current.version,
          current,
        });
      }
      const amountMinor = minor(command.data.amount, currency, { allowNegative: false });
      if (amountMinor === current.amountMinor) return [];
      return [{ type: 'BudgetRevised', data: { lineId: current.lineId, amountMinor, previousAmountMinor: current.amountMinor, reason: command.data.reason } }];
    }
    case 'RecordCost': {
      if (state.costs.has(command.data.costId)) throw new DomainError('cost.exists', 'This cost entry already exists');
      line(state, command.data.lineId);
      assertDay(command.data.incurredOn);
      const amountMinor = minor(command.data.amount, currency, { allowNegative: false });
      const { amount: _amount, ...entry } = command.data;
      return [{ type: 'CostRecorded', data: { ...entry, amountMinor } }];
    }
    case 'CorrectCost': {
      if (state.costs.has(command.data.costId)) throw new DomainError('cost.exists', 'This cost entry already exists');
      const original = state.costs.get(command.data.correctsCostId);
      if (original === undefined) throw new DomainError('cost.not-found', 'No such cost entry to correct', { costId: command.data.correctsCostId });
      assertDay(command.data.incurredOn);
      const amountMinor = minor(command.data.amount, currency, { allowNegative: true });
      if (amountMinor === 0) throw new DomainError('cost.invalid-correction', 'A correction changes the amount: give the difference, not zero');
      return [
        {
          type: 'CostCorrected',
          data: {
            costId: command.data.costId,
            lineId: original.lineId,
            amountMinor,
            description: `Correction of ${original.description}`,
            incurredOn: command.data.incurredOn,
            correctsCostId: original.costId,
            recordedBy: command.data.recordedBy,
            reason: command.data.reason,
          },
        },
      ];
    }
  }
}

export function evolveBudget(state: BudgetState, event: BudgetEvent): BudgetState {
  switch (event.type) {
    case 'BudgetLineAdded':
      return { ...state, lines: state.lines.set(event.data.lineId, { ...event.data, version: 1 }) };
    case 'BudgetRevised': {
      const l = state.lines.get(event.data.lineId)!;
      return { ...state, lines: state.lines.set(l.lineId, { ...l, amountMinor: event.data.amountMinor, version: l.version + 1 }) };
    }
    case 'CostRecorded':
      return { ...state, costs: state.costs.set(event.data.costId, { ...event.data, correctsCostId: null }) };
    case 'CostCorrected': {
      const { reason: _reason, ...entry } = event.data;
      return { ...state, costs: state.costs.set(entry.costId, entry) };
    }
  }
}

/** Actual cost of a line: every entry and correction booked to it. */
export function actualCost(state: BudgetState, lineId: string): number {
  return state.costs.reduce((sum, cost) => (cost.lineId === lineId ? sum + cost.amountMinor : sum), 0);
}
