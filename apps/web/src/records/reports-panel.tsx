import { useState } from 'react';
import type { PublishedReport, ReportFigures, ReportView } from '@app/contracts';
import { useApp, useLiveView } from '../app-context';
import { date, money, STATUS_LABELS } from '../format';
import type { ProjectContext } from '../project/project-context';
import { Outcome, useSubmit } from '../ui/use-submit';

const TEAM = new Set(['manager', 'member', 'auditor']);
const MILESTONE_WORDS = { reached: 'reached', 'on-time': 'on track', late: 'late' } as const;

/**
 * Status reports (DOMAIN.md 1): for the team, the draft drafted from live data
 * (the `report` view) and, for managers, publishing it; for everyone, the
 * reports published. The client sees the published reports only.
 */
export function ReportsPanel({ context }: { readonly context: ProjectContext }) {
  const { project, names } = context;
  const report = useLiveView(project.id, 'report');
  if (report.error !== null && report.data === null) return <p className="error" role="alert">The status reports cannot be shown: {report.error}</p>;
  if (report.data === null) return <p className="muted" role="status">Loading the status reports…</p>;
  const view = report.data;
  const team = TEAM.has(project.role);
  const published = publishedReports(view);

  return (
    <div className="reports" data-revision={report.revision ?? undefined}>
      {team && <Draft view={view} currency={project.currency} />}
      {project.role === 'manager' && <Publish projectId={project.id} figures={view.figures} currency={project.currency} count={view.reportsPublished} />}
      <section aria-labelledby="published-title">
        <h2 id="published-title">Published reports</h2>
        <p className="muted small">
          {view.reportsPublished === 0 ? 'No report published yet.' : `${view.reportsPublished} published${team ? ' to the client' : ''}, the latest first.`}
        </p>
        <ol className="report-list" reversed>
          {published.map((r) => (
            <li key={r.reportId} className="card published-report" aria-labelledby={`report-${r.reportId}`}>
              <div className="risk-head">
                <h3 id={`report-${r.reportId}`}>{r.period}</h3>
                <span className="muted small">
                  Published {date(r.publishedAt)}
                  {team && r.by !== undefined && ` by ${names.get(r.by) ?? 'a former member'}`}
                </span>
              </div>
              <p className="report-text">{r.summary}</p>
              {r.nextSteps.length > 0 && (
                <>
                  <h4>Next steps</h4>
                  <p className="report-text">{r.nextSteps}</p>
                </>
              )}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

/** Newest first: every report the view keeps, or at least the last one. */
function publishedReports(view: ReportView): PublishedReport[] {
  const all = Object.values(view.published ?? {});
  if (all.length === 0 && view.lastReport !== null) all.push(view.lastReport);
  return all.sort((a, b) => b.revision - a.revision);
}

function Draft({ view, currency }: { readonly view: ReportView; readonly currency: string }) {
  const f = view.figures;
  const cur = f.budget.currency || currency;
  return (
    <section className="card draft" aria-labelledby="draft-title">
      <h2 id="draft-title">Draft{f.asOf !== null && <span className="muted"> · as of {date(f.asOf)}</span>}</h2>
      <p className="muted small">Drafted from the live plan, risks, budget and feedback; for the team only until it is published.</p>
      <dl className="figures" aria-label="Draft figures">
        <div>
          <dt>Progress</dt>
          <dd>
            <span className="bar" aria-hidden="true">
              <span style={{ width: `${f.progress.percent}%` }} />
            </span>
            {f.progress.percent}%
          </dd>
        </div>
        <div>
          <dt>Tasks done</dt>
          <dd>
            {f.progress.done} of {f.progress.tasks}
          </dd>
        </div>
        <div>
          <dt>Budget spent</dt>
          <dd>
            {money(f.budget.actualMinor, cur)}
            {f.budget.burnPercent !== null && <span className="muted small"> ({f.budget.burnPercent}% of {money(f.budget.budgetMinor, cur)})</span>}
          </dd>
        </div>
        <div>
          <dt>CPI · SPI</dt>
          <dd>
            {f.budget.cpi?.toFixed(2) ?? '—'} · {f.budget.spi?.toFixed(2) ?? '—'}
          </dd>
        </div>
        <div>
          <dt>Risk exposure</dt>
          <dd>{f.riskExposure}</dd>
        </div>
        <div>
          <dt>Open feedback</dt>
          <dd>
            {f.openFeedback.count}
            {f.openFeedback.overdue > 0 && <span className="warning-text small"> ({f.openFeedback.overdue} overdue)</span>}
          </dd>
        </div>
      </dl>
      <div className="draft-grid">
        <div>
          <h3>Milestones</h3>
          {f.milestones.length === 0 ? (
            <p className="muted">None planned.</p>
          ) : (
            <ul className="plain-list">
              {f.milestones.map((m) => (
                <li key={m.milestoneId}>
                  <span className={`pill milestone-${m.status}`}>{MILESTONE_WORDS[m.status]}</span> {m.name} <span className="muted small">{m.reachedOn !== null ? `reached ${date(m.reachedOn)}` : `due ${date(m.dueDate)}`}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3>Top risks</h3>
          {f.topRisks.length === 0 ? (
            <p className="muted">No open risk.</p>
          ) : (
            <ul className="plain-list">
              {f.topRisks.map((r) => (
                <li key={r.riskId}>
                  <strong>{r.title}</strong> <span className="muted small">score {r.exposure}</span>
                  {r.mitigation && <div className="small">Mitigation: {r.mitigation}</div>}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3>Next steps (two weeks)</h3>
          {f.nextSteps.length === 0 ? (
            <p className="muted">Nothing due in the next two weeks.</p>
          ) : (
            <ul className="plain-list">
              {f.nextSteps.map((s) => (
                <li key={s.taskId}>
                  {s.title} <span className="muted small">due {date(s.dueDate)} · {STATUS_LABELS[s.status]}</span>
                </li>
              ))}
            </ul>
          )}
          {f.overdueTasks.length > 0 && (
            <p className="warning-text small">
              Overdue: {f.overdueTasks.map((s) => s.title).join(', ')}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}

/** A summary in words from the draft, for the manager to edit before publishing. */
export function draftText(f: ReportFigures, currency: string): { summary: string; nextSteps: string } {
  const cur = f.budget.currency || currency;
  const lines = [
    `Progress: ${f.progress.percent}% (${f.progress.done} of ${f.progress.tasks} tasks done${f.progress.blocked > 0 ? `, ${f.progress.blocked} blocked` : ''}).`,
    ...(f.milestones.length > 0 ? [`Milestones: ${f.milestones.map((m) => `${m.name} ${m.reachedOn !== null ? `reached ${date(m.reachedOn)}` : `${MILESTONE_WORDS[m.status]}, due ${date(m.dueDate)}`}`).join('; ')}.`] : []),
    ...(f.topRisks.length > 0 ? [`Top risks: ${f.topRisks.map((r) => `${r.title} (score ${r.exposure})`).join('; ')}.`] : []),
    `Budget: ${money(f.budget.actualMinor, cur)} spent of ${money(f.budget.budgetMinor, cur)}${f.budget.burnPercent !== null ? ` (${f.budget.burnPercent}%)` : ''}.`,
  ];
  return { summary: lines.join('\n'), nextSteps: f.nextSteps.map((s) => `${s.title} (due ${date(s.dueDate)})`).join('\n') };
}

function Publish({ projectId, figures, currency, count }: { readonly projectId: string; readonly figures: ReportFigures; readonly currency: string; readonly count: number }) {
  const { api } = useApp();
  const [open, setOpen] = useState(false);
  const [period, setPeriod] = useState('');
  const [summary, setSummary] = useState('');
  const [nextSteps, setNextSteps] = useState('');
  const form = useSubmit();
  const start = () => {
    const drafted = draftText(figures, currency);
    setPeriod(`Report ${count + 1}${figures.asOf !== null ? `, ${date(figures.asOf)}` : ''}`);
    setSummary(drafted.summary);
    setNextSteps(drafted.nextSteps);
    setOpen(true);
  };
  const publish = form.submit(async () => {
    await api.request('POST', `/projects/${projectId}/status-reports`, { body: { period: period.trim(), summary: summary.trim(), ...(nextSteps.trim() ? { nextSteps: nextSteps.trim() } : {}) } });
    setOpen(false);
  }, 'Published: the client sees it now.');

  if (!open)
    return (
      <div className="actions publish-start">
        <button type="button" className="button primary" onClick={start}>
          Write a status report from the draft
        </button>
        <Outcome outcome={form.outcome} />
      </div>
    );
  return (
    <section className="card" aria-labelledby="publish-title">
      <h2 id="publish-title">Publish a status report</h2>
      <form className="stack" onSubmit={publish}>
        <label htmlFor="report-period">Period</label>
        <input id="report-period" value={period} onChange={(e) => setPeriod(e.target.value)} />
        <label htmlFor="report-summary">Summary for the client</label>
        <textarea id="report-summary" rows={6} value={summary} onChange={(e) => setSummary(e.target.value)} />
        <label htmlFor="report-next">Next steps</label>
        <textarea id="report-next" rows={3} value={nextSteps} onChange={(e) => setNextSteps(e.target.value)} />
        <Outcome outcome={form.outcome} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={form.busy}>
            {form.busy ? 'Publishing…' : 'Publish to the client'}
          </button>
          <button type="button" className="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
