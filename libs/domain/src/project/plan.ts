import { DomainError } from '../domain-error';
import { noEntities, type Entities } from '../entities';
import type { DomainEvent } from '../event';
import type { ProjectRole } from '../roles';

/**
 * The plan (DOMAIN.md sections 2, 6 and 21): phases, milestones, tasks with
 * their dependencies, the baseline, and the change requests through which the
 * baseline may move. Every entity carries a version, bumped by each event that
 * touches it, so a writer can say which version it saw (HTTP If-Match).
 */
export const TaskStatuses = ['todo', 'in_progress', 'blocked', 'done'] as const;
export type TaskStatus = (typeof TaskStatuses)[number];

export interface Phase {
  readonly phaseId: string;
  readonly name: string;
  readonly order: number;
  readonly version: number;
}

export interface Milestone {
  readonly milestoneId: string;
  readonly phaseId: string | null;
  readonly name: string;
  /** YYYY-MM-DD */
  readonly dueDate: string;
  readonly reachedOn: string | null;
  readonly version: number;
}

export interface TaskFields {
  readonly phaseId: string | null;
  readonly title: string;
  readonly description: string;
  readonly assigneeId: string | null;
  readonly startDate: string | null;
  readonly dueDate: string | null;
  readonly estimateHours: number | null;
  readonly dependsOn: readonly string[];
}

export interface Task extends TaskFields {
  readonly taskId: string;
  readonly status: TaskStatus;
  readonly percentDone: number;
  readonly version: number;
}

export interface Baseline {
  readonly number: number;
  readonly changeId: string | null;
  readonly milestones: Readonly<Record<string, string>>;
  readonly tasks: Readonly<Record<string, { readonly startDate: string | null; readonly dueDate: string | null; readonly estimateHours: number | null }>>;
}

export interface ChangeImpact {
  readonly scope: string;
  /** Days the schedule moves (negative: earlier). */
  readonly scheduleDays: number;
  /** Cost in minor units of the project's currency (negative: saves). */
  readonly costMinor: number;
}

export interface ChangeRequest {
  readonly changeId: string;
  readonly title: string;
  readonly description: string;
  readonly impact: ChangeImpact;
  readonly status: 'requested' | 'approved' | 'rejected';
  readonly requestedBy: string;
  readonly decidedBy: string | null;
  readonly reason: string | null;
  readonly version: number;
}

export interface PlanState {
  readonly phases: Entities<Phase>;
  readonly milestones: Entities<Milestone>;
  readonly tasks: Entities<Task>;
  /** The previous baseline with what each PlanBaselined event changed: plain records, as the events carry them. */
  readonly baseline: Baseline | null;
  readonly changes: Entities<ChangeRequest>;
}

export const initialPlanState = (): PlanState => ({ phases: noEntities(), milestones: noEntities(), tasks: noEntities(), baseline: null, changes: noEntities() });

export type TaskChanges = Partial<TaskFields>;

export type PlanEvent =
  | DomainEvent<'PhaseAdded', { phaseId: string; name: string; order: number }>
  | DomainEvent<'PhaseRenamed', { phaseId: string; name: string; previousName: string }>
  | DomainEvent<'MilestoneAdded', { milestoneId: string; phaseId: string | null; name: string; dueDate: string }>
  | DomainEvent<'MilestoneRescheduled', { milestoneId: string; dueDate: string; previousDueDate: string; changeId: string | null }>
  | DomainEvent<'MilestoneReached', { milestoneId: string; reachedOn: string }>
  | DomainEvent<'TaskAdded', TaskFields & { taskId: string }>
  | DomainEvent<'TaskUpdated', { taskId: string; changes: TaskChanges }>
  | DomainEvent<'TaskStatusChanged', { taskId: string; status: TaskStatus; previousStatus: TaskStatus }>
  | DomainEvent<'TaskProgressReported', { taskId: string; percentDone: number }>
  | DomainEvent<'PlanBaselined', Baseline & { reason: string }>
  | DomainEvent<'ChangeRequested', { changeId: string; title: string; description: string; impact: ChangeImpact; requestedBy: string }>
  | DomainEvent<'ChangeApproved', { changeId: string; decidedBy: string; reason: string }>
  | DomainEvent<'ChangeRejected', { changeId: string; decidedBy: string; reason: string }>;

