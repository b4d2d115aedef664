import type { BoardTask, EditTaskRequest } from '@app/contracts';
import { date, STATUS_LABELS } from '../format';

/** A task's schedule, assignee, estimate and dependencies as the details form holds them (inputs hold text; '' is none). */
export interface DetailsDraft {
  readonly startDate: string;
  readonly dueDate: string;
  readonly assigneeId: string;
  readonly estimate: string;
  readonly dependsOn: readonly string[];
}

type TaskDetails = Pick<BoardTask, 'startDate' | 'dueDate' | 'assigneeId' | 'estimateHours' | 'dependsOn'>;

/** The form's starting point: the task as it is. */
export function draftOf(task: TaskDetails): DetailsDraft {
  return {
    startDate: task.startDate ?? '',
    dueDate: task.dueDate ?? '',
    assigneeId: task.assigneeId ?? '',
    estimate: task.estimateHours === null ? '' : String(task.estimateHours),
    dependsOn: [...task.dependsOn],
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id) => b.includes(id));

/**
 * What the form changes, and only that (`null` clears a field; `dependsOn` is the whole new
 * list), or what is wrong with what was typed. The server checks the rest (dates in order,
 * an assignee of the team, no cycle) and says so in its own words.
 */
export function detailsChanges(task: TaskDetails, draft: DetailsDraft): { readonly changes: EditTaskRequest } | { readonly problem: string } {
  const text = draft.estimate.trim();
  const estimateHours = text === '' ? null : Number(text);
  if (estimateHours !== null && !Number.isFinite(estimateHours)) return { problem: 'The estimate is a number of hours (or empty for none).' };
  const startDate = draft.startDate === '' ? null : draft.startDate;
  const dueDate = draft.dueDate === '' ? null : draft.dueDate;
  const assigneeId = draft.assigneeId === '' ? null : draft.assigneeId;
  const changes: { -readonly [K in keyof EditTaskRequest]: EditTaskRequest[K] } = {};
  if (startDate !== task.startDate) changes.startDate = startDate;
  if (dueDate !== task.dueDate) changes.dueDate = dueDate;
  if (assigneeId !== (task.assigneeId ?? null)) changes.assigneeId = assigneeId;
  if (estimateHours !== task.estimateHours) changes.estimateHours = estimateHours;
  if (!sameSet(draft.dependsOn, task.dependsOn)) changes.dependsOn = [...draft.dependsOn];
  return { changes };
}

/** What the app needs to say a task's fields in words: people's names and tasks' titles. */
export interface FieldWords {
  readonly names: ReadonlyMap<string, string>;
  readonly titleOf: (taskId: string) => string;
}

export const TASK_FIELD_LABELS: Record<keyof EditTaskRequest, string> = {
  title: 'Title',
  description: 'Description',
  phaseId: 'Phase',
  assigneeId: 'Assignee',
  startDate: 'Starts',
  dueDate: 'Due',
  estimateHours: 'Estimate',
  dependsOn: 'Waits for',
  status: 'Status',
  percentDone: 'Percent done',
};

/** A field's value as a person reads it: a date, a name, hours, titles; "none" for nothing. */
export function fieldText(field: keyof EditTaskRequest, value: unknown, words: FieldWords): string {
  if (value === null || value === undefined || value === '') return field === 'assigneeId' ? 'Nobody' : 'None';
  switch (field) {
    case 'status':
      return STATUS_LABELS[value as keyof typeof STATUS_LABELS] ?? String(value);
    case 'percentDone':
      return `${String(value)}%`;
    case 'startDate':
    case 'dueDate':
      return date(String(value));
    case 'assigneeId':
      return words.names.get(String(value)) ?? 'Someone no longer on the project';
    case 'estimateHours':
      return hours(Number(value));
    case 'dependsOn': {
      const ids = value as readonly string[];
      return ids.length === 0 ? 'None' : ids.map(words.titleOf).sort((a, b) => a.localeCompare(b)).join(', ');
    }
    default:
      return String(value);
  }
}

export const hours = (n: number) => `${new Intl.NumberFormat('en', { maximumFractionDigits: 2 }).format(n)} h`;

/** When a task runs, in a few words: "4 Jan 2027 → 8 Jan 2027", "starts …", "due …", or null when it has no dates. */
export function whenText(task: Pick<BoardTask, 'startDate' | 'dueDate'>): string | null {
  if (task.startDate !== null && task.dueDate !== null) return task.startDate === task.dueDate ? `on ${date(task.dueDate)}` : `${date(task.startDate)} → ${date(task.dueDate)}`;
  if (task.startDate !== null) return `starts ${date(task.startDate)}`;
  if (task.dueDate !== null) return `due ${date(task.dueDate)}`;
  return null;
}

/**
 * The chain by which `candidate` already waits for `taskId` (candidate first, the task
 * last), or null: choosing such a candidate as a dependency of the task would close a loop.
 */
export function waitsForChain(tasks: Readonly<Record<string, Pick<BoardTask, 'dependsOn'>>>, candidate: string, taskId: string): readonly string[] | null {
  const cameFrom = new Map<string, string | null>([[candidate, null]]);
  const queue = [candidate];
  while (queue.length > 0) {
    const at = queue.shift()!;
    if (at === taskId) {
      const chain: string[] = [];
      for (let step: string | null = at; step !== null; step = cameFrom.get(step) ?? null) chain.unshift(step);
      return chain;
    }
    for (const next of tasks[at]?.dependsOn ?? []) {
      if (!cameFrom.has(next)) {
        cameFrom.set(next, at);
        queue.push(next);
      }
    }
  }
  return null;
}

/** Tasks in plan order, as the board lists them: by phase, then due date, then title. */
export function inPlanOrder<T extends Pick<BoardTask, 'phaseId' | 'dueDate' | 'title'>>(tasks: readonly T[], phaseOrder: (phaseId: string | null) => number): T[] {
  return [...tasks].sort(
    (a, b) => phaseOrder(a.phaseId) - phaseOrder(b.phaseId) || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.title.localeCompare(b.title),
  );
}
