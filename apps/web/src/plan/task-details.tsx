import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { BoardPhase, BoardTask, EditTaskRequest } from '@app/contracts';
import { useApp } from '../app-context';
import { ConflictDialog, type Conflict } from '../project/conflict-dialog';
import { detailsChanges, draftOf, fieldText, inPlanOrder, waitsForChain, type DetailsDraft, type FieldWords } from '../project/task-fields';
import { saveTask } from '../project/task-save';
import { Outcome, type SubmitState } from '../ui/use-submit';
import { AssigneeSelect } from './assignee-select';

interface Props {
  readonly projectId: string;
  readonly task: BoardTask;
  readonly tasks: Readonly<Record<string, BoardTask>>;
  readonly phases: Readonly<Record<string, BoardPhase>>;
  /** Names by user id; `editors` are the managers and members, who may be assigned. */
  readonly names: ReadonlyMap<string, string>;
  readonly editors: ReadonlySet<string>;
  /** The form is done: `saved` says what was saved (for the row to announce), or null when cancelled. */
  readonly onClose: (saved: string | null) => void;
}

/** From this many other tasks on, the dependency list offers a filter. */
const FILTER_FROM = 8;

/**
 * A task's schedule, assignee, estimate and dependencies, edited by the delivery team
 * (`PATCH …/tasks/:taskId` with only what changed and `If-Match` on the version the form
 * opened at). A refusal shows the server's detail and keeps what was typed; an edit crossed
 * by someone else's asks which to keep. While it is open, others see "… editing" on the task.
 */
