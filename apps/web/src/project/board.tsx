import { useState } from 'react';
import type { BoardMilestone, BoardPhase, BoardTask } from '@app/contracts';
import { useConnectionState, useLiveView, usePresence } from '../app-context';
import { date } from '../format';
import { Kanban } from './kanban';
import { Milestones } from './milestones';
import type { ProjectContext } from './project-context';
import { TaskRow } from './task-row';
import { ChangesPanel } from '../plan/changes-panel';
import { PlanAdd } from '../plan/plan-add';
import { changesOf } from '../plan/use-changes';
import { PhaseName } from '../plan/phase-name';

type Layout = 'phases' | 'columns';
const LAYOUT_KEY = 'client-projects.plan-layout';

/** How the plan is laid out (by phase, or in columns by status), remembered in this browser. */
function useLayout(): [Layout, (layout: Layout) => void] {
  const [layout, setLayout] = useState<Layout>(() => (localStorage.getItem(LAYOUT_KEY) === 'columns' ? 'columns' : 'phases'));
  return [
    layout,
    (next) => {
      localStorage.setItem(LAYOUT_KEY, next);
      setLayout(next);
    },
  ];
}

const EDITORS = new Set(['manager', 'member']);

/** The plan, live: phases in order, each with its milestones and tasks; tasks editable in place by the delivery team. */
export function Board({ context }: { readonly context: ProjectContext }) {
  const { project } = context;
  const board = useLiveView(project.id, 'board');
  const presence = usePresence(project.id);
  const connection = useConnectionState();
  const [layout, setLayout] = useLayout();
  const changes = changesOf(board);
  if (board.error !== null && board.data === null) return <p className="error" role="alert">This plan cannot be shown: {board.error}</p>;
  if (board.data === null) return <p className="muted" role="status">Loading the plan…</p>;
  const { phases, milestones, tasks, figures } = board.data;
  const canEdit = EDITORS.has(project.role);
  const ordered = Object.values(phases).sort((a, b) => a.order - b.order);
  const groups: Array<{ id: string | null; name: string; phase: BoardPhase | null }> = [
    ...ordered.map((p) => ({ id: p.phaseId, name: p.name, phase: p })),
    { id: null, name: 'Not in a phase', phase: null },
  ];
  const editingBy = (taskId: string): string[] =>
    presence
      .filter((m) => m.editing?.kind === 'task' && m.editing.id === taskId && m.userId !== context.me?.id)
      .map((m) => m.name || context.names.get(m.userId) || 'Someone');

  return (
    <section
      aria-labelledby="plan-title"
      className={connection === 'live' ? 'board' : 'board stale'}
      aria-busy={connection !== 'live'}
      data-revision={board.revision ?? undefined}
    >
      <h2 id="plan-title" className="visually-hidden">
        Plan
      </h2>
      {connection !== 'live' && (
        <p className="stale-note" role="note">
          Showing the plan as it was when the connection dropped; it updates by itself when it is back.
        </p>
      )}
      <dl className="figures" aria-label="Plan figures">
        <div>
          <dt>Progress</dt>
          <dd>
            <span className="bar" aria-hidden="true">
              <span style={{ width: `${figures.progressPercent}%` }} />
            </span>
            {figures.progressPercent}%
          </dd>
        </div>
        <div>
          <dt>Tasks done</dt>
          <dd>
            {figures.done} of {figures.tasks}
          </dd>
        </div>
        <div>
          <dt>Blocked</dt>
          <dd>{figures.blocked}</dd>
        </div>
        <div>
          <dt>Schedule variance</dt>
          <dd>{figures.scheduleVarianceDays === null ? '—' : `${figures.scheduleVarianceDays > 0 ? '+' : ''}${figures.scheduleVarianceDays} days`}</dd>
        </div>
      </dl>
      <Milestones board={board.data} edit={canEdit ? { projectId: project.id, approved: (changes.list?.items ?? []).filter((c) => c.status === 'approved') } : undefined} />
      <div className="layout-switch" role="group" aria-label="Lay the plan out">
        <button type="button" className="button small" aria-pressed={layout === 'phases'} onClick={() => setLayout('phases')}>
          By phase
        </button>
        <button type="button" className="button small" aria-pressed={layout === 'columns'} onClick={() => setLayout('columns')}>
          By status
        </button>
      </div>
      {layout === 'columns' && <Kanban projectId={project.id} board={board.data} canEdit={canEdit} names={context.names} editingBy={editingBy} editors={context.editors} />}
      {layout === 'phases' && groups.map((group) => {
        const groupTasks = Object.values(tasks).filter((t: BoardTask) => t.phaseId === group.id);
        const groupMilestones = Object.values(milestones)
          .filter((m: BoardMilestone) => m.phaseId === group.id)
          .sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1));
        if (group.id === null && groupTasks.length === 0 && groupMilestones.length === 0) return null;
        return (
          <section key={group.id ?? 'none'} className="phase card" aria-label={`Phase: ${group.name}`}>
            {group.phase === null ? <h3>{group.name}</h3> : <PhaseName projectId={project.id} phase={group.phase} canEdit={canEdit} />}
            {groupMilestones.length > 0 && (
              <ul className="milestones" aria-label={`Milestones of ${group.name}`}>
                {groupMilestones.map((m) => (
                  <li key={m.milestoneId} className={m.reachedOn !== null ? 'reached' : ''}>
                    <span className="diamond" aria-hidden="true">◆</span>
                    <span className="milestone-name">{m.name}</span>
                    <span className="muted">
                      {m.reachedOn !== null ? `reached ${date(m.reachedOn)}` : `due ${date(m.dueDate)}`}
                      {m.baselineDueDate !== null && m.baselineDueDate !== m.dueDate ? ` (baseline ${date(m.baselineDueDate)})` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {groupTasks.length === 0 ? (
              <p className="muted">No tasks yet.</p>
            ) : (
              <ul className="tasks" aria-label={`Tasks of ${group.name}`}>
                {groupTasks
                  .sort((a, b) => (a.dueDate ?? '9999') .localeCompare(b.dueDate ?? '9999') || a.title.localeCompare(b.title))
                  .map((task) => (
                    <TaskRow
                      key={task.taskId}
                      projectId={project.id}
                      task={task}
                      canEdit={canEdit}
                      editingBy={editingBy(task.taskId)}
                      names={context.names}
                      tasks={tasks}
                      phases={phases}
                      editors={context.editors}
                    />
                  ))}
              </ul>
            )}
          </section>
        );
      })}
      <ChangesPanel context={context} changes={changes} canRequest={canEdit} canDecide={project.role === 'manager'} />
      {canEdit && <PlanAdd projectId={project.id} board={board.data} names={context.names} editors={context.editors} />}
    </section>
  );
}