/** `ifVersion`: the version of the entity the writer saw; a different one is a conflict. */
export type PlanCommand =
  | { type: 'AddPhase'; data: { phaseId: string; name: string } }
  | { type: 'RenamePhase'; data: { phaseId: string; name: string; ifVersion?: number } }
  | { type: 'AddMilestone'; data: { milestoneId: string; phaseId: string | null; name: string; dueDate: string } }
  | { type: 'RescheduleMilestone'; data: { milestoneId: string; dueDate: string; changeId: string | null; ifVersion?: number } }
  | { type: 'MarkMilestoneReached'; data: { milestoneId: string; reachedOn: string } }
  | { type: 'AddTask'; data: TaskFields & { taskId: string } }
  | { type: 'UpdateTask'; data: { taskId: string; changes: TaskChanges; ifVersion?: number } }
  | { type: 'ChangeTaskStatus'; data: { taskId: string; status: TaskStatus; ifVersion?: number } }
  | { type: 'ReportTaskProgress'; data: { taskId: string; percentDone: number; ifVersion?: number } }
  | { type: 'BaselinePlan'; data: { reason: string; changeId: string | null; by: string } }
  | { type: 'RequestChange'; data: { changeId: string; title: string; description: string; impact: ChangeImpact; requestedBy: string } }
  | { type: 'ApproveChange'; data: { changeId: string; reason: string; by: string } }
  | { type: 'RejectChange'; data: { changeId: string; reason: string; by: string } };

export const PlanCommandTypes: ReadonlySet<string> = new Set([
  'AddPhase',
  'RenamePhase',
  'AddMilestone',
  'RescheduleMilestone',
  'MarkMilestoneReached',
  'AddTask',
  'UpdateTask',
  'ChangeTaskStatus',
  'ReportTaskProgress',
  'BaselinePlan',
  'RequestChange',
  'ApproveChange',
  'RejectChange',
]);

export const PlanEventTypes: ReadonlySet<string> = new Set([
  'PhaseAdded',
  'PhaseRenamed',
  'MilestoneAdded',
  'MilestoneRescheduled',
  'MilestoneReached',
  'TaskAdded',
  'TaskUpdated',
  'TaskStatusChanged',
  'TaskProgressReported',
  'PlanBaselined',
  'ChangeRequested',
  'ChangeApproved',
  'ChangeRejected',
]);

/** What the plan needs to know of the project's members. */
export type MemberRoles = Entities<{ readonly role: ProjectRole }>;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (match === null) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

function assertDate(field: string, value: string | null): void {
  if (value !== null && !isCalendarDate(value)) {
    throw new DomainError('plan.invalid-date', `${field} must be a calendar date written YYYY-MM-DD`, { field });
  }
}

function checkVersion(kind: string, id: string, current: number, seen: number | undefined, entity: unknown): void {
  if (seen !== undefined && seen !== current) {
    throw new DomainError(`${kind}.version-conflict`, `This ${kind} changed since version ${seen}; it is now at version ${current}`, {
      id,
      version: current,
      current: entity,
    });
  }
}

function task(plan: PlanState, taskId: string): Task {
  const found = plan.tasks.get(taskId);
  if (found === undefined) throw new DomainError('task.not-found', 'No such task', { taskId });
  return found;
}

function milestone(plan: PlanState, milestoneId: string): Milestone {
  const found = plan.milestones.get(milestoneId);
  if (found === undefined) throw new DomainError('milestone.not-found', 'No such milestone', { milestoneId });
  return found;
}

function change(plan: PlanState, changeId: string): ChangeRequest {
  const found = plan.changes.get(changeId);
  if (found === undefined) throw new DomainError('change.not-found', 'No such change request', { changeId });
  return found;
}

function assertManager(members: MemberRoles, userId: string, what: string): void {
  if (members.get(userId)?.role !== 'manager') throw new DomainError('project.forbidden', `Only a manager of this project can ${what}`);
}

