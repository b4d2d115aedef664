import { useState } from 'react';
import type { AnswerFeedbackRequest, FeedbackItem } from '@app/contracts';
import { useApp } from '../app-context';
import { Outcome, useSubmit } from '../ui/use-submit';

const HOUR_MS = 3_600_000;

/** A duration in hours, as people say it: "40 min", "5 h", "2 d 3 h". */
export function duration(hours: number): string {
  const abs = Math.abs(hours);
  if (abs < 1) return `${Math.max(1, Math.round(abs * 60))} min`;
  if (abs < 48) return `${Math.round(abs)} h`;
  const days = Math.floor(abs / 24);
  const rest = Math.round(abs - days * 24);
  return rest === 0 ? `${days} d` : `${days} d ${rest} h`;
}

/**
 * How an item stands against the response target: answered within it or not,
 * or still open and due in, or overdue by; and how long resolving it took.
 * Praise asks for no answer, so it is not measured.
 */
export function ResponseTiming({ item, targetHours, now }: { readonly item: FeedbackItem; readonly targetHours: number; readonly now: number }) {
  if (item.kind === 'praise') return null;
  const submitted = Date.parse(item.submittedAt);
  const first = item.responses[0];
  const parts: Array<{ text: string; level: 'good' | 'poor' | 'watch' }> = [];
  if (first !== undefined) {
    const hours = (Date.parse(first.at) - submitted) / HOUR_MS;
    parts.push(
      hours <= targetHours
        ? { text: `First answer in ${duration(hours)}, within the ${targetHours} h target`, level: 'good' }
        : { text: `First answer in ${duration(hours)}, ${duration(hours - targetHours)} over the ${targetHours} h target`, level: 'poor' },
    );
  } else if (item.status !== 'resolved') {
    const left = targetHours - (now - submitted) / HOUR_MS;
    parts.push(left >= 0 ? { text: `Awaiting an answer: due within ${duration(left)} (target ${targetHours} h)`, level: 'watch' } : { text: `Overdue: no answer for ${duration(targetHours - left)} (target ${targetHours} h)`, level: 'poor' });
  }
  if (item.resolvedAt !== null && item.resolvedAt !== undefined) parts.push({ text: `Resolved in ${duration((Date.parse(item.resolvedAt) - submitted) / HOUR_MS)}`, level: 'good' });
  return (
    <ul className="timing" aria-label="Response times">
      {parts.map((part) => (
        <li key={part.text} className={`timing-${part.level}`}>
          <span aria-hidden="true">{part.level === 'good' ? '✓' : part.level === 'poor' ? '!' : '…'}</span> {part.text}
        </li>
      ))}
    </ul>
  );
}

/** The team answers an item, resolves it, or both at once (`PATCH …/feedback/:id`). */
export function AnswerFeedback({ projectId, item }: { readonly projectId: string; readonly item: FeedbackItem }) {
  const { api } = useApp();
  const [open, setOpen] = useState(false);
  const [response, setResponse] = useState('');
  const [resolves, setResolves] = useState(false);
  const [resolution, setResolution] = useState('');
  const form = useSubmit();
  const idBase = `answer-${item.feedbackId}`;
  const send = form.submit(async () => {
    const body: AnswerFeedbackRequest = {
      ...(response.trim() ? { response: response.trim() } : {}),
      ...(resolves ? { resolution: resolution.trim() } : {}),
    };
    if (body.response === undefined && body.resolution === undefined) throw new Error('Write an answer, or say how it was resolved.');
    await api.request('PATCH', `/projects/${projectId}/feedback/${item.feedbackId}`, { body });
    setResponse('');
    setResolution('');
    setResolves(false);
    setOpen(false);
  }, resolves ? 'Resolved: the client sees it now.' : 'Answer sent: the client sees it now.');

  if (item.status === 'resolved') return <Outcome outcome={form.outcome} />;
  if (!open)
    return (
      <div className="actions">
        <button type="button" className="button small" onClick={() => setOpen(true)} aria-label={`Respond to “${item.subject}”`}>
          Respond
        </button>
        <Outcome outcome={form.outcome} />
      </div>
    );
  return (
    <form className="stack answer-form" onSubmit={send} aria-label={`Respond to “${item.subject}”`}>
      <label htmlFor={`${idBase}-response`}>Answer to the client</label>
      <textarea id={`${idBase}-response`} rows={3} maxLength={10_000} autoFocus value={response} onChange={(e) => setResponse(e.target.value)} />
      <label className="check">
        <input type="checkbox" checked={resolves} onChange={(e) => setResolves(e.target.checked)} /> This resolves it
      </label>
      {resolves && (
        <>
          <label htmlFor={`${idBase}-resolution`}>How it was resolved</label>
          <textarea id={`${idBase}-resolution`} rows={2} maxLength={10_000} required value={resolution} onChange={(e) => setResolution(e.target.value)} />
        </>
      )}
      <Outcome outcome={form.outcome} />
      <div className="actions">
        <button type="submit" className="button primary small" disabled={form.busy}>
          {form.busy ? 'Sending…' : resolves ? 'Send and resolve' : 'Send answer'}
        </button>
        <button type="button" className="button subtle small" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
