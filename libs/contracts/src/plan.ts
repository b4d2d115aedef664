export const TASK_STATUSES = ['todo', 'in_progress', 'blocked', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A task of the `board` view. The client form has no `description` nor `assigneeId`. */
export interface BoardTask {
  readonly taskId: string;
  readonly phaseId: string | null;
  readonly title: string;
  readonly description?: string;
  readonly assigneeId?: string | null;
  readonly startDate: string | null;
  readonly dueDate: string | null;
  readonly estimateHours: number | null;
  readonly dependsOn: readonly string[];
  readonly status: TaskStatus;
  readonly percentDone: number;
  /** The version `If-Match` names (team form only). */
  readonly version?: number;
}

export interface BoardMilestone {
  readonly milestoneId: string;
  readonly phaseId: string | null;
  readonly name: string;
  readonly dueDate: string;
  readonly baselineDueDate: string | null;
  readonly reachedOn: string | null;
  readonly version: number;
}

export interface BoardPhase {
  readonly phaseId: string;
  readonly name: string;
  readonly order: number;
  /** What `If-Match` names to rename it (`PATCH …/phases/:phaseId`); absent on phases from before renaming existed: 1. */
  readonly version?: number;
}

export interface BoardFigures {
  readonly tasks: number;
  readonly done: number;
  readonly blocked: number;
  readonly progressPercent: number;
  readonly scheduleVarianceDays: number | null;
  readonly onTimeMilestoneRate: number | null;
  readonly workload: Readonly<Record<string, { readonly openTasks: number; readonly remainingHours: number }>>;
}

/** The `board` view: the plan with its progress. */
export interface BoardView {
  readonly projectId: string;
  readonly name: string;
  readonly phases: Readonly<Record<string, BoardPhase>>;
  readonly milestones: Readonly<Record<string, BoardMilestone>>;
  readonly tasks: Readonly<Record<string, BoardTask>>;
  /** The latest baseline, and the approved change request it follows (`null` for the first). */
  readonly baseline: { readonly number: number; readonly changeId: string | null } | null;
  /** Change requests, in the order they were made; the client's form has no `costMinor`. */
  readonly changes: Readonly<Record<string, ChangeRequestView>>;
  readonly figures: BoardFigures;
}

/**
 * `PATCH /api/projects/:id/tasks/:taskId`, with `If-Match: "<version>"`: only the fields that
 * change. `null` clears a nullable field (no phase, nobody assigned, no date, no estimate);
 * `dependsOn` is the whole new list (`[]` for none). Every field of `AddTaskRequest`, and status
 * and progress (as `EditTaskDto` extends `AddTaskDto`).
 */
export interface EditTaskRequest extends Partial<AddTaskRequest> {
  readonly status?: TaskStatus;
  readonly percentDone?: number;
}

/** The body of a `412` on a task: the task as it is now. */
export interface TaskVersionConflict {
  readonly code: 'task.version-conflict';
  readonly version: number;
  readonly current: BoardTask;
}

/** `PATCH /api/projects/:id/milestones/:milestoneId`, with `If-Match: "<version>"` for a new date. */
export interface EditMilestoneRequest {
  readonly dueDate?: string;
  /** The approved change request that lets the date move past the baseline. */
  readonly changeId?: string | null;
  /** Marks it reached on this date. */
  readonly reachedOn?: string;
}

/** The body of a `412` on a milestone: the milestone as it is now. */
export interface MilestoneVersionConflict {
  readonly code: 'milestone.version-conflict';
  readonly version: number;
  readonly current: { readonly milestoneId: string; readonly dueDate: string; readonly reachedOn: string | null; readonly version: number };
}

/** `POST /api/projects/:id/tasks` (editors). */
export interface AddTaskRequest {
  readonly title: string;
  readonly description?: string;
  readonly phaseId?: string | null;
  readonly assigneeId?: string | null;
  readonly startDate?: string | null;
  readonly dueDate?: string | null;
  readonly estimateHours?: number | null;
  readonly dependsOn?: readonly string[];
}

export type ChangeStatus = 'requested' | 'approved' | 'rejected';

/** A change request as the `board` view holds it. The client's form has no `costMinor`. */
export interface ChangeRequestView {
  readonly changeId: string;
  readonly title: string;
  readonly description: string;
  readonly impact: { readonly scope: string; readonly scheduleDays: number; readonly costMinor?: number };
  readonly status: ChangeStatus;
  readonly requestedBy: string;
  readonly decidedBy: string | null;
  readonly reason: string | null;
  readonly version: number;
}

/** `POST /api/projects/:id/changes` (managers, members, the client). */
export interface RequestChangeRequest {
  readonly title: string;
  readonly description?: string;
  readonly impact: { readonly scope: string; readonly scheduleDays: number; readonly costMinor: number };
}
