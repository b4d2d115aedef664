import type { BoardView, BudgetView, DocumentsView, QualityView, RisksView } from '@app/contracts';
import { date, money, STATUS_LABELS } from '../format';

/** The views the time travel shows, and their names. */
export const PAST_VIEWS = { board: 'Plan', risks: 'Risks', budget: 'Budget', quality: 'Quality', documents: 'Documents' } as const;
export type PastViewName = keyof typeof PAST_VIEWS;

/** Ids of the items a revision changed in a view (from the paths of its patch: `/tasks/<id>/title` → the task's id). */
export function changedIds(paths: readonly string[]): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const path of paths) {
    const id = path.split('/')[2];
    if (id !== undefined && id.length > 0) ids.add(decodeURIComponent(id.replace(/~1/g, '/').replace(/~0/g, '~')));
  }
  return ids;
}

function Changed({ on }: { readonly on: boolean }) {
  return on ? <span className="pill changed-pill">changed here</span> : null;
}

/** A view as it was at a revision, read-only, with what that revision changed marked. */
export function PastView({ view, data, currency, changed }: { readonly view: PastViewName; readonly data: unknown; readonly currency: string; readonly changed: ReadonlySet<string> }) {
  switch (view) {
    case 'board':
      return <PastBoard board={data as BoardView} changed={changed} />;
    case 'risks':
      return <PastRisks risks={data as RisksView} changed={changed} />;
    case 'budget':
      return <PastBudget budget={data as BudgetView} currency={currency} changed={changed} />;
    case 'quality':
      return <PastQuality quality={data as QualityView} changed={changed} />;
    case 'documents':
      return <PastDocuments documents={data as DocumentsView} changed={changed} />;
  }
}