function assertPhase(plan: PlanState, phaseId: string | null): void {
  if (phaseId !== null && !plan.phases.has(phaseId)) throw new DomainError('phase.not-found', 'No such phase', { phaseId });
}

/** Checks the fields a task would have after a change: dates, estimate, assignee, dependencies. */
function checkTask(plan: PlanState, members: MemberRoles, taskId: string, fields: TaskFields): void {
  assertPhase(plan, fields.phaseId);
  assertDate('startDate', fields.startDate);
  assertDate('dueDate', fields.dueDate);
  if (fields.startDate !== null && fields.dueDate !== null && fields.startDate > fields.dueDate) {
    throw new DomainError('task.dates-reversed', 'A task cannot be due before it starts');
  }
  if (fields.estimateHours !== null && (!Number.isFinite(fields.estimateHours) || fields.estimateHours < 0 || fields.estimateHours > 100_000)) {
    throw new DomainError('task.invalid-estimate', 'An estimate is a number of hours from 0 to 100,000');
  }
  if (fields.assigneeId !== null) {
    const role = members.get(fields.assigneeId)?.role;
    if (role !== 'manager' && role !== 'member') {
      throw new DomainError('task.assignee-not-team', 'Tasks are assigned to members of the delivery team (managers and members)');
    }
  }
  for (const dependency of fields.dependsOn) {
    if (dependency === taskId) throw new DomainError('task.dependency-cycle', 'A task cannot depend on itself');
    if (!plan.tasks.has(dependency)) throw new DomainError('task.not-found', 'A task it depends on does not exist', { taskId: dependency });
  }
  // Would the new edges close a loop? Walk from each dependency back to this task.
  const dependsOn = (id: string): readonly string[] => (id === taskId ? fields.dependsOn : (plan.tasks.get(id)?.dependsOn ?? []));
  const seen = new Set<string>();
  const stack = [...fields.dependsOn];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (next === taskId) throw new DomainError('task.dependency-cycle', 'These dependencies would form a cycle');
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...dependsOn(next));
  }
}

