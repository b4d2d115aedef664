import type { EditTaskRequest, TaskVersionConflict } from '@app/contracts';
import { ApiError, type ApiClient } from '../api/client';
import type { Conflict } from './conflict-dialog';

export type TaskSaveOutcome = { readonly kind: 'saved' } | { readonly kind: 'conflict'; readonly conflict: Conflict } | { readonly kind: 'error'; readonly message: string };

/**
 * An edit of a task, sent with `If-Match` on the version it started from: saved, or a
 * conflict (someone changed the task first: their task and its version, for the prompt),
 * or an error with the server's detail.
 */
export async function saveTask(api: ApiClient, projectId: string, taskId: string, changes: EditTaskRequest, fromVersion: number): Promise<TaskSaveOutcome> {
  try {
    await api.request('PATCH', `/projects/${projectId}/tasks/${taskId}`, { body: changes, ifMatch: fromVersion });
    return { kind: 'saved' };
  } catch (failure) {
    if (failure instanceof ApiError && failure.status === 412 && failure.problem !== null) {
      const problem = failure.problem as unknown as TaskVersionConflict;
      return { kind: 'conflict', conflict: { mine: changes, theirs: problem.current, version: problem.version } };
    }
    return { kind: 'error', message: failure instanceof Error ? failure.message : 'The change was not saved.' };
  }
}
