import { useState } from 'react';
import { RISK_CATEGORIES, type RiskItem, type RisksView } from '@app/contracts';
import { useApp, useLiveView } from '../app-context';
import { ApiError } from '../api/client';
import { date } from '../format';
import { Outcome, useSubmit } from '../ui/use-submit';
import type { ProjectContext } from './project-context';

const WRITERS = new Set(['manager', 'member']);
const LEVELS = [1, 2, 3, 4, 5] as const;
const PROBABILITY = ['', 'rare', 'unlikely', 'possible', 'likely', 'almost certain'];
const IMPACT = ['', 'negligible', 'minor', 'moderate', 'major', 'severe'];
const STATUS = { open: 'Open', mitigating: 'Mitigating', occurred: 'Occurred', closed: 'Closed' } as const;

/** A score's band, told in words as well as colour. */
function band(score: number): { readonly word: string; readonly level: 'good' | 'watch' | 'poor' } {
  if (score >= 15) return { word: 'high', level: 'poor' };
  if (score >= 6) return { word: 'medium', level: 'watch' };
  return { word: 'low', level: 'good' };
}

/** The risk register, live, with the 5×5 heat map; managers and members identify and re-assess risks. */
export function RisksPanel({ context }: { readonly context: ProjectContext }) {
  const { project, names, editors, me } = context;
  const risks = useLiveView(project.id, 'risks');
  if (risks.error !== null && risks.data === null) return <p className="error" role="alert">The risks cannot be shown: {risks.error}</p>;
  if (risks.data === null) return <p className="muted" role="status">Loading the risks…</p>;
  const view = risks.data;
  const writer = WRITERS.has(project.role);
  const list = Object.values(view.risks ?? {}).sort((a, b) => b.probability * b.impact - a.probability * a.impact || a.title.localeCompare(b.title));

  return (
    <div className="risks" data-revision={risks.revision ?? undefined}>
      <div className="two-columns">
        <section className="card" aria-labelledby="heat-map-title">
          <h2 id="heat-map-title">Heat map</h2>
          <HeatMap heatMap={view.figures.heatMap} />
          <p className="muted small">
            Exposure <strong>{view.figures.exposure}</strong> (probability × impact summed over open and mitigating risks).
          </p>
        </section>
        {writer && <IdentifyRisk projectId={project.id} owners={[...names].filter(([id]) => editors.has(id))} me={me !== null && editors.has(me.id) ? me.id : null} />}
      </div>
      <section aria-labelledby="register-title">
        <h2 id="register-title">Risk register</h2>
        {list.length === 0 ? (
          <p className="muted">No risks identified yet.</p>
        ) : (
          <ul className="risk-list">
            {list.map((risk) => (
              <RiskCard key={risk.riskId} projectId={project.id} risk={risk} owner={risk.ownerId ? (names.get(risk.ownerId) ?? null) : null} writer={writer} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function HeatMap({ heatMap }: { readonly heatMap: RisksView['figures']['heatMap'] }) {
  return (
    <div className="table-scroll">
      <table className="heat-map">
        <caption>Open and mitigating risks by probability (rows) and impact (columns)</caption>
        <thead>
          <tr>
            <td />
            {LEVELS.map((impact) => (
              <th key={impact} scope="col" title={IMPACT[impact]}>
                <span className="axis">Impact</span> {impact}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...LEVELS].reverse().map((probability) => (
            <tr key={probability}>
              <th scope="row" title={PROBABILITY[probability]}>
                <span className="axis">Probability</span> {probability}
              </th>
              {LEVELS.map((impact) => {
                const count = heatMap[probability - 1]?.[impact - 1] ?? 0;
                const { word, level } = band(probability * impact);
                return (
                  <td key={impact} className={`heat heat-${level}${count > 0 ? ' filled' : ''}`} data-cell={`${probability}-${impact}`}>
                    <span>{count}</span>
                    <span className="visually-hidden">
                      {' '}
                      {count === 1 ? 'risk' : 'risks'}, score {probability * impact}, {word}
                    </span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RiskCard({ projectId, risk, owner, writer }: { readonly projectId: string; readonly risk: RiskItem; readonly owner: string | null; readonly writer: boolean }) {
  const [reassessing, setReassessing] = useState(false);
  const score = risk.probability * risk.impact;
  const { word, level } = band(score);
  const titleId = `risk-${risk.riskId}`;
  return (
    <li className="card risk" aria-labelledby={titleId}>
      <div className="risk-head">
        <h3 id={titleId}>{risk.title}</h3>
        <span className={`score score-${level}`}>
          Score {score} · {word}
        </span>
      </div>
      <dl className="risk-facts">
        <div>
          <dt>Category</dt>
          <dd className="capitalize">{risk.category}</dd>
        </div>
        <div>
          <dt>Probability</dt>
          <dd>
            {risk.probability} <span className="muted small">{PROBABILITY[risk.probability]}</span>
          </dd>
        </div>
        <div>
          <dt>Impact</dt>
          <dd>
            {risk.impact} <span className="muted small">{IMPACT[risk.impact]}</span>
          </dd>
        </div>
        {risk.ownerId !== undefined && (
          <div>
            <dt>Owner</dt>
            <dd>{owner ?? '—'}</dd>
          </div>
        )}
        <div>
          <dt>Status</dt>
          <dd>{STATUS[risk.status]}</dd>
        </div>
      </dl>
      {risk.internalOnly === true && <p className="internal-note small">Internal only: the client does not see this risk.</p>}
      {risk.description && <p>{risk.description}</p>}
      <p className="small">
        <strong>Mitigation:</strong> {risk.mitigation || <span className="muted">none yet</span>}
        {risk.contingency && (
          <>
            <br />
            <strong>Contingency:</strong> {risk.contingency}
          </>
        )}
      </p>
      <details className="history">
        <summary>
          History ({risk.history.length} {risk.history.length === 1 ? 'assessment' : 'assessments'})
        </summary>
        <ol>
          {[...risk.history].reverse().map((step) => (
            <li key={step.revision}>
              <span>{date(step.at)}</span> · probability {step.probability}, impact {step.impact} (score {step.probability * step.impact}) · {STATUS[step.status]}
              {step.note ? <span className="muted"> — {step.note}</span> : null}
            </li>
          ))}
        </ol>
      </details>
      {writer &&
        (reassessing ? (
          <Reassess projectId={projectId} risk={risk} close={() => setReassessing(false)} />
        ) : (
          <button type="button" className="button small" aria-label={`Re-assess ${risk.title}`} onClick={() => setReassessing(true)}>
            Re-assess
          </button>
        ))}
    </li>
  );
}

function LevelSelect({ id, label, value, onChange, words }: { readonly id: string; readonly label: string; readonly value: number; readonly onChange: (value: number) => void; readonly words: readonly string[] }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {LEVELS.map((level) => (
          <option key={level} value={level}>
            {level} – {words[level]}
          </option>
        ))}
      </select>
    </>
  );
}

function Reassess({ projectId, risk, close }: { readonly projectId: string; readonly risk: RiskItem; readonly close: () => void }) {
  const { api } = useApp();
  const [probability, setProbability] = useState(risk.probability);
  const [impact, setImpact] = useState(risk.impact);
  const [note, setNote] = useState('');
  const [fromVersion] = useState(risk.version);
  const form = useSubmit();
  const base = `reassess-${risk.riskId}`;
  const send = form.submit(async () => {
    try {
      await api.request('PATCH', `/projects/${projectId}/risks/${risk.riskId}`, {
        body: { probability, impact, ...(note.trim() ? { note: note.trim() } : {}) },
        ...(fromVersion !== undefined ? { ifMatch: fromVersion } : {}),
      });
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 412) throw new Error('Someone changed this risk meanwhile: the card shows it as it is now. Close and re-assess again.');
      throw failure;
    }
    close();
  }, 'Re-assessed.');
  return (
    <form className="stack reassess" onSubmit={send} aria-label={`Re-assess ${risk.title}`}>
      <div className="pair">
        <div className="stack">
          <LevelSelect id={`${base}-probability`} label="Probability" value={probability} onChange={setProbability} words={PROBABILITY} />
        </div>
        <div className="stack">
          <LevelSelect id={`${base}-impact`} label="Impact" value={impact} onChange={setImpact} words={IMPACT} />
        </div>
      </div>
      <label htmlFor={`${base}-note`}>Note (why)</label>
      <input id={`${base}-note`} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      <Outcome outcome={form.outcome} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={form.busy}>
          {form.busy ? 'Saving…' : 'Save assessment'}
        </button>
        <button type="button" className="button" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function IdentifyRisk({ projectId, owners, me }: { readonly projectId: string; readonly owners: ReadonlyArray<readonly [string, string]>; readonly me: string | null }) {
  const { api } = useApp();
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState<(typeof RISK_CATEGORIES)[number]>('technical');
  const [probability, setProbability] = useState(3);
  const [impact, setImpact] = useState(3);
  const [mitigation, setMitigation] = useState('');
  const [internalOnly, setInternalOnly] = useState(false);
  // Until the user picks one, the owner is whoever is signed in (once the members are known).
  const [ownerChoice, setOwnerId] = useState<string | null>(null);
  const ownerId = ownerChoice ?? me ?? '';
  const form = useSubmit();
  const identify = form.submit(async () => {
    await api.request('POST', `/projects/${projectId}/risks`, {
      body: { title: title.trim(), category, probability, impact, internalOnly, ownerId: ownerId || null, ...(mitigation.trim() ? { mitigation: mitigation.trim() } : {}) },
    });
    setTitle('');
    setMitigation('');
    setInternalOnly(false);
  }, 'Risk identified.');
  return (
    <section className="card" aria-labelledby="identify-risk-title">
      <h2 id="identify-risk-title">Identify a risk</h2>
      <form className="stack" onSubmit={identify}>
        <label htmlFor="risk-title">Title</label>
        <input id="risk-title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
        <label htmlFor="risk-category">Category</label>
        <select id="risk-category" className="capitalize" value={category} onChange={(e) => setCategory(e.target.value as typeof category)}>
          {RISK_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <div className="pair">
          <div className="stack">
            <LevelSelect id="risk-probability" label="Probability" value={probability} onChange={setProbability} words={PROBABILITY} />
          </div>
          <div className="stack">
            <LevelSelect id="risk-impact" label="Impact" value={impact} onChange={setImpact} words={IMPACT} />
          </div>
        </div>
        <label htmlFor="risk-owner">Owner</label>
        <select id="risk-owner" value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
          <option value="">No owner yet</option>
          {owners.map(([userId, name]) => (
            <option key={userId} value={userId}>
              {name}
            </option>
          ))}
        </select>
        <label htmlFor="risk-mitigation">Mitigation</label>
        <input id="risk-mitigation" maxLength={5000} value={mitigation} onChange={(e) => setMitigation(e.target.value)} />
        <label className="check">
          <input type="checkbox" checked={internalOnly} onChange={(e) => setInternalOnly(e.target.checked)} /> Internal only (kept from the client)
        </label>
        <Outcome outcome={form.outcome} />
        <button type="submit" className="button primary" disabled={form.busy}>
          {form.busy ? 'Saving…' : 'Identify risk'}
        </button>
      </form>
    </section>
  );
}
