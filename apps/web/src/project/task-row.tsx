import { useRef, useState, type KeyboardEvent } from 'react';
import { TASK_STATUSES, type BoardPhase, type BoardTask, type EditTaskRequest, type TaskStatus } from '@app/contracts';
import { useApp } from '../app-context';
import { STATUS_LABELS } from '../format';
import { TaskDetailsForm } from '../plan/task-details';
import { ConflictDialog, type Conflict } from './conflict-dialog';
import { hours, whenText } from './task-fields';
import { saveTask } from './task-save';

interface Props {
  readonly projectId: string;
  readonly task: BoardTask;
  readonly canEdit: boolean;
  /** Others editing this task now (presence). */
  readonly editingBy: readonly string[];
  readonly names: ReadonlyMap<string, string>;
  /** The plan's tasks and phases: the tasks this one waits for, by title, and the details form's choices. */
  readonly tasks: Readonly<Record<string, BoardTask>>;
  readonly phases: Readonly<Record<string, BoardPhase>>;
  /** The managers and members, who may be assigned. */
  readonly editors: ReadonlySet<string>;
}

/**
 * One task. The delivery team edits its title, status and percent done in
 * place; every edit names the version it started from (`If-Match`), so an
 * edit that crossed someone else's is never applied over it: the user sees
 * both values and chooses.
 */
