import type { ProjectEvent, TaskStatus } from '@app/domain';
import { extend } from './extend';
import type { ClientShape, ProjectView, ProjectViewEvent } from './project-view';

export interface BoardTask {
  readonly taskId: string;
  phaseId: string | null;
  title: string;
  description: string;
  assigneeId: string | null;
  startDate: string | null;
  dueDate: string | null;
  estimateHours: number | null;
  dependsOn: readonly string[];
  status: TaskStatus;
  percentDone: number;
  version: number;
}

export interface BoardMilestone {
  readonly milestoneId: string;
  readonly phaseId: string | null;
  readonly name: string;
  dueDate: string;
  /** The due date in the latest baseline; `null` before the plan is baselined or when the milestone came later. */
  baselineDueDate: string | null;
  reachedOn: string | null;
  version: number;
}

/** A change request (DOMAIN.md 6): its scope, schedule and cost impact, and the decision on it. */
export interface BoardChange {
  readonly changeId: string;
  readonly title: string;
  readonly description: string;
  readonly impact: { readonly scope: string; readonly scheduleDays: number; readonly costMinor: number };
  status: 'requested' | 'approved' | 'rejected';
  readonly requestedBy: string;
  decidedBy: string | null;
  reason: string | null;
  version: number;
}

/** The plan with its progress (DOMAIN.md 2, 6, 21): what the team co-edits and the client watches move. */
export interface BoardData {
  readonly projectId: string;
  name: string;
  /** `version`: what `If-Match` names to rename one (missing on phases folded before phases could be renamed: 1). */
  phases: Record<string, { readonly phaseId: string; readonly name: string; readonly order: number; readonly version?: number }>;
  milestones: Record<string, BoardMilestone>;
  tasks: Record<string, BoardTask>;
  /** The latest baseline: its number, and the approved change request it follows (`null` for the first). */
  baseline: { readonly number: number; readonly changeId: string | null } | null;
  /** Change requests in the order they were made. */
  changes: Record<string, BoardChange>;
}

export interface BoardFigures {
  readonly tasks: number;
  readonly done: number;
  readonly blocked: number;
  /** Percent done of the whole plan, each task weighted by its estimate (1 hour when it has none). */
  readonly progressPercent: number;
  /** The latest milestone slip against the baseline, in days (negative: ahead); `null` with no baselined milestone. */
  readonly scheduleVarianceDays: number | null;
  /** Of the milestones reached, the share reached on or before their baseline date (their due date without one); `null` when none is reached. */
  readonly onTimeMilestoneRate: number | null;
  /** Per assignee: open tasks and their remaining estimated hours. */
  readonly workload: Record<string, { readonly openTasks: number; readonly remainingHours: number }>;
}

const DAY_MS = 86_400_000;

/** Days from `from` to `to`, both YYYY-MM-DD. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** What a task weighs in the plan's progress (and its earned value): its estimate in hours, 1 hour when it has none. */
export function taskWeight(task: { readonly estimateHours?: number | null }): number {
  return task.estimateHours !== null && task.estimateHours !== undefined && task.estimateHours > 0 ? task.estimateHours : 1;
}

/** Folds a task event of the plan into `tasks` (in place); `false` when the event is not about a task. */
export function applyTaskEvent(tasks: Record<string, BoardTask>, e: ProjectEvent): boolean {
  switch (e.type) {
    case 'TaskAdded':
      tasks[e.data.taskId] = extend(e.data, { dependsOn: [...e.data.dependsOn], status: 'todo' as TaskStatus, percentDone: 0, version: 1 });
      return true;
    case 'TaskUpdated': {
      const t = tasks[e.data.taskId]!;
      Object.assign(t, e.data.changes);
      t.version += 1;
      return true;
    }
    case 'TaskStatusChanged': {
      const t = tasks[e.data.taskId]!;
      t.status = e.data.status;
      if (e.data.status === 'done') t.percentDone = 100;
      t.version += 1;
      return true;
    }
    case 'TaskProgressReported': {
      const t = tasks[e.data.taskId]!;
      t.percentDone = e.data.percentDone;
      t.version += 1;
      return true;
    }
    default:
      return false;
  }
}

/** What a client may see of a task: not its internal description, nor who it is assigned to. */
export const taskClientShape: ClientShape = {
  fields: {
    taskId: true,
    phaseId: true,
    title: true,
    startDate: true,
    dueDate: true,
    estimateHours: true,
    dependsOn: true,
    status: true,
    percentDone: true,
  },
};

/**
 * Folds a milestone event of the plan into `milestones` (in place), and a new baseline's
 * milestone dates; `false` when the event is neither.
 */