function PastBoard({ board, changed }: { readonly board: BoardView; readonly changed: ReadonlySet<string> }) {
  const phases = Object.values(board.phases ?? {}).sort((a, b) => a.order - b.order);
  const tasks = Object.values(board.tasks ?? {});
  const milestones = Object.values(board.milestones ?? {});
  const groups = [...phases.map((p) => ({ id: p.phaseId as string | null, name: p.name })), { id: null, name: 'Not in a phase' }];
  return (
    <div className="past-board">
      <p className="past-figures">
        Progress <strong>{board.figures.progressPercent}%</strong> · {board.figures.done} of {board.figures.tasks} tasks done · {board.figures.blocked} blocked
        {board.baseline !== null && <> · baseline {board.baseline.number}</>}
      </p>
      {tasks.length === 0 && phases.length === 0 && <p className="muted">No tasks yet at this revision.</p>}
      {groups.map((group) => {
        const rows = tasks.filter((t) => t.phaseId === group.id).sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.title.localeCompare(b.title));
        const marks = milestones.filter((m) => m.phaseId === group.id).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
        if (group.id === null && rows.length === 0 && marks.length === 0) return null;
        const changedPhase = group.id !== null && changed.has(group.id);
        return (
          <section key={group.id ?? 'none'} className={`past-phase${changedPhase ? ' changed' : ''}`} aria-label={`Phase: ${group.name}`}>
            <h4>
              {group.name} <Changed on={changedPhase} />
            </h4>
            {marks.length > 0 && (
              <ul className="milestones" aria-label={`Milestones of ${group.name}`}>
                {marks.map((m) => (
                  <li key={m.milestoneId} className={`${m.reachedOn !== null ? 'reached' : ''}${changed.has(m.milestoneId) ? ' changed' : ''}`}>
                    <span className="diamond" aria-hidden="true">
                      ◆
                    </span>
                    <span className="milestone-name">{m.name}</span>
                    <span className="muted">{m.reachedOn !== null ? `reached ${date(m.reachedOn)}` : `due ${date(m.dueDate)}`}</span>
                    <Changed on={changed.has(m.milestoneId)} />
                  </li>
                ))}
              </ul>
            )}
            {rows.length === 0 ? (
              <p className="muted small">No tasks in this phase at this revision.</p>
            ) : (
              <div className="table-scroll">
                <table className="past-table past-tasks">
                  <caption className="visually-hidden">Tasks of {group.name}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Task</th>
                      <th scope="col">Status</th>
                      <th scope="col" className="num">
                        Done
                      </th>
                      <th scope="col">Due</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((task) => (
                      <tr key={task.taskId} className={changed.has(task.taskId) ? 'changed' : undefined}>
                        <th scope="row" className="past-task-title">
                          {task.title} <Changed on={changed.has(task.taskId)} />
                        </th>
                        <td>{STATUS_LABELS[task.status]}</td>
                        <td className="num">{task.percentDone}%</td>
                        <td>{date(task.dueDate)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}

function PastRisks({ risks, changed }: { readonly risks: RisksView; readonly changed: ReadonlySet<string> }) {
  const list = Object.values(risks.risks ?? {}).sort((a, b) => b.probability * b.impact - a.probability * a.impact || a.title.localeCompare(b.title));
  return (
    <div>
      <p className="past-figures">
        Exposure <strong>{risks.figures.exposure}</strong> · {list.length} risks
      </p>
      {list.length === 0 ? (
        <p className="muted">No risks yet at this revision.</p>
      ) : (
        <div className="table-scroll">
          <table className="past-table">
            <caption>Risk register</caption>
            <thead>
              <tr>
                <th scope="col">Risk</th>
                <th scope="col" className="num">Probability</th>
                <th scope="col" className="num">Impact</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {list.map((risk) => (
                <tr key={risk.riskId} className={changed.has(risk.riskId) ? 'changed' : undefined}>
                  <th scope="row">
                    {risk.title} {risk.internalOnly === true && <span className="pill">Internal only</span>} <Changed on={changed.has(risk.riskId)} />
                  </th>
                  <td className="num">{risk.probability}</td>
                  <td className="num">{risk.impact}</td>
                  <td className="capitalize">{risk.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function PastBudget({ budget, currency, changed }: { readonly budget: BudgetView; readonly currency: string; readonly changed: ReadonlySet<string> }) {
  const lines = Object.values(budget.lines ?? {});
  const costs = Object.values(budget.costs ?? {});
  const spentBy = (lineId: string) => costs.filter((c) => c.lineId === lineId && changed.has(c.costId)).length > 0;
  return (
    <div>
      <p className="past-figures">
        Budget <strong>{money(budget.totals.budgetMinor, budget.currency || currency)}</strong> · spent <strong>{money(budget.totals.actualMinor, budget.currency || currency)}</strong> ·{' '}
        {costs.length} costs
      </p>
      {lines.length === 0 ? (
        <p className="muted">No budget lines yet at this revision.</p>
      ) : (
        <div className="table-scroll">
          <table className="past-table">
            <caption>Budget lines</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col" className="num">Budget</th>
                <th scope="col" className="num">Actual</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => {
                const mark = changed.has(line.lineId) || spentBy(line.lineId);
                return (
                  <tr key={line.lineId} className={mark ? 'changed' : undefined}>
                    <th scope="row">
                      {line.name} <Changed on={mark} />
                    </th>
                    <td className="num">{money(line.amountMinor, budget.currency || currency)}</td>
                    <td className="num">{money(line.actualMinor, budget.currency || currency)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function PastQuality({ quality, changed }: { readonly quality: QualityView; readonly changed: ReadonlySet<string> }) {
  const standards = Object.values(quality.standards ?? {});
  return (
    <div>
      <p className="past-figures">
        Pass rate <strong>{quality.figures.passRate === null ? '—' : `${Math.round(quality.figures.passRate * 100)}%`}</strong> · {standards.length} standards
      </p>
      {standards.length === 0 ? (
        <p className="muted">No quality standards yet at this revision.</p>
      ) : (
        <div className="table-scroll">
          <table className="past-table">
            <caption>Quality standards</caption>
            <thead>
              <tr>
                <th scope="col">Standard</th>
                <th scope="col">Threshold</th>
                <th scope="col">Latest check</th>
              </tr>
            </thead>
            <tbody>
              {standards.map((s) => (
                <tr key={s.standardId} className={changed.has(s.standardId) ? 'changed' : undefined}>
                  <th scope="row">
                    {s.deliverable}: {s.criterion} <Changed on={changed.has(s.standardId)} />
                  </th>
                  <td>{s.threshold}</td>
                  <td className="capitalize">{s.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function PastDocuments({ documents, changed }: { readonly documents: DocumentsView; readonly changed: ReadonlySet<string> }) {
  const list = Object.values(documents.documents ?? {});
  return list.length === 0 ? (
    <p className="muted">No documents yet at this revision.</p>
  ) : (
    <div className="table-scroll">
      <table className="past-table">
        <caption>Documents</caption>
        <thead>
          <tr>
            <th scope="col">Document</th>
            <th scope="col" className="num">Version</th>
            <th scope="col">Client</th>
          </tr>
        </thead>
        <tbody>
          {list.map((d) => (
            <tr key={d.documentId} className={changed.has(d.documentId) ? 'changed' : undefined}>
              <th scope="row">
                {d.title} <Changed on={changed.has(d.documentId)} />
              </th>
              <td className="num">{d.version}</td>
              <td>{d.sharedWithClient ? 'Shared' : 'Internal'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
