import { useId, useState, type FormEvent } from 'react';
import type { ChangeRequestView, RequestChangeRequest } from '@app/contracts';
import { useApp } from '../app-context';
import { money, parseMoney } from '../format';
import type { ProjectContext } from '../project/project-context';
import { FormFooter, Outcome, useSubmit } from '../ui/use-submit';
import type { ChangeList, Changes } from './use-changes';

const STATUS_WORDS: Record<ChangeRequestView['status'], string> = { requested: 'Awaiting a decision', approved: 'Approved', rejected: 'Rejected' };
const signedDays = (n: number) => (n === 0 ? 'no change to the schedule' : `${n > 0 ? '+' : '−'}${Math.abs(n)} day${Math.abs(n) === 1 ? '' : 's'}`);
const signedMoney = (n: number, currency: string) => (n === 0 ? 'no change to the cost' : `${n > 0 ? '+' : '−'}${money(Math.abs(n), currency)}`);

/**
 * Change control on the Plan tab: every change request with its impact on scope,
 * schedule and cost (the client's form has no cost) and where it stands; the team
 * requests one, a manager approves or rejects it with a reason, and re-baselines the
 * plan after an approved one (milestones past their baseline move only that way).
 */
export function ChangesPanel({ context, changes, canRequest, canDecide }: { readonly context: ProjectContext; readonly changes: Changes; readonly canRequest: boolean; readonly canDecide: boolean }) {
  const { project, names } = context;
  const list = changes.list;
  const team = project.role !== 'client';
  const items = list === null ? [] : [...list.items].reverse();
  const approved = items.filter((c) => c.status === 'approved');
  const count = (status: ChangeRequestView['status']) => items.filter((c) => c.status === status).length;
  const approvedDays = approved.reduce((sum, c) => sum + c.impact.scheduleDays, 0);
  const approvedCost = approved.reduce((sum, c) => sum + (c.impact.costMinor ?? 0), 0);
  return (
    <section className="card changes" aria-labelledby="changes-title">
      <div className="milestones-head">
        <h2 id="changes-title">Change requests</h2>
        {list !== null && (
          <span className="muted small" data-testid="changes-summary">
            {list.baseline === null ? 'No baseline yet' : `Baseline ${list.baseline.number}`} · {count('requested')} awaiting a decision · {count('approved')} approved · {count('rejected')} rejected
          </span>
        )}
      </div>
      {changes.error !== null && (
        <p className="error" role="alert">
          The change requests cannot be shown: {changes.error}
        </p>
      )}
      {list === null && changes.error === null && <p className="muted" role="status">Loading the change requests…</p>}
      {list !== null && approved.length > 0 && (
        <p className="changes-total" data-testid="changes-approved-total">
          Approved so far: {signedDays(approvedDays)}
          {team && `, ${signedMoney(approvedCost, project.currency)}`}.
        </p>
      )}
      {list !== null && items.length === 0 && <p className="muted">No change requests yet. The scope, schedule and budget stand as baselined.</p>}
      {items.length > 0 && (
        <ul className="change-list" aria-label="Change requests, newest first">
          {items.map((c) => (
            <ChangeItem key={c.changeId} change={c} projectId={project.id} currency={project.currency} names={names} team={team} canDecide={canDecide} />
          ))}
        </ul>
      )}
      {canRequest && <RequestChange projectId={project.id} currency={project.currency} />}
      {canDecide && list !== null && list.baseline !== null && <Rebaseline projectId={project.id} list={list} />}
    </section>
  );
}

function ChangeItem({ change, projectId, currency, names, team, canDecide }: { readonly change: ChangeRequestView; readonly projectId: string; readonly currency: string; readonly names: ReadonlyMap<string, string>; readonly team: boolean; readonly canDecide: boolean }) {
  const titleId = useId();
  const who = (id: string | null) => (id === null ? null : (names.get(id) ?? 'someone no longer on the project'));
  return (
    <li className={`change-item status-${change.status}`} aria-labelledby={titleId} data-change-id={change.changeId}>
      <div className="change-head">
        <h3 id={titleId}>{change.title}</h3>
        <span className={`pill change-${change.status}`}>{STATUS_WORDS[change.status]}</span>
      </div>
      {change.description !== '' && <p className="change-description">{change.description}</p>}
      <dl className="change-impact">
        <div>
          <dt>Scope</dt>
          <dd>{change.impact.scope === '' ? '—' : change.impact.scope}</dd>
        </div>
        <div>
          <dt>Schedule</dt>
          <dd>{signedDays(change.impact.scheduleDays)}</dd>
        </div>
        {team && change.impact.costMinor !== undefined && (
          <div>
            <dt>Cost</dt>
            <dd>{signedMoney(change.impact.costMinor, currency)}</dd>
          </div>
        )}
      </dl>
      <p className="muted small">
        Requested by {who(change.requestedBy)}
        {change.status !== 'requested' && ` · ${change.status} by ${who(change.decidedBy)}`}
        {change.reason !== null && `: “${change.reason}”`}
      </p>
      {canDecide && change.status === 'requested' && <Decide projectId={projectId} change={change} />}
    </li>
  );
}