export function applyMilestoneEvent(milestones: Record<string, BoardMilestone>, e: ProjectEvent): boolean {
  switch (e.type) {
    case 'MilestoneAdded':
      milestones[e.data.milestoneId] = extend(e.data, { baselineDueDate: null, reachedOn: null, version: 1 });
      return true;
    case 'MilestoneRescheduled': {
      const m = milestones[e.data.milestoneId]!;
      m.dueDate = e.data.dueDate;
      m.version += 1;
      return true;
    }
    case 'MilestoneReached': {
      const m = milestones[e.data.milestoneId]!;
      m.reachedOn = e.data.reachedOn;
      m.version += 1;
      return true;
    }
    case 'PlanBaselined':
      // What the new baseline changes: the other milestones keep their baseline date.
      for (const [milestoneId, dueDate] of Object.entries(e.data.milestones)) {
        const m = milestones[milestoneId];
        if (m !== undefined) m.baselineDueDate = dueDate;
      }
      return true;
    default:
      return false;
  }
}

/** The plan's figures (the board's): progress, schedule variance, on-time milestones and workload, of the tasks and milestones given. */
export function planFigures(board: Partial<Pick<BoardData, 'tasks' | 'milestones'>>): Record<string, unknown> & BoardFigures {
  let done = 0;
  let blocked = 0;
  let weighted = 0;
  let weights = 0;
  const workload: Record<string, { openTasks: number; remainingHours: number }> = {};
  const tasks = Object.values(board.tasks ?? {});
  for (const task of tasks) {
    const weight = taskWeight(task);
    weighted += weight * task.percentDone;
    weights += weight;
    if (task.status === 'done') done += 1;
    if (task.status === 'blocked') blocked += 1;
    if (task.status !== 'done' && task.assigneeId !== undefined && task.assigneeId !== null) {
      const load = (workload[task.assigneeId] ??= { openTasks: 0, remainingHours: 0 });
      load.openTasks += 1;
      load.remainingHours += ((task.estimateHours ?? 0) * (100 - task.percentDone)) / 100;
    }
  }
  let variance: number | null = null;
  let reached = 0;
  let onTime = 0;
  for (const m of Object.values(board.milestones ?? {})) {
    if (m.baselineDueDate !== null) {
      const slip = daysBetween(m.baselineDueDate, m.reachedOn ?? m.dueDate);
      variance = variance === null ? slip : Math.max(variance, slip);
    }
    if (m.reachedOn !== null) {
      reached += 1;
      if (m.reachedOn <= (m.baselineDueDate ?? m.dueDate)) onTime += 1;
    }
  }
  return {
    tasks: tasks.length,
    done,
    blocked,
    progressPercent: weights === 0 ? 0 : Math.round(weighted / weights),
    scheduleVarianceDays: variance,
    onTimeMilestoneRate: reached === 0 ? null : onTime / reached,
    workload: board.tasks === undefined ? {} : workload,
  };
}

export const boardView: ProjectView<BoardData> = {
  name: 'board',
  initial: (projectId) => ({ projectId, name: '', phases: {}, milestones: {}, tasks: {}, baseline: null, changes: {} }),
  apply(board, event: ProjectViewEvent) {
    const e = event as unknown as ProjectEvent;
    // A document folded before the board kept change requests starts them here (a rebuild fills in the earlier ones).
    board.changes ??= {};
    if (applyTaskEvent(board.tasks, e)) return;
    if (e.type === 'PlanBaselined') board.baseline = { number: e.data.number, changeId: e.data.changeId };
    if (applyMilestoneEvent(board.milestones, e)) return;
    switch (e.type) {
      case 'ProjectCreated':
        board.name = e.data.name;
        return;
      case 'PhaseAdded':
        board.phases[e.data.phaseId] = { phaseId: e.data.phaseId, name: e.data.name, order: e.data.order, version: 1 };
        return;
      case 'PhaseRenamed': {
        const phase = board.phases[e.data.phaseId];
        if (phase === undefined) return;
        board.phases[e.data.phaseId] = extend(phase, { name: e.data.name, version: (phase.version ?? 1) + 1 });
        return;
      }
      case 'ChangeRequested':
        board.changes[e.data.changeId] = extend(e.data, { impact: { ...e.data.impact }, status: 'requested' as const, decidedBy: null, reason: null, version: 1 });
        return;
      case 'ChangeApproved':
      case 'ChangeRejected': {
        const change = board.changes[e.data.changeId];
        if (change === undefined) return;
        change.status = e.type === 'ChangeApproved' ? 'approved' : 'rejected';
        change.decidedBy = e.data.decidedBy;
        change.reason = e.data.reason;
        change.version += 1;
        return;
      }
      default:
        return;
    }
  },
  client: {
    fields: {
      projectId: true,
      name: true,
      phases: true,
      milestones: true,
      baseline: true,
      tasks: { each: taskClientShape },
      // What a change does to the scope and the schedule; never what it costs.
      changes: {
        each: {
          fields: {
            changeId: true,
            title: true,
            description: true,
            impact: { fields: { scope: true, scheduleDays: true } },
            status: true,
            requestedBy: true,
            decidedBy: true,
            reason: true,
            version: true,
          },
        },
      },
    },
  },
  summarize: planFigures,
};
