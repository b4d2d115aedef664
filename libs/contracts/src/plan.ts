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
  readonly baseline: { readonly number: number } | null;
  readonly figures: BoardFigures;
}

/** `PATCH /api/projects/:id/tasks/:taskId`, with `If-Match: "<version>"`. */
export interface EditTaskRequest {
  readonly title?: string;
  readonly status?: TaskStatus;
  readonly percentDone?: number;
}

/** The body of a `412` on a task: the task as it is now. */
export interface TaskVersionConflict {
  readonly code: 'task.version-conflict';
  readonly version: number;
  readonly current: BoardTask;
}
