import { useState } from 'react';
import type { AcceptanceQualityView, AcceptanceRequest, AcceptanceState } from '@app/contracts';
import { ApiError } from '../api/client';
import { useApp, useLiveView } from '../app-context';
import { date } from '../format';
import type { ProjectContext } from './project-context';

const STATUS_WORDS = { pass: 'Passed', fail: 'Failed', waived: 'Waived', unchecked: 'Not checked yet' } as const;
const STATUS_MARKS = { pass: '✓', fail: '✗', waived: '–', unchecked: '?' } as const;
/** The latest check of a standard, in words: "Checked 27 Nov 2026: measured p95 1.6 s". */
function latestCheck(standard: AcceptanceQualityView['standards'][string]): string | null {
  const check = standard.checks?.[standard.checks.length - 1];
  if (check === undefined) return null;
  return `Checked ${date(check.at)}${check.measured.length > 0 ? `: measured ${check.measured}` : ''}`;
}

const NO_ACCEPTANCE: AcceptanceState = { status: 'pending', answers: [], closed: false };

/**
 * Acceptance of the delivery (DOMAIN.md 14), live from the `quality` view: where it
 * stands, the quality standards it waits on, and every answer; the client accepts or
 * refuses. A refused acceptance shows the server's reason as it gave it.
 */