export function TaskRow({ projectId, task, canEdit, editingBy, names, tasks, phases, editors }: Props) {
  const { api, live } = useApp();
  const [titleDraft, setTitleDraft] = useState<{ value: string; version: number } | null>(null);
  const [percentDraft, setPercentDraft] = useState<{ value: string; version: number } | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [details, setDetails] = useState(false);
  const [detailsSaved, setDetailsSaved] = useState<string | null>(null);
  const detailsButton = useRef<HTMLButtonElement>(null);
  const version = task.version ?? 0;

  async function save(changes: EditTaskRequest, fromVersion: number): Promise<boolean> {
    setSaving(true);
    setError(null);
    const outcome = await saveTask(api, projectId, task.taskId, changes, fromVersion);
    setSaving(false);
    if (outcome.kind === 'conflict') setConflict(outcome.conflict);
    if (outcome.kind === 'error') setError(outcome.message);
    return outcome.kind === 'saved';
  }

  function startEditing(kind: 'title' | 'percent') {
    live.editing(projectId, { kind: 'task', id: task.taskId });
    if (kind === 'title') setTitleDraft({ value: task.title, version });
    else setPercentDraft({ value: String(task.percentDone), version });
  }

  function stopEditing() {
    // With the details form still open, the others still see this user editing the task.
    live.editing(projectId, details ? { kind: 'task', id: task.taskId } : null);
  }

  async function saveTitle() {
    if (titleDraft === null) return;
    const value = titleDraft.value.trim();
    if (value.length === 0 || value === task.title) {
      setTitleDraft(null);
      stopEditing();
      return;
    }
    await save({ title: value }, titleDraft.version);
    setTitleDraft(null);
    stopEditing();
  }

  async function savePercent() {
    if (percentDraft === null) return;
    const value = Number(percentDraft.value);
    setPercentDraft(null);
    stopEditing();
    if (!Number.isInteger(value) || value < 0 || value > 100) {
      setError('Percent done is a whole number from 0 to 100.');
      return;
    }
    if (value !== task.percentDone) await save({ percentDone: value }, percentDraft.version);
  }

  const onTitleKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') void saveTitle();
    if (event.key === 'Escape') {
      setTitleDraft(null);
      stopEditing();
    }
  };

  function closeDetails(saved: string | null) {
    setDetails(false);
    setDetailsSaved(saved);
    detailsButton.current?.focus();
  }

  const assignee = task.assigneeId ? names.get(task.assigneeId) : undefined;
  const facts = [whenText(task), assignee ?? null, task.estimateHours === null ? null : hours(task.estimateHours)].filter((fact): fact is string => fact !== null);
  return (
    <li className={`task status-${task.status}`} data-task-id={task.taskId}>
      <div className="task-title">
        {titleDraft !== null ? (
          <span className="inline-edit">
            <label className="visually-hidden" htmlFor={`title-${task.taskId}`}>
              Title of the task
            </label>
            <input
              id={`title-${task.taskId}`}
              value={titleDraft.value}
              maxLength={200}
              autoFocus
              onChange={(e) => setTitleDraft({ ...titleDraft, value: e.target.value })}
              onKeyDown={onTitleKey}
            />
            <button type="button" className="button primary small" onClick={() => void saveTitle()} disabled={saving}>
              Save
            </button>
            <button
              type="button"
              className="button subtle small"
              onClick={() => {
                setTitleDraft(null);
                stopEditing();
              }}
            >
              Cancel
            </button>
          </span>
        ) : canEdit ? (
          <button type="button" className="title-button" onClick={() => startEditing('title')} aria-label={`Edit title: ${task.title}`}>
            {task.title}
          </button>
        ) : (
          <span className="title-text">{task.title}</span>
        )}
        <span className="task-meta-line">
          {facts.length > 0 && <span className="task-meta muted">{facts.join(' · ')}</span>}
          {canEdit && (
            <button
              ref={detailsButton}
              type="button"
              className="button small subtle task-details-toggle"
              aria-expanded={details}
              aria-controls={details ? `details-${task.taskId}` : undefined}
              aria-label={`${details ? 'Close details of' : 'Details of'} ${task.title}`}
              onClick={() => {
                setDetailsSaved(null);
                if (details) closeDetails(null);
                else setDetails(true);
              }}
            >
              {details ? 'Close details' : 'Details'}
            </button>
          )}
        </span>
        {task.dependsOn.length > 0 && (
          <span className="task-waits muted">
            Waits for:{' '}
            {task.dependsOn
              .map((id) => tasks[id])
              .filter((t): t is BoardTask => t !== undefined)
              .map((t, index) => (
                <span key={t.taskId}>
                  {index > 0 && ', '}
                  {t.title}
                  {t.status === 'done' && <span className="waits-done"> (done)</span>}
                </span>
              ))}
          </span>
        )}
        {detailsSaved !== null && (
          <span className="success task-details-saved" role="status">
            {detailsSaved}
          </span>
        )}
        {editingBy.length > 0 && <span className="editing-now">{editingBy.join(', ')} editing…</span>}
      </div>
      <div className="task-status">
        {canEdit ? (
          <>
            <label className="visually-hidden" htmlFor={`status-${task.taskId}`}>
              Status of {task.title}
            </label>
            <select
              id={`status-${task.taskId}`}
              value={task.status}
              disabled={saving}
              onChange={(e) => void save({ status: e.target.value as TaskStatus }, version)}
            >
              {TASK_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {STATUS_LABELS[status]}
                </option>
              ))}
            </select>
          </>
        ) : (
          <span className={`pill status-${task.status}`}>{STATUS_LABELS[task.status]}</span>
        )}
      </div>
      <div className="task-progress">
        <span className="bar" aria-hidden="true">
          <span style={{ width: `${task.percentDone}%` }} />
        </span>
        {canEdit ? (
          <>
            <label className="visually-hidden" htmlFor={`percent-${task.taskId}`}>
              Percent done of {task.title}
            </label>
            <input
              id={`percent-${task.taskId}`}
              className="percent-input"
              type="number"
              min={0}
              max={100}
              step={5}
              value={percentDraft?.value ?? String(task.percentDone)}
              onFocus={() => startEditing('percent')}
              onChange={(e) => setPercentDraft({ value: e.target.value, version: percentDraft?.version ?? version })}
              onBlur={() => void savePercent()}
              onKeyDown={(e) => {
                if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
              }}
            />
            <span aria-hidden="true">%</span>
          </>
        ) : (
          <span className="percent-text">{task.percentDone}% done</span>
        )}
      </div>
      {error !== null && (
        <p className="error task-error" role="alert">
          {error}
        </p>
      )}
      {details && (
        <div id={`details-${task.taskId}`} className="task-details-panel">
          <TaskDetailsForm projectId={projectId} task={task} tasks={tasks} phases={phases} names={names} editors={editors} onClose={closeDetails} />
        </div>
      )}
      {conflict !== null && (
        <ConflictDialog
          conflict={conflict}
          onKeepMine={async () => {
            const mine = conflict.mine;
            const nextVersion = conflict.version;
            setConflict(null);
            await save(mine, nextVersion);
          }}
          onTakeTheirs={() => setConflict(null)}
        />
      )}
    </li>
  );
}
