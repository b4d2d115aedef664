import { useId, useRef, useState } from 'react';
import type { AddTaskRequest, BoardView } from '@app/contracts';
import { useApp } from '../app-context';
import { date } from '../format';
import { FormFooter, useSubmit } from '../ui/use-submit';
import { AssigneeSelect } from './assignee-select';

type Adding = 'phase' | 'milestone' | 'task';
const LABELS: Record<Adding, string> = { phase: 'Add a phase', milestone: 'Add a milestone', task: 'Add a task' };

interface AddProps {
  readonly projectId: string;
  readonly board: BoardView;
}

/** Phases in plan order, for the forms' phase lists. */
const phasesOf = (board: BoardView) => Object.values(board.phases).sort((a, b) => a.order - b.order);

/**
 * Adding to the plan (managers and members): a phase, a milestone in a phase with its
 * due date, a task with its phase, assignee, dates, estimate and dependencies. One
 * compact form at a time; what is added shows on the board when the live view brings it.
 */
export function PlanAdd({ projectId, board, names, editors }: AddProps & { readonly names: ReadonlyMap<string, string>; readonly editors: ReadonlySet<string> }) {
  const [adding, setAdding] = useState<Adding | null>(null);
  const panel = useId();
  const buttons = useRef<Partial<Record<Adding, HTMLButtonElement | null>>>({});
  const close = () => {
    const was = adding;
    setAdding(null);
    if (was !== null) buttons.current[was]?.focus();
  };
  return (
    <section className="card plan-add" aria-labelledby="plan-add-title">
      <h2 id="plan-add-title">Add to the plan</h2>
      <div className="plan-add-choices" role="group" aria-label="What to add">
        {(Object.keys(LABELS) as Adding[]).map((kind) => (
          <button
            key={kind}
            ref={(element) => {
              buttons.current[kind] = element;
            }}
            type="button"
            className={`button small${adding === kind ? ' primary' : ''}`}
            aria-expanded={adding === kind}
            aria-controls={panel}
            onClick={() => setAdding(adding === kind ? null : kind)}
          >
            {LABELS[kind]}
          </button>
        ))}
      </div>
      <div
        id={panel}
        onKeyDown={(event) => {
          if (event.key === 'Escape') close();
        }}
      >
        {adding === 'phase' && <AddPhase projectId={projectId} board={board} />}
        {adding === 'milestone' && <AddMilestone projectId={projectId} board={board} />}
        {adding === 'task' && <AddTask projectId={projectId} board={board} names={names} editors={editors} />}
      </div>
    </section>
  );
}

function AddPhase({ projectId }: AddProps) {
  const { api } = useApp();
  const id = useId();
  const [name, setName] = useState('');
  const form = useSubmit();
  const add = form.submit(async () => {
    await api.request('POST', `/projects/${projectId}/phases`, { body: { name } });
    setName('');
  }, `Phase “${name.trim()}” added at the end of the plan.`);
  return (
    <form className="plan-add-form" aria-label="Add a phase" onSubmit={add}>
      <div className="field grow">
        <label htmlFor={`${id}-name`}>Phase name</label>
        <input id={`${id}-name`} required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      </div>
      <FormFooter form={form} label="Add phase" busyLabel="Adding…" />
    </form>
  );
}

function PhaseSelect({ id, board, value, onChange }: { readonly id: string; readonly board: BoardView; readonly value: string; readonly onChange: (value: string) => void }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      {phasesOf(board).map((p) => (
        <option key={p.phaseId} value={p.phaseId}>
          {p.name}
        </option>
      ))}
      <option value="">Not in a phase</option>
    </select>
  );
}