export function AcceptancePanel({ context }: { readonly context: ProjectContext }) {
  const { project, names } = context;
  const quality = useLiveView(project.id, 'quality');
  if (quality.error !== null && quality.data === null) return <p className="error" role="alert">Acceptance cannot be shown: {quality.error}</p>;
  if (quality.data === null) return <p className="muted" role="status">Loading acceptance…</p>;
  const view = quality.data as unknown as AcceptanceQualityView;
  const acceptance = view.acceptance ?? NO_ACCEPTANCE;
  const standards = Object.values(view.standards ?? {}).sort((a, b) => a.deliverable.localeCompare(b.deliverable) || a.criterion.localeCompare(b.criterion));
  const open = new Set(view.figures.openStandards);
  const ready = standards.length - open.size;
  const last = acceptance.answers[acceptance.answers.length - 1];
  const who = (userId: string) => names.get(userId) ?? 'The client';

  return (
    <div className="acceptance" data-revision={quality.revision ?? undefined}>
      <section className={`card acceptance-state state-${acceptance.status}`} aria-labelledby="acceptance-title">
        <h2 id="acceptance-title">Acceptance of the delivery</h2>
        <p className="acceptance-status" data-testid="acceptance-status">
          <span className={`pill acceptance-${acceptance.status}`}>{acceptance.status === 'pending' ? 'Awaiting the client' : acceptance.status === 'accepted' ? 'Accepted' : 'Refused'}</span>
          {acceptance.closed && <span className="pill">Project closed</span>}
          {last !== undefined && (
            <span>
              {last.decision === 'accepted' ? 'Accepted' : 'Refused'} by {who(last.by)} on {date(last.at)}
              {last.comment.length > 0 && <>: “{last.comment}”</>}
            </span>
          )}
        </p>
        <p className="muted">
          {standards.length === 0
            ? 'No quality standard is defined: the client may accept at any time.'
            : open.size === 0
              ? `All ${standards.length} quality standards passed or were waived: the delivery can be accepted.`
              : `${ready} of ${standards.length} quality standards passed or were waived; acceptance waits on the other ${open.size}.`}
        </p>
        {project.role === 'client' && acceptance.status !== 'accepted' && !acceptance.closed && <AcceptanceForm projectId={project.id} criteria={new Map(standards.map((s) => [s.standardId, s.criterion]))} />}
      </section>
      <div className="two-columns">
        <section className="card" aria-labelledby="acceptance-standards-title">
          <h2 id="acceptance-standards-title">Quality standards</h2>
          {standards.length === 0 ? (
            <p className="muted">None defined.</p>
          ) : (
            <ul className="standard-list" aria-labelledby="acceptance-standards-title">
              {standards.map((s) => (
                <li key={s.standardId} className={`standard standard-${s.status}`}>
                  <span className="standard-mark" aria-hidden="true">
                    {STATUS_MARKS[s.status]}
                  </span>
                  <span className="standard-text">
                    <strong>{s.criterion}</strong> <span className="muted small">({s.deliverable}, {s.dimension})</span>
                    <span className="small">Threshold: {s.threshold}</span>
                    {latestCheck(s) !== null && <span className="small muted">{latestCheck(s)}</span>}
                  </span>
                  <span className={`pill standard-status-${s.status}`}>{STATUS_WORDS[s.status]}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="acceptance-history-title">
          <h2 id="acceptance-history-title">Answers</h2>
          {acceptance.answers.length === 0 ? (
            <p className="muted">The client has not answered yet.</p>
          ) : (
            <ol className="answer-list" reversed>
              {[...acceptance.answers].reverse().map((answer) => (
                <li key={answer.revision}>
                  <strong>{answer.decision === 'accepted' ? 'Accepted' : 'Refused'}</strong> by {who(answer.by)} · {date(answer.at)}
                  {answer.comment.length > 0 && <p className="answer-comment">{answer.comment}</p>}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </div>
  );
}

/** The client's answer: accept (with an optional comment), or refuse with the reasons. */
function AcceptanceForm({ projectId, criteria }: { readonly projectId: string; readonly criteria: ReadonlyMap<string, string> }) {
  const { api } = useApp();
  const [decision, setDecision] = useState<AcceptanceRequest['decision']>('accept');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ detail: string; standards: string[] } | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function send(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setRefusal(null);
    setDone(null);
    try {
      const body: AcceptanceRequest = { decision, ...(note.trim() ? { note: note.trim() } : {}) };
      await api.request('POST', `/projects/${projectId}/acceptance`, { body });
      setDone(decision === 'accept' ? 'Thank you: the delivery is accepted.' : 'Your refusal and its reasons were sent to the team.');
      setNote('');
    } catch (failure) {
      const problem = failure instanceof ApiError ? failure.problem : null;
      const standards = Array.isArray(problem?.standards) ? (problem.standards as unknown[]).filter((id): id is string => typeof id === 'string') : [];
      setRefusal({ detail: failure instanceof Error ? failure.message : 'Not sent.', standards });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack acceptance-form" onSubmit={(event) => void send(event)} aria-labelledby="acceptance-form-title">
      <h3 id="acceptance-form-title">Your answer</h3>
      <fieldset className="choice">
        <legend className="visually-hidden">Accept or refuse the delivery</legend>
        <label className="check">
          <input type="radio" name="acceptance" checked={decision === 'accept'} onChange={() => setDecision('accept')} /> Accept the delivery
        </label>
        <label className="check">
          <input type="radio" name="acceptance" checked={decision === 'refuse'} onChange={() => setDecision('refuse')} /> Refuse it, with the reasons
        </label>
      </fieldset>
      <label htmlFor="acceptance-note">{decision === 'accept' ? 'Comment (optional)' : 'Reasons for refusing'}</label>
      <textarea id="acceptance-note" rows={3} maxLength={10_000} required={decision === 'refuse'} value={note} onChange={(e) => setNote(e.target.value)} />
      {refusal !== null && (
        <div className="error refusal" role="alert">
          <p>{refusal.detail}</p>
          {refusal.standards.length > 0 && (
            <>
              <p>Still open:</p>
              <ul>
                {refusal.standards.map((id) => (
                  <li key={id}>{criteria.get(id) ?? id}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {done !== null && (
        <p className="success" role="status">
          {done}
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Sending…' : decision === 'accept' ? 'Accept the delivery' : 'Refuse the delivery'}
      </button>
    </form>
  );
}
