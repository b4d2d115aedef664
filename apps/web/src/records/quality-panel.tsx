import { useState } from 'react';
import { CHECK_RESULTS, QUALITY_DIMENSIONS, type CheckResult, type QualityDimension, type QualityStandard, type QualityView } from '@app/contracts';
import { useApp, useLiveView } from '../app-context';
import { date } from '../format';
import type { ProjectContext } from '../project/project-context';
import { Outcome, useSubmit } from '../ui/use-submit';

const WRITERS = new Set(['manager', 'member']);
const RESULT_WORDS: Record<CheckResult | 'unchecked', string> = { pass: 'Passed', fail: 'Failed', waived: 'Waived', unchecked: 'Not checked yet' };
const percent = (share: number | null): string => (share === null ? '—' : `${Math.round(share * 100)}%`);

/**
 * Quality (DOMAIN.md 11): standards per deliverable with a measurable
 * threshold, their latest checks and the pass rate (the `quality` view, live).
 * Managers and members define standards and record checks; a waiver is a
 * manager's, with a reason. The client sees the standards and results, not the team's notes.
 */
export function QualityPanel({ context }: { readonly context: ProjectContext }) {
  const { project, names } = context;
  const quality = useLiveView(project.id, 'quality');
  if (quality.error !== null && quality.data === null) return <p className="error" role="alert">Quality cannot be shown: {quality.error}</p>;
  if (quality.data === null) return <p className="muted" role="status">Loading quality…</p>;
  const view = quality.data;
  const writer = WRITERS.has(project.role);
  const standards = Object.values(view.standards ?? {}).sort((a, b) => a.deliverable.localeCompare(b.deliverable) || a.criterion.localeCompare(b.criterion));

  return (
    <div className="quality" data-revision={quality.revision ?? undefined}>
      <div className="two-columns">
        <section className="card" aria-labelledby="pass-rate-title">
          <h2 id="pass-rate-title">Pass rate</h2>
          <p className="pass-rate" data-testid="pass-rate">
            <strong>{percent(view.figures.passRate)}</strong>
            <span className="muted small"> of the standards checked pass ({view.figures.passing} of {view.figures.passing + view.figures.failing})</span>
          </p>
          <ResultsChart figures={view.figures} />
          <p className="muted small">
            Every check ever recorded: {percent(view.figures.checkPassRate)} passed. {view.figures.openStandards.length === 0 ? 'Nothing stands in the way of acceptance.' : `${view.figures.openStandards.length} standards still to pass or be waived before acceptance.`}
          </p>
        </section>
        {writer && <DefineStandard projectId={project.id} />}
      </div>
      <section aria-labelledby="standards-title">
        <h2 id="standards-title">Standards</h2>
        {standards.length === 0 ? (
          <p className="muted">No quality standards defined yet.</p>
        ) : (
          <ul className="standard-list">
            {standards.map((s) => (
              <Standard key={s.standardId} projectId={project.id} standard={s} names={names} writer={writer} manager={project.role === 'manager'} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** The standards by their latest result: a stacked bar with a legend, and the same as a table for screen readers. */
function ResultsChart({ figures }: { readonly figures: QualityView['figures'] }) {
  const parts = [
    { key: 'pass', label: 'Passed', count: figures.passing },
    { key: 'fail', label: 'Failed', count: figures.failing },
    { key: 'waived', label: 'Waived', count: figures.waived },
    { key: 'unchecked', label: 'Not checked', count: figures.unchecked },
  ];
  const total = Math.max(1, figures.standards);
  let x = 0;
  return (
    <figure className="results-chart">
      <svg viewBox="0 0 300 24" width="100%" height="24" role="img" aria-labelledby="results-caption" preserveAspectRatio="none">
        {parts.map((part) => {
          const width = (part.count / total) * 300;
          const rect = <rect key={part.key} x={x} y={0} width={width} height={24} className={`seg-${part.key}`} />;
          x += width;
          return rect;
        })}
        {figures.standards === 0 && <rect x={0} y={0} width={300} height={24} className="seg-empty" />}
      </svg>
      <figcaption id="results-caption" className="small">
        <ul className="legend">
          {parts.map((part) => (
            <li key={part.key}>
              <span className={`swatch seg-${part.key}`} aria-hidden="true" /> {part.label}: {part.count}
            </li>
          ))}
        </ul>
      </figcaption>
      <table className="visually-hidden">
        <caption>Standards by the result of their latest check</caption>
        <tbody>
          {parts.map((part) => (
            <tr key={part.key}>
              <th scope="row">{part.label}</th>
              <td>{part.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function Standard({ projectId, standard, names, writer, manager }: { readonly projectId: string; readonly standard: QualityStandard; readonly names: ReadonlyMap<string, string>; readonly writer: boolean; readonly manager: boolean }) {
  const titleId = `standard-${standard.standardId}`;
  const latest = standard.checks[standard.checks.length - 1];
  return (
    <li className={`card standard status-${standard.status}`} aria-labelledby={titleId}>
      <div className="risk-head">
        <h3 id={titleId}>
          {standard.deliverable}: {standard.criterion}
        </h3>
        <span className={`pill result-${standard.status}`}>{RESULT_WORDS[standard.status]}</span>
      </div>
      <p className="small">
        <span className="capitalize">{standard.dimension}</span> · threshold: <strong>{standard.threshold}</strong>
      </p>
      {latest !== undefined && (
        <p className="small latest-check">
          Latest check {date(latest.at)}: {RESULT_WORDS[latest.result].toLowerCase()}
          {latest.measured && <> — measured {latest.measured}</>}
          {latest.note && <span className="muted"> · {latest.result === 'waived' ? 'reason' : 'note'}: {latest.note}</span>}
          {latest.checkedBy !== undefined && <span className="muted"> · {names.get(latest.checkedBy) ?? 'a former member'}</span>}
        </p>
      )}
      {standard.checks.length > 1 && (
        <details className="history">
          <summary>
            All checks ({standard.checks.length})<span className="visually-hidden"> of {standard.criterion}</span>
          </summary>
          <ol reversed>
            {[...standard.checks].reverse().map((c) => (
              <li key={c.checkId}>
                {date(c.at)}: {RESULT_WORDS[c.result].toLowerCase()}
                {c.measured && ` — ${c.measured}`}
                {c.note && ` · ${c.note}`}
              </li>
            ))}
          </ol>
        </details>
      )}
      {writer && <RecordCheck projectId={projectId} standard={standard} manager={manager} />}
    </li>
  );
}

function RecordCheck({ projectId, standard, manager }: { readonly projectId: string; readonly standard: QualityStandard; readonly manager: boolean }) {
  const { api } = useApp();
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<CheckResult>('pass');
  const [measured, setMeasured] = useState('');
  const [note, setNote] = useState('');
  const form = useSubmit();
  const id = `check-${standard.standardId}`;
  const record = form.submit(async () => {
    await api.request('POST', `/projects/${projectId}/quality-checks`, { body: { standardId: standard.standardId, result, measured: measured.trim(), note: note.trim() } });
    setMeasured('');
    setNote('');
    setOpen(false);
  }, 'Check recorded.');
  const results = CHECK_RESULTS.filter((r) => r !== 'waived' || manager);
  if (!open)
    return (
      <div className="actions">
        <button type="button" className="button small" onClick={() => setOpen(true)}>
          Record a check<span className="visually-hidden"> of {standard.criterion}</span>
        </button>
        {form.outcome?.kind === 'ok' && <Outcome outcome={form.outcome} />}
      </div>
    );
  return (
    <form className="stack reassess" onSubmit={record} aria-label={`Record a check of ${standard.criterion}`}>
      <fieldset className="result-choice">
        <legend>Result</legend>
        {results.map((r) => (
          <label key={r} className="check">
            <input type="radio" name={`${id}-result`} value={r} checked={result === r} onChange={() => setResult(r)} /> {RESULT_WORDS[r]}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-measured`}>Measured (against “{standard.threshold}”)</label>
      <input id={`${id}-measured`} maxLength={500} value={measured} onChange={(e) => setMeasured(e.target.value)} />
      <label htmlFor={`${id}-note`}>{result === 'waived' ? 'Reason for the waiver' : 'Note (team only)'}</label>
      <textarea id={`${id}-note`} rows={2} maxLength={5000} value={note} onChange={(e) => setNote(e.target.value)} />
      <Outcome outcome={form.outcome} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={form.busy}>
          {form.busy ? 'Recording…' : 'Record check'}
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function DefineStandard({ projectId }: { readonly projectId: string }) {
  const { api } = useApp();
  const [deliverable, setDeliverable] = useState('');
  const [dimension, setDimension] = useState<QualityDimension>('functional');
  const [criterion, setCriterion] = useState('');
  const [threshold, setThreshold] = useState('');
  const form = useSubmit();
  const define = form.submit(async () => {
    await api.request('POST', `/projects/${projectId}/quality-standards`, { body: { deliverable: deliverable.trim(), dimension, criterion: criterion.trim(), threshold: threshold.trim() } });
    setCriterion('');
    setThreshold('');
  }, 'Standard defined.');
  return (
    <section className="card" aria-labelledby="define-standard-title">
      <h2 id="define-standard-title">Define a standard</h2>
      <form className="stack" onSubmit={define}>
        <label htmlFor="standard-deliverable">Deliverable</label>
        <input id="standard-deliverable" maxLength={200} value={deliverable} onChange={(e) => setDeliverable(e.target.value)} />
        <label htmlFor="standard-dimension">Dimension</label>
        <select id="standard-dimension" value={dimension} onChange={(e) => setDimension(e.target.value as QualityDimension)}>
          {QUALITY_DIMENSIONS.map((d) => (
            <option key={d} value={d}>
              {d.charAt(0).toUpperCase() + d.slice(1)}
            </option>
          ))}
        </select>
        <label htmlFor="standard-criterion">Criterion</label>
        <input id="standard-criterion" maxLength={500} value={criterion} onChange={(e) => setCriterion(e.target.value)} />
        <label htmlFor="standard-threshold">Measurable threshold</label>
        <input id="standard-threshold" maxLength={500} value={threshold} onChange={(e) => setThreshold(e.target.value)} placeholder="e.g. p95 ≤ 2 s on 4G" />
        <Outcome outcome={form.outcome} />
        <button type="submit" className="button primary" disabled={form.busy}>
          {form.busy ? 'Defining…' : 'Define standard'}
        </button>
      </form>
    </section>
  );
}