export function decidePlan(command: PlanCommand, plan: PlanState, members: MemberRoles): PlanEvent[] {
  switch (command.type) {
    case 'AddPhase': {
      if (plan.phases.has(command.data.phaseId)) throw new DomainError('phase.exists', 'This phase already exists');
      const order = plan.phases.size + 1;
      return [{ type: 'PhaseAdded', data: { ...command.data, order } }];
    }
    case 'RenamePhase': {
      const current = plan.phases.get(command.data.phaseId);
      if (current === undefined) throw new DomainError('phase.not-found', 'No such phase', { phaseId: command.data.phaseId });
      checkVersion('phase', current.phaseId, current.version, command.data.ifVersion, current);
      if (current.name === command.data.name) return [];
      return [{ type: 'PhaseRenamed', data: { phaseId: current.phaseId, name: command.data.name, previousName: current.name } }];
    }
    case 'AddMilestone': {
      if (plan.milestones.has(command.data.milestoneId)) throw new DomainError('milestone.exists', 'This milestone already exists');
      assertPhase(plan, command.data.phaseId);
      assertDate('dueDate', command.data.dueDate);
      return [{ type: 'MilestoneAdded', data: command.data }];
    }
    case 'RescheduleMilestone': {
      const current = milestone(plan, command.data.milestoneId);
      checkVersion('milestone', current.milestoneId, current.version, command.data.ifVersion, current);
      assertDate('dueDate', command.data.dueDate);
      if (current.reachedOn !== null) throw new DomainError('milestone.reached', 'A reached milestone keeps its date');
      if (current.dueDate === command.data.dueDate) return [];
      const baselineDue = plan.baseline?.milestones[current.milestoneId];
      if (baselineDue !== undefined && command.data.dueDate > baselineDue) {
        const approved = command.data.changeId === null ? undefined : plan.changes.get(command.data.changeId);
        if (approved?.status !== 'approved') {
          throw new DomainError(
            'milestone.beyond-baseline',
            `The baseline has this milestone on ${baselineDue}; moving it later needs an approved change request`,
            { baselineDueDate: baselineDue },
          );
        }
      }
      return [
        {
          type: 'MilestoneRescheduled',
          data: { milestoneId: current.milestoneId, dueDate: command.data.dueDate, previousDueDate: current.dueDate, changeId: command.data.changeId },
        },
      ];
    }
    case 'MarkMilestoneReached': {
      const current = milestone(plan, command.data.milestoneId);
      assertDate('reachedOn', command.data.reachedOn);
      if (current.reachedOn !== null) throw new DomainError('milestone.reached', 'This milestone was already reached');
      return [{ type: 'MilestoneReached', data: command.data }];
    }
    case 'AddTask': {
      if (plan.tasks.has(command.data.taskId)) throw new DomainError('task.exists', 'This task already exists');
      checkTask(plan, members, command.data.taskId, command.data);
      return [{ type: 'TaskAdded', data: command.data }];
    }
    case 'UpdateTask': {
      const current = task(plan, command.data.taskId);
      checkVersion('task', current.taskId, current.version, command.data.ifVersion, current);
      const changes = Object.fromEntries(
        Object.entries(command.data.changes).filter(([key, value]) => value !== undefined && JSON.stringify(current[key as keyof TaskFields]) !== JSON.stringify(value)),
      ) as TaskChanges;
      if (Object.keys(changes).length === 0) return [];
      checkTask(plan, members, current.taskId, { ...current, ...changes });
      return [{ type: 'TaskUpdated', data: { taskId: current.taskId, changes } }];
    }
    case 'ChangeTaskStatus': {
      const current = task(plan, command.data.taskId);
      checkVersion('task', current.taskId, current.version, command.data.ifVersion, current);
      if (current.status === command.data.status) return [];
      if (command.data.status === 'done') {
        const open = current.dependsOn.filter((id) => plan.tasks.get(id)?.status !== 'done');
        if (open.length > 0) {
          throw new DomainError('task.dependencies-open', 'A task is done only once every task it depends on is done', { open });
        }
      }
      return [{ type: 'TaskStatusChanged', data: { taskId: current.taskId, status: command.data.status, previousStatus: current.status } }];
    }
    case 'ReportTaskProgress': {
      const current = task(plan, command.data.taskId);
      checkVersion('task', current.taskId, current.version, command.data.ifVersion, current);
      const percent = command.data.percentDone;
      if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
        throw new DomainError('task.invalid-progress', 'Progress is a whole percentage from 0 to 100');
      }
      if (current.status === 'done' && percent < 100) throw new DomainError('task.done', 'A done task is 100% done; reopen it first');
      if (current.percentDone === percent) return [];
      return [{ type: 'TaskProgressReported', data: { taskId: current.taskId, percentDone: percent } }];
    }
    case 'BaselinePlan': {
      assertManager(members, command.data.by, 'baseline the plan');
      if (plan.baseline !== null) {
        const approved = command.data.changeId === null ? undefined : plan.changes.get(command.data.changeId);
        if (approved?.status !== 'approved') {
          throw new DomainError('plan.rebaseline-needs-change', 'The plan has a baseline; a new one needs an approved change request');
        }
      }
      // The event carries what the new baseline changes: the milestones and tasks whose baseline differs from the previous one (all of them, the first time).
      const previous = plan.baseline;
      return [
        {
          type: 'PlanBaselined',
          data: {
            number: (previous?.number ?? 0) + 1,
            changeId: command.data.changeId,
            reason: command.data.reason,
            milestones: Object.fromEntries(
              plan.milestones
                .valueSeq()
                .filter((m) => previous?.milestones[m.milestoneId] !== m.dueDate)
                .map((m) => [m.milestoneId, m.dueDate] as const),
            ),
            tasks: Object.fromEntries(
              plan.tasks
                .valueSeq()
                .filter((t) => {
                  const before = previous?.tasks[t.taskId];
                  return before === undefined || before.startDate !== t.startDate || before.dueDate !== t.dueDate || before.estimateHours !== t.estimateHours;
                })
                .map((t) => [t.taskId, { startDate: t.startDate, dueDate: t.dueDate, estimateHours: t.estimateHours }] as const),
            ),
          },
        },
      ];
    }
    case 'RequestChange': {
      if (plan.changes.has(command.data.changeId)) throw new DomainError('change.exists', 'This change request already exists');
      const { scheduleDays, costMinor } = command.data.impact;
      if (!Number.isSafeInteger(scheduleDays) || !Number.isSafeInteger(costMinor)) {
        throw new DomainError('change.invalid-impact', 'Schedule impact is whole days and cost impact whole minor units of the project currency');
      }
      return [{ type: 'ChangeRequested', data: command.data }];
    }
    case 'ApproveChange':
    case 'RejectChange': {
      assertManager(members, command.data.by, 'decide on a change request');
      const current = change(plan, command.data.changeId);
      if (current.status !== 'requested') throw new DomainError('change.decided', `This change request was already ${current.status}`);
      const data = { changeId: current.changeId, decidedBy: command.data.by, reason: command.data.reason };
      return [command.type === 'ApproveChange' ? { type: 'ChangeApproved', data } : { type: 'ChangeRejected', data }];
    }
  }
}

