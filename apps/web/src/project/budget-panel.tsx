import { useState } from 'react';
import type { BudgetView } from '@app/contracts';
import { useApp, useLiveView } from '../app-context';
import { date, money, parseMoney, today } from '../format';
import { Outcome, useSubmit } from '../ui/use-submit';
import { EarnedValueSection } from './earned-value';
import type { ProjectContext } from './project-context';

const WRITERS = new Set(['manager', 'member']);

/** Budget and earned value, live, with the costs booked; for the team only (a client's view has none of it). */
export function BudgetPanel({ context }: { readonly context: ProjectContext }) {
  const { project, names } = context;
  const budget = useLiveView(project.id, 'budget');
  if (budget.error !== null && budget.data === null) return <p className="error" role="alert">The budget cannot be shown: {budget.error}</p>;
  if (budget.data === null) return <p className="muted" role="status">Loading the budget…</p>;
  const view = budget.data;
  const currency = view.currency || project.currency;
  const lines = Object.values(view.lines ?? {});
  const costs = Object.values(view.costs ?? {}).sort((a, b) => b.revision - a.revision);
  const lineName = new Map(lines.map((l) => [l.lineId, l.name]));

  return (
    <div className="budget">
      <dl className="figures" aria-label="Budget figures">
        <div>
          <dt>Budget</dt>
          <dd>{money(view.totals.budgetMinor, currency)}</dd>
        </div>
        <div>
          <dt>Spent</dt>
          <dd>
            {money(view.totals.actualMinor, currency)}
            {view.figures.burnPercent !== null && <span className="muted"> ({view.figures.burnPercent}%)</span>}
          </dd>
        </div>
      </dl>
      <EarnedValueSection view={view} currency={currency} createdAt={project.createdAt} />
      {view.figures.overruns.length > 0 && (
        <p className="warning" role="note">
          Over budget: {view.figures.overruns.map((o) => `${o.name} by ${money(o.overMinor, currency)}`).join('; ')}
        </p>
      )}
      <div className="two-columns">
        <section className="card" aria-labelledby="lines-title">
          <h2 id="lines-title">Budget lines</h2>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col" className="num">Budget</th>
                  <th scope="col" className="num">Actual</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((line) => (
                  <tr key={line.lineId} className={line.actualMinor > line.amountMinor ? 'over' : ''}>
                    <th scope="row">
                      {line.name} <span className="muted small">{line.category}</span>
                    </th>
                    <td className="num">{money(line.amountMinor, currency)}</td>
                    <td className="num">{money(line.actualMinor, currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2 id="costs-title">Costs</h2>
          {costs.length === 0 ? (
            <p className="muted">No costs recorded yet.</p>
          ) : (
            <ul className="cost-list" aria-labelledby="costs-title">
              {costs.map((cost) => (
                <li key={cost.costId}>
                  <span className="cost-description">{cost.description || (cost.correctsCostId !== null ? `Correction: ${cost.reason ?? ''}` : 'Cost')}</span>
                  <span className="num cost-amount">{money(cost.amountMinor, currency)}</span>
                  <span className="muted small">
                    {lineName.get(cost.lineId) ?? ''} · {date(cost.incurredOn)} · {names.get(cost.recordedBy) ?? ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        {WRITERS.has(project.role) && lines.length > 0 && <RecordCost projectId={project.id} currency={currency} lines={lines.map((l) => ({ id: l.lineId, name: l.name }))} />}
      </div>
    </div>
  );
}

function RecordCost({ projectId, currency, lines }: { readonly projectId: string; readonly currency: string; readonly lines: ReadonlyArray<{ id: string; name: string }> }) {
  const { api } = useApp();
  const [lineId, setLineId] = useState(lines[0]!.id);
  const [amount, setAmount] = useState('');
  const [description, setDescription] = useState('');
  const [incurredOn, setIncurredOn] = useState(today);
  const form = useSubmit();
  const record = form.submit(async () => {
    const amountMinor = parseMoney(amount);
    if (amountMinor === null || amountMinor <= 0) throw new Error('Amount: a positive number such as 1200 or 1,200.50.');
    await api.request('POST', `/projects/${projectId}/costs`, {
      body: { lineId, amount: { amountMinor, currency }, incurredOn, ...(description.trim() ? { description: description.trim() } : {}) },
    });
    setAmount('');
    setDescription('');
  }, 'Cost recorded.');

  return (
    <section className="card" aria-labelledby="record-cost-title">
      <h2 id="record-cost-title">Record a cost</h2>
      <form className="stack" onSubmit={record}>
        <label htmlFor="cost-line">Budget line</label>
        <select id="cost-line" value={lineId} onChange={(e) => setLineId(e.target.value)}>
          {lines.map((line) => (
            <option key={line.id} value={line.id}>
              {line.name}
            </option>
          ))}
        </select>
        <label htmlFor="cost-amount">Amount ({currency})</label>
        <input id="cost-amount" inputMode="decimal" required value={amount} onChange={(e) => setAmount(e.target.value)} />
        <label htmlFor="cost-description">Description</label>
        <input id="cost-description" maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} />
        <label htmlFor="cost-date">Incurred on</label>
        <input id="cost-date" type="date" required value={incurredOn} onChange={(e) => setIncurredOn(e.target.value)} />
        <Outcome outcome={form.outcome} />
        <button type="submit" className="button primary" disabled={form.busy}>
          {form.busy ? 'Recording…' : 'Record cost'}
        </button>
      </form>
    </section>
  );
}
