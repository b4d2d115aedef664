import { useRef, useState, type DragEvent } from 'react';
import { TASK_STATUSES, type BoardTask, type BoardView, type EditTaskRequest, type TaskStatus } from '@app/contracts';
import { useApp } from '../app-context';
import { date, STATUS_LABELS, today } from '../format';
import { ConflictDialog, type Conflict } from './conflict-dialog';
import { TaskDetailsForm } from '../plan/task-details';
import { saveTask } from './task-save';

interface Props {
  readonly projectId: string;
  readonly board: BoardView;
  readonly canEdit: boolean;
  readonly names: ReadonlyMap<string, string>;
  readonly editingBy: (taskId: string) => string[];
  /** The managers and members, who may be assigned (the details form). */
  readonly editors: ReadonlySet<string>;
}

const DRAG_TYPE = 'application/x-task-id';

/**
 * The plan as columns by status. The delivery team moves a task by dragging its card to
 * another column (the mouse), or with its status select (the keyboard); either sends the
 * new status with `If-Match` on the task's version, and a 412 opens the conflict prompt.
 */
export function Kanban({ projectId, board, canEdit, names, editingBy, editors }: Props) {
  const { api } = useApp();
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<TaskStatus | null>(null);
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  const [conflict, setConflict] = useState<(Conflict & { readonly taskId: string }) | null>(null);
  const [announcement, setAnnouncement] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  // The card whose details are open (one at a time), and the Details buttons, to give the focus back.
  const [details, setDetails] = useState<string | null>(null);
  const detailsButtons = useRef(new Map<string, HTMLButtonElement>());
  const closeDetails = (taskId: string, saved: string | null) => {
    setDetails(null);
    if (saved !== null) setAnnouncement({ kind: 'ok', text: saved });
    detailsButtons.current.get(taskId)?.focus();
  };
  const tasks = Object.values(board.tasks);
  const phaseName = (id: string | null) => (id === null ? null : (board.phases[id]?.name ?? null));
  const now = today();

  async function move(task: BoardTask, changes: EditTaskRequest, fromVersion: number) {
    setSaving((s) => new Set(s).add(task.taskId));
    setAnnouncement(null);
    const outcome = await saveTask(api, projectId, task.taskId, changes, fromVersion);
    setSaving((s) => {
      const next = new Set(s);
      next.delete(task.taskId);
      return next;
    });
    if (outcome.kind === 'saved' && changes.status !== undefined) setAnnouncement({ kind: 'ok', text: `“${task.title}” moved to ${STATUS_LABELS[changes.status]}.` });
    if (outcome.kind === 'conflict') setConflict({ ...outcome.conflict, taskId: task.taskId });
    if (outcome.kind === 'error') setAnnouncement({ kind: 'error', text: `“${task.title}” was not moved: ${outcome.message}` });
  }

  const moveTo = (taskId: string, status: TaskStatus) => {
    const task = board.tasks[taskId];
    if (task === undefined || task.status === status) return;
    void move(task, { status }, task.version ?? 0);
  };

  const dropHandlers = (status: TaskStatus) =>
    canEdit
      ? {
          onDragOver: (event: DragEvent) => {
            if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
            event.preventDefault();
            event.dataTransfer.dropEffect = 'move';
            if (over !== status) setOver(status);
          },
          onDragLeave: (event: DragEvent) => {
            if (!(event.currentTarget as Node).contains(event.relatedTarget as Node | null)) setOver((o) => (o === status ? null : o));
          },
          onDrop: (event: DragEvent) => {
            event.preventDefault();
            const taskId = event.dataTransfer.getData(DRAG_TYPE);
            setOver(null);
            setDragging(null);
            if (taskId) moveTo(taskId, status);
          },
        }
      : {};

  return (
    <div className="kanban-wrap">
      {canEdit && (
        <p className="muted small kanban-hint" id="kanban-hint">
          Drag a card to another column to change its status, or use the card’s status list.
        </p>
      )}
      <div className={dragging === null ? 'kanban' : 'kanban is-dragging'} aria-describedby={canEdit ? 'kanban-hint' : undefined}>
        {TASK_STATUSES.map((status) => {
          const column = tasks
            .filter((t) => t.status === status)
            .sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.title.localeCompare(b.title));
          return (
            <section
              key={status}
              className={`kanban-column column-${status}${over === status ? ' drop-target' : ''}`}
              aria-label={`${STATUS_LABELS[status]}: ${column.length} task${column.length === 1 ? '' : 's'}`}
              data-status={status}
              {...dropHandlers(status)}
            >
              <h3 className="kanban-title">
                <span className={`pill status-${status}`}>{STATUS_LABELS[status]}</span> <span className="muted small">{column.length}</span>
              </h3>
              {column.length === 0 ? (
                <p className="muted small kanban-empty">{canEdit ? 'Drop a task here.' : 'None.'}</p>
              ) : (
                <ul className="kanban-cards">
                  {column.map((task) => {
                    const assignee = task.assigneeId ? names.get(task.assigneeId) : undefined;
                    const late = task.dueDate !== null && task.status !== 'done' && task.dueDate < now;
                    const others = editingBy(task.taskId);
                    return (
                      <li
                        key={task.taskId}
                        className={`kanban-card${dragging === task.taskId ? ' dragging' : ''}${saving.has(task.taskId) ? ' saving' : ''}`}
                        data-task-id={task.taskId}
                        draggable={canEdit && details !== task.taskId}
                        onDragStart={
                          canEdit
                            ? (event) => {
                                event.dataTransfer.setData(DRAG_TYPE, task.taskId);
                                event.dataTransfer.setData('text/plain', task.title);
                                event.dataTransfer.effectAllowed = 'move';
                                setDragging(task.taskId);
                              }
                            : undefined
                        }
                        onDragEnd={() => {
                          setDragging(null);
                          setOver(null);
                        }}
                      >
                        <span className="kanban-card-title">{task.title}</span>
                        <span className="muted small">
                          {[phaseName(task.phaseId), task.dueDate === null ? null : `due ${date(task.dueDate)}`, assignee].filter((part) => part !== null && part !== undefined).join(' · ')}
                          {late && <span className="late"> · late</span>}
                        </span>
                        <span className="kanban-progress">
                          <span className="bar" aria-hidden="true">
                            <span style={{ width: `${task.percentDone}%` }} />
                          </span>
                          <span className="small">{task.percentDone}% done</span>
                        </span>
                        {others.length > 0 && <span className="editing-now">{others.join(', ')} editing…</span>}
                        {canEdit && (
                          <>
                            <label className="visually-hidden" htmlFor={`kanban-status-${task.taskId}`}>
                              Status of {task.title}
                            </label>
                            <select
                              id={`kanban-status-${task.taskId}`}
                              className="kanban-status"
                              value={task.status}
                              disabled={saving.has(task.taskId)}
                              onChange={(e) => moveTo(task.taskId, e.target.value as TaskStatus)}
                            >
                              {TASK_STATUSES.map((s) => (
                                <option key={s} value={s}>
                                  {STATUS_LABELS[s]}
                                </option>
                              ))}
                            </select>
                            <button
                              ref={(element) => {
                                if (element === null) detailsButtons.current.delete(task.taskId);
                                else detailsButtons.current.set(task.taskId, element);
                              }}
                              type="button"
                              className="button small subtle kanban-details-toggle"
                              aria-expanded={details === task.taskId}
                              aria-controls={details === task.taskId ? `kanban-details-${task.taskId}` : undefined}
                              aria-label={`${details === task.taskId ? 'Close details of' : 'Details of'} ${task.title}`}
                              onClick={() => (details === task.taskId ? closeDetails(task.taskId, null) : setDetails(task.taskId))}
                            >
                              {details === task.taskId ? 'Close details' : 'Details'}
                            </button>
                            {details === task.taskId && (
                              <div id={`kanban-details-${task.taskId}`} className="kanban-details">
                                <TaskDetailsForm
                                  projectId={projectId}
                                  task={task}
                                  tasks={board.tasks}
                                  phases={board.phases}
                                  names={names}
                                  editors={editors}
                                  onClose={(saved) => closeDetails(task.taskId, saved)}
                                />
                              </div>
                            )}
                          </>
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
            </section>
          );
        })}
      </div>
      {announcement !== null && (
        <p className={announcement.kind === 'ok' ? 'success kanban-announce' : 'error kanban-announce'} role={announcement.kind === 'ok' ? 'status' : 'alert'}>
          {announcement.text}
        </p>
      )}
      {conflict !== null && (
        <ConflictDialog
          conflict={conflict}
          onKeepMine={() => {
            const { mine, version, taskId } = conflict;
            setConflict(null);
            const task = board.tasks[taskId];
            if (task !== undefined) void move(task, mine, version);
          }}
          onTakeTheirs={() => setConflict(null)}
        />
      )}
    </div>
  );
}