export function evolvePlan(plan: PlanState, event: PlanEvent): PlanState {
  switch (event.type) {
    case 'PhaseAdded':
      return { ...plan, phases: plan.phases.set(event.data.phaseId, { ...event.data, version: 1 }) };
    case 'PhaseRenamed': {
      const p = plan.phases.get(event.data.phaseId)!;
      return { ...plan, phases: plan.phases.set(p.phaseId, { ...p, name: event.data.name, version: p.version + 1 }) };
    }
    case 'MilestoneAdded':
      return { ...plan, milestones: plan.milestones.set(event.data.milestoneId, { ...event.data, reachedOn: null, version: 1 }) };
    case 'MilestoneRescheduled': {
      const m = plan.milestones.get(event.data.milestoneId)!;
      return { ...plan, milestones: plan.milestones.set(m.milestoneId, { ...m, dueDate: event.data.dueDate, version: m.version + 1 }) };
    }
    case 'MilestoneReached': {
      const m = plan.milestones.get(event.data.milestoneId)!;
      return { ...plan, milestones: plan.milestones.set(m.milestoneId, { ...m, reachedOn: event.data.reachedOn, version: m.version + 1 }) };
    }
    case 'TaskAdded':
      return { ...plan, tasks: plan.tasks.set(event.data.taskId, { ...event.data, status: 'todo', percentDone: 0, version: 1 }) };
    case 'TaskUpdated': {
      const t = plan.tasks.get(event.data.taskId)!;
      return { ...plan, tasks: plan.tasks.set(t.taskId, { ...t, ...event.data.changes, version: t.version + 1 }) };
    }
    case 'TaskStatusChanged': {
      const t = plan.tasks.get(event.data.taskId)!;
      const percentDone = event.data.status === 'done' ? 100 : t.percentDone;
      return { ...plan, tasks: plan.tasks.set(t.taskId, { ...t, status: event.data.status, percentDone, version: t.version + 1 }) };
    }
    case 'TaskProgressReported': {
      const t = plan.tasks.get(event.data.taskId)!;
      return { ...plan, tasks: plan.tasks.set(t.taskId, { ...t, percentDone: event.data.percentDone, version: t.version + 1 }) };
    }
    case 'PlanBaselined': {
      // The previous baseline with what this one changes (an event written before 2026-11-27 carries every milestone and task: the same).
      const { number, changeId, milestones, tasks } = event.data;
      const previous = plan.baseline;
      return {
        ...plan,
        baseline: { number, changeId, milestones: { ...previous?.milestones, ...milestones }, tasks: { ...previous?.tasks, ...tasks } },
      };
    }
    case 'ChangeRequested':
      return { ...plan, changes: plan.changes.set(event.data.changeId, { ...event.data, status: 'requested', decidedBy: null, reason: null, version: 1 }) };
    case 'ChangeApproved':
    case 'ChangeRejected': {
      const c = plan.changes.get(event.data.changeId)!;
      const status = event.type === 'ChangeApproved' ? 'approved' : 'rejected';
      return { ...plan, changes: plan.changes.set(c.changeId, { ...c, status, decidedBy: event.data.decidedBy, reason: event.data.reason, version: c.version + 1 }) };
    }
  }
}
