import { useState } from 'react';
import { DecisionHistoryDialog } from '../audit/decision-history';
import type { DecisionItem, ProposeDecisionAnswer } from '@app/contracts';
import { useApp, useLiveView } from '../app-context';
import { date, money, parseMoney } from '../format';
import { Outcome, useSubmit } from '../ui/use-submit';
import type { ProjectContext } from './project-context';

const STATUS = { proposed: 'Proposed', decided: 'Decided', superseded: 'Superseded' } as const;
const ASPECTS = ['pros', 'cons', 'risks', 'benefits'] as const;

/** The decision log, live (team and auditors): options side by side, the choice and why, and the superseding chain; managers record decisions. */
export function DecisionsPanel({ context }: { readonly context: ProjectContext }) {
  const { project, names } = context;
  const decisions = useLiveView(project.id, 'decisions');
  if (decisions.error !== null && decisions.data === null) return <p className="error" role="alert">The decisions cannot be shown: {decisions.error}</p>;
  if (decisions.data === null) return <p className="muted" role="status">Loading the decisions…</p>;
  const view = decisions.data;
  const all = view.decisions ?? {};
  const list = Object.values(all).sort((a, b) => b.proposedAt.localeCompare(a.proposedAt) || a.title.localeCompare(b.title));
  const currency = project.currency;
  const titles = new Map(list.map((d) => [d.decisionId, d.title]));

  return (
    <div className="decisions" data-revision={decisions.revision ?? undefined}>
      <dl className="figures" aria-label="Decision figures">
        <div>
          <dt>Decided</dt>
          <dd>{view.figures.decided}</dd>
        </div>
        <div>
          <dt>Proposed</dt>
          <dd>{view.figures.proposed}</dd>
        </div>
        <div>
          <dt>Superseded</dt>
          <dd>{view.figures.superseded}</dd>
        </div>
      </dl>
      {project.role === 'manager' && <RecordDecision projectId={project.id} currency={currency} names={names} decided={list.filter((d) => d.status === 'decided')} />}
      <section aria-labelledby="log-title">
        <h2 id="log-title">Decision log</h2>
        {list.length === 0 ? (
          <p className="muted">No decisions recorded yet.</p>
        ) : (
          <ul className="decision-list">
            {list.map((d) => (
              <Decision key={d.decisionId} decision={d} all={all} names={names} currency={currency} projectId={project.id} titles={titles} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function DecisionLink({ decision }: { readonly decision: DecisionItem | undefined }) {
  if (decision === undefined) return <span className="muted">a decision no longer in the log</span>;
  return <a href={`#decision-${decision.decisionId}`}>{decision.title}</a>;
}

function Decision({
  decision,
  all,
  names,
  currency,
  projectId,
  titles,
}: {
  readonly decision: DecisionItem;
  readonly all: Readonly<Record<string, DecisionItem>>;
  readonly names: ReadonlyMap<string, string>;
  readonly currency: string;
  readonly projectId: string;
  readonly titles: ReadonlyMap<string, string>;
}) {
  const titleId = `decision-title-${decision.decisionId}`;
  const [history, setHistory] = useState(false);
  const name = (id: string | null) => (id === null ? '—' : (names.get(id) ?? 'a former member'));
  return (
    <li className={`card decision decision-${decision.status}`} id={`decision-${decision.decisionId}`} aria-labelledby={titleId} tabIndex={-1}>
      <div className="risk-head">
        <h3 id={titleId}>{decision.title}</h3>
        <span className={`pill decision-state-${decision.status}`}>{STATUS[decision.status]}</span>
      </div>
      <p className="muted small">
        Proposed by {name(decision.proposedBy)} on {date(decision.proposedAt)}
        {decision.decidedAt !== null && (
          <>
            {' '}
            · decided by {name(decision.decidedBy)} on {date(decision.decidedAt)}
          </>
        )}
      </p>
      {decision.context && <p>{decision.context}</p>}
      {decision.supersedes !== null && (
        <p className="small chain">
          Supersedes <DecisionLink decision={all[decision.supersedes]} />
        </p>
      )}
      {decision.supersededBy !== null && (
        <p className="small chain superseded-note">
          Superseded by <DecisionLink decision={all[decision.supersededBy]} />
          {decision.supersededReason ? <span className="muted"> — {decision.supersededReason}</span> : null}
        </p>
      )}
      {decision.options.length > 0 && (
        <ul className="options" aria-label={`Options for ${decision.title}`}>
          {decision.options.map((option) => {
            const chosen = option.optionId === decision.chosenOptionId;
            return (
              <li key={option.optionId} className={`option${chosen ? ' chosen' : ''}`} aria-current={chosen ? 'true' : undefined}>
                <h4>
                  {option.title}
                  {chosen && <span className="chosen-mark"> ✓ Chosen</span>}
                </h4>
                <dl>
                  {ASPECTS.map((aspect) => (
                    <div key={aspect}>
                      <dt className="capitalize">{aspect}</dt>
                      <dd>{option[aspect] || <span className="muted">—</span>}</dd>
                    </div>
                  ))}
                  <div>
                    <dt>Cost</dt>
                    <dd>{money(option.costMinor, currency)}</dd>
                  </div>
                </dl>
              </li>
            );
          })}
        </ul>
      )}
      {decision.rationale !== null && decision.status !== 'proposed' && (
        <div className="rationale">
          <p>
            <strong>Why:</strong> {decision.rationale}
          </p>
          <p className="small">
            <strong>Participants:</strong> {decision.participants.length === 0 ? <span className="muted">none named</span> : decision.participants.map((p) => name(p)).join(', ')}
          </p>
        </div>
      )}
      <p className="decision-history-link">
        <button type="button" className="button small" onClick={() => setHistory(true)}>
          History<span className="visually-hidden"> of {decision.title}</span>
        </button>
      </p>
      {history && <DecisionHistoryDialog projectId={projectId} decisionId={decision.decisionId} names={titles} onClose={() => setHistory(false)} />}
    </li>
  );
}

interface OptionDraft {
  title: string;
  pros: string;
  cons: string;
  risks: string;
  benefits: string;
  cost: string;
}
const emptyOption = (): OptionDraft => ({ title: '', pros: '', cons: '', risks: '', benefits: '', cost: '' });

function RecordDecision({ projectId, currency, names, decided }: { readonly projectId: string; readonly currency: string; readonly names: ReadonlyMap<string, string>; readonly decided: readonly DecisionItem[] }) {
  const { api } = useApp();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [contextText, setContextText] = useState('');
  const [options, setOptions] = useState<OptionDraft[]>([emptyOption(), emptyOption()]);
  const [chosen, setChosen] = useState(0);
  const [rationale, setRationale] = useState('');
  const [participants, setParticipants] = useState<ReadonlySet<string>>(new Set());
  const [supersedes, setSupersedes] = useState('');
  const form = useSubmit();

  const setOption = (index: number, field: keyof OptionDraft, value: string) => setOptions((all) => all.map((o, i) => (i === index ? { ...o, [field]: value } : o)));
  const record = form.submit(async () => {
    const drafts = options.filter((o) => o.title.trim() !== '');
    if (drafts.length < 1) throw new Error('Name at least one option.');
    const chosenDraft = options[chosen];
    if (chosenDraft === undefined || chosenDraft.title.trim() === '') throw new Error('The chosen option needs a title.');
    if (!rationale.trim()) throw new Error('Say why (the rationale is kept with the decision).');
    const body = drafts.map((o) => {
      const costMinor = o.cost.trim() === '' ? undefined : parseMoney(o.cost);
      if (costMinor === null) throw new Error(`Cost of ${o.title.trim()}: a number such as 1200 or 1,200.50.`);
      return {
        title: o.title.trim(),
        ...(o.pros.trim() ? { pros: o.pros.trim() } : {}),
        ...(o.cons.trim() ? { cons: o.cons.trim() } : {}),
        ...(o.risks.trim() ? { risks: o.risks.trim() } : {}),
        ...(o.benefits.trim() ? { benefits: o.benefits.trim() } : {}),
        ...(costMinor !== undefined ? { costMinor } : {}),
      };
    });
    const proposed = await api.request<ProposeDecisionAnswer>('POST', `/projects/${projectId}/decisions`, {
      body: { title: title.trim(), ...(contextText.trim() ? { context: contextText.trim() } : {}), supersedes: supersedes || null, options: body },
    });
    const optionId = proposed.optionIds[drafts.indexOf(chosenDraft)];
    await api.request('PATCH', `/projects/${projectId}/decisions/${proposed.id}`, { body: { chosenOptionId: optionId, rationale: rationale.trim(), participants: [...participants] } });
    setTitle('');
    setContextText('');
    setOptions([emptyOption(), emptyOption()]);
    setChosen(0);
    setRationale('');
    setParticipants(new Set());
    setSupersedes('');
  }, 'Decision recorded.');

  if (!open)
    return (
      <p>
        <button type="button" className="button primary" onClick={() => setOpen(true)}>
          Record a decision
        </button>
      </p>
    );
  return (
    <section className="card record-decision" aria-labelledby="record-decision-title">
      <h2 id="record-decision-title">Record a decision</h2>
      <form className="stack" onSubmit={record}>
        <label htmlFor="decision-title">Decision</label>
        <input id="decision-title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
        <label htmlFor="decision-context">Context</label>
        <textarea id="decision-context" rows={2} maxLength={10000} value={contextText} onChange={(e) => setContextText(e.target.value)} />
        <div className="options option-drafts">
          {options.map((o, i) => (
            <fieldset key={i} className="option">
              <legend>Option {i + 1}</legend>
              <div className="stack">
                {(['title', 'pros', 'cons', 'risks', 'benefits'] as const).map((field) => (
                  <div key={field} className="stack">
                    <label htmlFor={`option-${i}-${field}`} className="capitalize">
                      {field}
                      <span className="visually-hidden"> of option {i + 1}</span>
                    </label>
                    <input id={`option-${i}-${field}`} maxLength={field === 'title' ? 200 : 5000} value={o[field]} onChange={(e) => setOption(i, field, e.target.value)} />
                  </div>
                ))}
                <label htmlFor={`option-${i}-cost`}>
                  Cost ({currency})<span className="visually-hidden"> of option {i + 1}</span>
                </label>
                <input id={`option-${i}-cost`} inputMode="decimal" value={o.cost} onChange={(e) => setOption(i, 'cost', e.target.value)} />
                <label className="check">
                  <input type="radio" name="chosen-option" checked={chosen === i} onChange={() => setChosen(i)} /> Chosen
                  <span className="visually-hidden"> option {i + 1}</span>
                </label>
              </div>
            </fieldset>
          ))}
        </div>
        {options.length < 20 && (
          <button type="button" className="button small" onClick={() => setOptions((all) => [...all, emptyOption()])}>
            Add an option
          </button>
        )}
        <label htmlFor="decision-rationale">Rationale (why this option)</label>
        <textarea id="decision-rationale" rows={2} required maxLength={5000} value={rationale} onChange={(e) => setRationale(e.target.value)} />
        <fieldset className="participants">
          <legend>Participants</legend>
          {[...names].map(([userId, who]) => (
            <label key={userId} className="check">
              <input
                type="checkbox"
                checked={participants.has(userId)}
                onChange={(e) =>
                  setParticipants((set) => {
                    const next = new Set(set);
                    if (e.target.checked) next.add(userId);
                    else next.delete(userId);
                    return next;
                  })
                }
              />{' '}
              {who}
            </label>
          ))}
        </fieldset>
        <label htmlFor="decision-supersedes">Supersedes</label>
        <select id="decision-supersedes" value={supersedes} onChange={(e) => setSupersedes(e.target.value)}>
          <option value="">Nothing (a new decision)</option>
          {decided.map((d) => (
            <option key={d.decisionId} value={d.decisionId}>
              {d.title}
            </option>
          ))}
        </select>
        <Outcome outcome={form.outcome} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={form.busy}>
            {form.busy ? 'Recording…' : 'Record decision'}
          </button>
          <button type="button" className="button" onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
      </form>
    </section>
  );
}