function AddMilestone({ projectId, board }: AddProps) {
  const { api } = useApp();
  const id = useId();
  const [name, setName] = useState('');
  const [phaseId, setPhaseId] = useState(() => phasesOf(board).at(-1)?.phaseId ?? '');
  const [dueDate, setDueDate] = useState('');
  const form = useSubmit();
  const add = form.submit(async () => {
    await api.request('POST', `/projects/${projectId}/milestones`, { body: { name, dueDate, phaseId: phaseId === '' ? null : phaseId } });
    setName('');
  }, `Milestone “${name.trim()}” added, due ${dueDate === '' ? '—' : date(dueDate)}.`);
  return (
    <form className="plan-add-form" aria-label="Add a milestone" onSubmit={add}>
      <div className="field grow">
        <label htmlFor={`${id}-name`}>Milestone name</label>
        <input id={`${id}-name`} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      </div>
      <div className="field">
        <label htmlFor={`${id}-phase`}>Phase</label>
        <PhaseSelect id={`${id}-phase`} board={board} value={phaseId} onChange={setPhaseId} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-due`}>Due date</label>
        <input id={`${id}-due`} type="date" required value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
      </div>
      <FormFooter form={form} label="Add milestone" busyLabel="Adding…" />
    </form>
  );
}

function AddTask({ projectId, board, names, editors }: AddProps & { readonly names: ReadonlyMap<string, string>; readonly editors: ReadonlySet<string> }) {
  const { api } = useApp();
  const id = useId();
  const [title, setTitle] = useState('');
  const [phaseId, setPhaseId] = useState(() => phasesOf(board)[0]?.phaseId ?? '');
  const [assigneeId, setAssigneeId] = useState('');
  const [startDate, setStartDate] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [estimate, setEstimate] = useState('');
  const [dependsOn, setDependsOn] = useState<readonly string[]>([]);
  const [description, setDescription] = useState('');
  const form = useSubmit();
  const phaseName = (phase: string | null) => (phase === null ? 'Not in a phase' : (board.phases[phase]?.name ?? ''));
  const phaseOrder = (phase: string | null) => (phase === null ? Number.MAX_SAFE_INTEGER : (board.phases[phase]?.order ?? Number.MAX_SAFE_INTEGER));
  // In plan order: by phase, then by due date, as the board lists them.
  const tasks = Object.values(board.tasks).sort(
    (a, b) => phaseOrder(a.phaseId) - phaseOrder(b.phaseId) || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.title.localeCompare(b.title),
  );
  const add = form.submit(async () => {
    const body: AddTaskRequest = {
      title,
      phaseId: phaseId === '' ? null : phaseId,
      assigneeId: assigneeId === '' ? null : assigneeId,
      ...(startDate !== '' ? { startDate } : {}),
      ...(dueDate !== '' ? { dueDate } : {}),
      ...(estimate !== '' ? { estimateHours: Number(estimate) } : {}),
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
      ...(description.trim() !== '' ? { description: description.trim() } : {}),
    };
    await api.request('POST', `/projects/${projectId}/tasks`, { body });
    setTitle('');
    setDescription('');
    setDependsOn([]);
  }, `Task “${title.trim()}” added to ${phaseName(phaseId === '' ? null : phaseId)}.`);
  return (
    <form className="plan-add-form" aria-label="Add a task" onSubmit={add}>
      <div className="field grow">
        <label htmlFor={`${id}-title`}>Task title</label>
        <input id={`${id}-title`} required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} autoFocus />
      </div>
      <div className="field">
        <label htmlFor={`${id}-phase`}>Phase</label>
        <PhaseSelect id={`${id}-phase`} board={board} value={phaseId} onChange={setPhaseId} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-assignee`}>Assignee</label>
        <AssigneeSelect id={`${id}-assignee`} editors={editors} names={names} value={assigneeId} onChange={setAssigneeId} noneLabel="Nobody yet" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-start`}>Starts</label>
        <input id={`${id}-start`} type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-due`}>Due</label>
        <input id={`${id}-due`} type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
      </div>
      <div className="field narrow">
        <label htmlFor={`${id}-estimate`}>Estimate (hours)</label>
        <input id={`${id}-estimate`} type="number" min={0} max={100000} step="any" inputMode="decimal" value={estimate} onChange={(e) => setEstimate(e.target.value)} />
      </div>
      <div className="field full">
        <label htmlFor={`${id}-description`}>Description (team only)</label>
        <textarea id={`${id}-description`} rows={2} maxLength={5000} value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      {tasks.length > 0 && (
        <fieldset className="field full depends">
          <legend>Waits for (dependencies)</legend>
          <ul>
            {tasks.map((t) => (
              <li key={t.taskId}>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={dependsOn.includes(t.taskId)}
                    onChange={(e) => setDependsOn(e.target.checked ? [...dependsOn, t.taskId] : dependsOn.filter((d) => d !== t.taskId))}
                  />
                  {t.title} <span className="muted small">({phaseName(t.phaseId)})</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      <FormFooter form={form} label="Add task" busyLabel="Adding…" />
    </form>
  );
}