function Decide({ projectId, change }: { readonly projectId: string; readonly change: ChangeRequestView }) {
  const { api } = useApp();
  const id = useId();
  const [reason, setReason] = useState('');
  const form = useSubmit();
  // Which button sent the form says the decision (Enter in the reason approves, the form's first button).
  const decide = (event: FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const decision = submitter instanceof HTMLButtonElement && submitter.value === 'reject' ? 'reject' : 'approve';
    form.submit(async () => {
      await api.request('PATCH', `/projects/${projectId}/changes/${change.changeId}`, { body: { decision, reason } });
    }, `“${change.title}” ${decision === 'approve' ? 'approved' : 'rejected'}.`)(event);
  };
  return (
    <form className="change-decide" aria-label={`Decide on ${change.title}`} onSubmit={decide}>
      <div className="field grow">
        <label htmlFor={`${id}-reason`}>Reason for the decision</label>
        <input id={`${id}-reason`} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <div className="field actions">
        <button type="submit" name="decision" value="approve" className="button primary small" disabled={form.busy}>
          Approve
        </button>
        <button type="submit" name="decision" value="reject" className="button small" disabled={form.busy}>
          Reject
        </button>
      </div>
      <div className="field full">
        <Outcome outcome={form.outcome} />
      </div>
    </form>
  );
}

function RequestChange({ projectId, currency }: { readonly projectId: string; readonly currency: string }) {
  const { api } = useApp();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [scope, setScope] = useState('');
  const [days, setDays] = useState('0');
  const [cost, setCost] = useState('0');
  const form = useSubmit();
  const request = form.submit(async () => {
    const costMinor = parseMoney(cost);
    if (costMinor === null) throw new Error(`The cost impact is an amount in ${currency}, e.g. 1200 or -350.50.`);
    const body: RequestChangeRequest = { title, ...(description.trim() !== '' ? { description: description.trim() } : {}), impact: { scope, scheduleDays: Number(days), costMinor } };
    await api.request('POST', `/projects/${projectId}/changes`, { body });
    setTitle('');
    setDescription('');
    setScope('');
    setDays('0');
    setCost('0');
  }, `Change “${title.trim()}” requested; a manager decides on it.`);
  return (
    <div className="change-request">
      <button type="button" className="button small" aria-expanded={open} aria-controls={`${id}-form`} onClick={() => setOpen(!open)}>
        {open ? 'Close the request form' : 'Request a change'}
      </button>
      {open && (
        <form id={`${id}-form`} className="plan-add-form" aria-label="Request a change" onSubmit={request} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <div className="field grow">
            <label htmlFor={`${id}-title`}>Change title</label>
            <input id={`${id}-title`} required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} autoFocus />
          </div>
          <div className="field narrow">
            <label htmlFor={`${id}-days`}>Schedule (days)</label>
            <input id={`${id}-days`} type="number" step={1} required value={days} onChange={(e) => setDays(e.target.value)} aria-describedby={`${id}-days-help`} />
          </div>
          <div className="field narrow">
            <label htmlFor={`${id}-cost`}>Cost ({currency})</label>
            <input id={`${id}-cost`} inputMode="decimal" required value={cost} onChange={(e) => setCost(e.target.value)} aria-describedby={`${id}-days-help`} />
          </div>
          <p id={`${id}-days-help`} className="muted small field full">
            How many days the schedule moves and what it costs; negative when it brings the date forward or saves.
          </p>
          <div className="field full">
            <label htmlFor={`${id}-scope`}>Scope impact</label>
            <input id={`${id}-scope`} maxLength={2000} value={scope} onChange={(e) => setScope(e.target.value)} />
          </div>
          <div className="field full">
            <label htmlFor={`${id}-description`}>Why (description)</label>
            <textarea id={`${id}-description`} rows={2} maxLength={5000} value={description} onChange={(e) => setDescription(e.target.value)} />
          </div>
          <FormFooter form={form} label="Request change" busyLabel="Sending…" />
        </form>
      )}
      {!open && <Outcome outcome={form.outcome} />}
    </div>
  );
}

function Rebaseline({ projectId, list }: { readonly projectId: string; readonly list: ChangeList }) {
  const { api } = useApp();
  const id = useId();
  const approved = list.items.filter((c) => c.status === 'approved');
  // Suggested: the latest approved change requested after the one the current baseline follows (none once it is baselined).
  const after = list.baseline?.changeId == null ? -1 : list.items.findIndex((c) => c.changeId === list.baseline?.changeId);
  const latest = list.items.filter((c, i) => i > after && c.status === 'approved').at(-1);
  const [choice, setChoice] = useState<string | null>(null);
  const changeId = choice ?? latest?.changeId ?? '';
  const [reason, setReason] = useState('');
  const form = useSubmit();
  const rebaseline = form.submit(async () => {
    await api.request('POST', `/projects/${projectId}/baseline`, { body: { reason, changeId: changeId === '' ? null : changeId } });
    setReason('');
  }, `The plan as it stands is baseline ${(list.baseline?.number ?? 0) + 1}.`);
  return (
    <form className="plan-add-form rebaseline" aria-label="Re-baseline the plan" onSubmit={rebaseline}>
      <h3 className="field full">Re-baseline the plan</h3>
      <p className="muted small field full">
        The plan’s dates as they stand now become baseline {(list.baseline?.number ?? 0) + 1}: milestones and tasks are measured against them from then on. A new baseline follows an approved change request.
      </p>
      <div className="field grow">
        <label htmlFor={`${id}-change`}>After the change</label>
        <select id={`${id}-change`} value={changeId} onChange={(e) => setChoice(e.target.value)}>
          <option value="">None cited</option>
          {approved.map((c) => (
            <option key={c.changeId} value={c.changeId}>
              {c.title}
              {c.changeId === list.baseline?.changeId ? ' (the current baseline follows it)' : ''}
            </option>
          ))}
        </select>
      </div>
      <div className="field grow">
        <label htmlFor={`${id}-reason`}>Reason</label>
        <input id={`${id}-reason`} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <FormFooter form={form} label="Re-baseline" busyLabel="Saving…" primary={false} />
    </form>
  );
}
