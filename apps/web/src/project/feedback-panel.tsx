import { useState } from 'react';
import { FEEDBACK_KINDS, type FeedbackKind } from '@app/contracts';
import { useApp, useLiveView } from '../app-context';
import { date } from '../format';
import { Outcome, useSubmit } from '../ui/use-submit';
import { AnswerFeedback, duration, ResponseTiming } from './feedback-answer';
import type { ProjectContext } from './project-context';
import { SatisfactionSection } from './satisfaction';

const KIND_LABELS: Record<FeedbackKind, string> = { request: 'Request', issue: 'Issue', question: 'Question', praise: 'Praise' };
const WRITERS = new Set(['manager', 'member', 'client']);
const ANSWERERS = new Set(['manager', 'member']);

/** The client's feedback, live, and the form to send more (the client; the team logs it for them). */
export function FeedbackPanel({ context }: { readonly context: ProjectContext }) {
  const { project, names } = context;
  const { api } = useApp();
  const feedback = useLiveView(project.id, 'feedback');
  const [kind, setKind] = useState<FeedbackKind>('request');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const form = useSubmit();
  const submit = form.submit(async () => {
    await api.request('POST', `/projects/${project.id}/feedback`, { body: { kind, subject: subject.trim(), ...(body.trim() ? { body: body.trim() } : {}) } });
    setSubject('');
    setBody('');
  }, 'Thank you: your feedback was sent to the team.');

  const items = feedback.data === null ? [] : Object.values(feedback.data.items).sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  const figures = feedback.data?.figures;
  const now = Date.now();
  return (
    <div className="feedback-page">
      {feedback.data !== null && <SatisfactionSection projectId={project.id} view={feedback.data} isClient={project.role === 'client'} names={names} />}
      <div className="two-columns">
        <section aria-labelledby="feedback-title" className="card">
          <h2 id="feedback-title">Feedback</h2>
          {figures !== undefined && (
            <dl className="response-figures" aria-label="Response figures">
              <div>
                <dt>Open</dt>
                <dd>
                  {figures.open} of {figures.items}
                </dd>
              </div>
              <div>
                <dt>Overdue</dt>
                <dd className={figures.overdue > 0 ? 'error' : undefined}>{figures.overdue}</dd>
              </div>
              <div>
                <dt>First answer</dt>
                <dd>
                  {figures.averageResponseHours === null ? '—' : `${duration(figures.averageResponseHours)} on average`}
                  <span className="muted small"> target {figures.responseTargetHours} h</span>
                </dd>
              </div>
              <div>
                <dt>Within target</dt>
                <dd>{figures.withinTargetShare === null ? '—' : `${Math.round(figures.withinTargetShare * 100)}%`}</dd>
              </div>
              <div>
                <dt>Resolution</dt>
                <dd>{figures.averageResolutionHours === null ? '—' : `${duration(figures.averageResolutionHours)} on average`}</dd>
              </div>
            </dl>
          )}
          {feedback.data === null ? (
            <p className="muted" role="status">Loading feedback…</p>
          ) : items.length === 0 ? (
            <p className="muted">No feedback yet.</p>
          ) : (
            <ul className="feedback-list" aria-label="Feedback items">
              {items.map((item) => (
                <li key={item.feedbackId} className="feedback-item">
                  <div className="feedback-head">
                    <span className={`pill kind-${item.kind}`}>{KIND_LABELS[item.kind]}</span>
                    <strong className="feedback-subject">{item.subject}</strong>
                    <span className={`pill state-${item.status}`}>{item.status}</span>
                  </div>
                  {item.body.length > 0 && <p className="feedback-body">{item.body}</p>}
                  <p className="muted small">
                    {names.get(item.submittedBy) ?? 'Client'} · {date(item.submittedAt)}
                  </p>
                  {item.responses.map((response, index) => (
                    <blockquote key={index} className="response">
                      {response.response}
                      <footer className="muted small">
                        {names.get(response.respondedBy) ?? 'The team'} · {date(response.at)}
                      </footer>
                    </blockquote>
                  ))}
                  {item.resolution !== null && <p className="small resolution">Resolved: {item.resolution}</p>}
                  {figures !== undefined && <ResponseTiming item={item} targetHours={figures.responseTargetHours} now={now} />}
                  {ANSWERERS.has(project.role) && <AnswerFeedback projectId={project.id} item={item} />}
                </li>
              ))}
            </ul>
          )}
        </section>
        {WRITERS.has(project.role) && (
          <section aria-labelledby="send-feedback-title" className="card">
            <h2 id="send-feedback-title">{project.role === 'client' ? 'Send feedback' : 'Log feedback for the client'}</h2>
            <form onSubmit={submit} className="stack">
              <label htmlFor="feedback-kind">Kind</label>
              <select id="feedback-kind" value={kind} onChange={(e) => setKind(e.target.value as FeedbackKind)}>
                {FEEDBACK_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABELS[k]}
                  </option>
                ))}
              </select>
              <label htmlFor="feedback-subject">Subject</label>
              <input id="feedback-subject" required maxLength={200} value={subject} onChange={(e) => setSubject(e.target.value)} />
              <label htmlFor="feedback-body">Details (optional)</label>
              <textarea id="feedback-body" rows={4} maxLength={10_000} value={body} onChange={(e) => setBody(e.target.value)} />
              <Outcome outcome={form.outcome} />
              <button type="submit" className="button primary" disabled={form.busy || subject.trim().length === 0}>
                {form.busy ? 'Sending…' : 'Send feedback'}
              </button>
            </form>
          </section>
        )}
      </div>
    </div>
  );
}