export function TaskDetailsForm({ projectId, task, tasks, phases, names, editors, onClose }: Props) {
  const { api, live } = useApp();
  const id = useId();
  const [fromVersion, setFromVersion] = useState(task.version ?? 0);
  // What the form was opened on (or last took from the server): what "changed" is measured against.
  const [base, setBase] = useState<BoardTask>(task);
  const [draft, setDraft] = useState<DetailsDraft>(() => draftOf(task));
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<SubmitState['outcome']>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => {
    first.current?.focus();
    live.editing(projectId, { kind: 'task', id: task.taskId });
    return () => live.editing(projectId, null);
  }, [live, projectId, task.taskId]);

  const titleOf = (taskId: string) => tasks[taskId]?.title ?? 'a task no longer in the plan';
  const words: FieldWords = { names, titleOf };
  const phaseOrder = (phaseId: string | null) => (phaseId === null ? Number.MAX_SAFE_INTEGER : (phases[phaseId]?.order ?? Number.MAX_SAFE_INTEGER));
  const phaseName = (phaseId: string | null) => (phaseId === null ? 'Not in a phase' : (phases[phaseId]?.name ?? ''));
  const others = inPlanOrder(
    Object.values(tasks).filter((t) => t.taskId !== task.taskId),
    phaseOrder,
  );
  const wanted = filter.trim().toLowerCase();
  const listed = wanted === '' ? others : others.filter((t) => draft.dependsOn.includes(t.taskId) || t.title.toLowerCase().includes(wanted));
  const loops = draft.dependsOn
    .map((dependency) => waitsForChain(tasks, dependency, task.taskId))
    .filter((chain): chain is readonly string[] => chain !== null);
  const movedOn = (task.version ?? 0) !== fromVersion;

  const change = (next: Partial<DetailsDraft>) => {
    setDraft({ ...draft, ...next });
    setOutcome(null);
  };

  const send = async (changes: EditTaskRequest, version: number) => {
    setBusy(true);
    setOutcome(null);
    const result = await saveTask(api, projectId, task.taskId, changes, version);
    setBusy(false);
    if (result.kind === 'saved') {
      const said = (Object.keys(changes) as Array<keyof EditTaskRequest>).map((field) => `${LOWER[field]} ${fieldText(field, changes[field], words)}`);
      onClose(`Saved “${task.title}”: ${said.join('; ')}.`);
    }
    if (result.kind === 'conflict') setConflict(result.conflict);
    if (result.kind === 'error') setOutcome({ kind: 'error', text: `The task was not changed: ${result.message}` });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = detailsChanges(base, draft);
    if ('problem' in result) {
      setOutcome({ kind: 'error', text: result.problem });
      return;
    }
    if (Object.keys(result.changes).length === 0) {
      setOutcome({ kind: 'ok', text: 'Nothing to save: these are the task’s details as they are.' });
      return;
    }
    void send(result.changes, fromVersion);
  };

  return (
    <div
      className="task-details"
      onKeyDown={(event: KeyboardEvent) => {
        if (event.target instanceof HTMLInputElement && event.target.type === 'search' && event.target.value !== '') return; // Escape clears the filter first
        if (event.key === 'Escape' && !(event.target instanceof HTMLElement && event.target.closest('dialog'))) {
          event.preventDefault();
          onClose(null);
        }
      }}
    >
      <form className="plan-add-form task-details-form" aria-label={`Details of ${task.title}`} onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-start`}>Starts</label>
          <input ref={first} id={`${id}-start`} type="date" value={draft.startDate} onChange={(e) => change({ startDate: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-due`}>Due</label>
          <input id={`${id}-due`} type="date" value={draft.dueDate} onChange={(e) => change({ dueDate: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-assignee`}>Assignee</label>
          <AssigneeSelect id={`${id}-assignee`} editors={editors} names={names} value={draft.assigneeId} onChange={(assigneeId) => change({ assigneeId })} noneLabel="Nobody" />
        </div>
        <div className="field narrow">
          <label htmlFor={`${id}-estimate`}>Estimate (hours)</label>
          <input
            id={`${id}-estimate`}
            type="number"
            min={0}
            max={100000}
            step="any"
            inputMode="decimal"
            placeholder="None"
            aria-describedby={`${id}-estimate-hint`}
            value={draft.estimate}
            onChange={(e) => change({ estimate: e.target.value })}
          />
          <span id={`${id}-estimate-hint`} className="visually-hidden">
            Leave empty for no estimate.
          </span>
        </div>
        <fieldset className="field full depends" aria-describedby={`${id}-now`}>
          <legend>Waits for (dependencies)</legend>
          <p id={`${id}-now`} className="muted small depends-now">
            Now: {fieldText('dependsOn', base.dependsOn, words) === 'None' ? 'nothing' : fieldText('dependsOn', base.dependsOn, words)}
          </p>
          {others.length >= FILTER_FROM && (
            <div className="depends-filter">
              <label htmlFor={`${id}-filter`}>Find a task</label>
              <input id={`${id}-filter`} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
            </div>
          )}
          {others.length === 0 ? (
            <p className="muted small">There is no other task in the plan yet.</p>
          ) : listed.length === 0 ? (
            <p className="muted small">No task matches “{filter.trim()}”.</p>
          ) : (
            <ul>
              {listed.map((t) => {
                const loop = waitsForChain(tasks, t.taskId, task.taskId) !== null;
                return (
                  <li key={t.taskId}>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={draft.dependsOn.includes(t.taskId)}
                        onChange={(e) => change({ dependsOn: e.target.checked ? [...draft.dependsOn, t.taskId] : draft.dependsOn.filter((d) => d !== t.taskId) })}
                      />
                      <span>
                        {t.title} <span className="muted small">({phaseName(t.phaseId)}{loop ? '; waits for this task' : ''})</span>
                      </span>
                    </label>
                  </li>
                );
              })}
            </ul>
          )}
          {loops.map((chain) => (
            <p key={chain[0]} className="note watch small">
              “{titleOf(chain[0]!)}” already waits for this task{chain.length > 2 ? ` (through ${chain.slice(1, -1).map(titleOf).join(', then ')})` : ''}: waiting for it too would make a loop.
            </p>
          ))}
        </fieldset>
        {movedOn && (
          <p className="note watch small field full">Someone saved a change to this task since you opened it: saving asks which to keep.</p>
        )}
        <div className="field full task-details-outcome">
          <Outcome outcome={outcome} />
        </div>
        <div className="field actions task-details-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save details'}
          </button>
          <button type="button" className="button subtle" onClick={() => onClose(null)}>
            Cancel
          </button>
        </div>
      </form>
      {conflict !== null && (
        <ConflictDialog
          conflict={conflict}
          words={words}
          onKeepMine={() => {
            const { mine, version } = conflict;
            setConflict(null);
            setFromVersion(version);
            void send(mine, version);
          }}
          onTakeTheirs={() => {
            const theirs = conflict.theirs;
            setConflict(null);
            setFromVersion(conflict.version);
            setBase(theirs);
            setDraft(draftOf(theirs));
            setOutcome({ kind: 'ok', text: 'Kept what was saved: the form now shows the task as it is.' });
          }}
        />
      )}
    </div>
  );
}

const LOWER: Record<keyof EditTaskRequest, string> = {
  title: 'title',
  description: 'description',
  phaseId: 'phase',
  assigneeId: 'assignee',
  startDate: 'starts',
  dueDate: 'due',
  estimateHours: 'estimate',
  dependsOn: 'waits for',
  status: 'status',
  percentDone: 'percent done',
};
