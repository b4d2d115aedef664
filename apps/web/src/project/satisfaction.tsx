import { useState } from 'react';
import type { FeedbackView, SurveyRequest } from '@app/contracts';
import { useApp } from '../app-context';
import { TrendChart } from '../charts/trend-chart';
import { date } from '../format';
import { Outcome, useSubmit } from '../ui/use-submit';

const CSAT_WORDS = ['', 'Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'] as const;

const npsWord = (nps: number): string =>
  nps >= 50 ? 'excellent' : nps > 0 ? 'more promoters than detractors' : nps === 0 ? 'as many promoters as detractors' : 'more detractors than promoters';

/** Satisfaction (CSAT 1–5, NPS), month by month, live; the client answers a survey. */
export function SatisfactionSection({ projectId, view, isClient, names }: { readonly projectId: string; readonly view: FeedbackView; readonly isClient: boolean; readonly names: ReadonlyMap<string, string> }) {
  const { figures } = view;
  const surveyed = figures.trend.filter((month) => month.surveys > 0);
  const surveys = Object.values(view.surveys ?? {}).sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section className="card satisfaction" aria-labelledby="satisfaction-title">
      <h2 id="satisfaction-title">Satisfaction</h2>
      <dl className="figures satisfaction-figures" aria-label="Satisfaction figures">
        <div>
          <dt>CSAT</dt>
          <dd data-testid="csat-average">{figures.csatAverage === null ? '—' : `${figures.csatAverage.toFixed(2)} / 5`}</dd>
        </div>
        <div>
          <dt>NPS</dt>
          <dd data-testid="nps">
            {figures.nps === null ? '—' : `${figures.nps > 0 ? '+' : ''}${figures.nps}`}
            {figures.nps !== null && <span className="muted small">{npsWord(figures.nps)}</span>}
          </dd>
        </div>
        <div>
          <dt>Surveys</dt>
          <dd data-testid="survey-count">{figures.surveys}</dd>
        </div>
      </dl>
      {surveyed.length === 0 ? (
        <p className="muted">No survey answered yet.</p>
      ) : (
        <div className="trend-pair">
          <TrendChart
            className="trend-csat"
            title="CSAT"
            caption={`Customer satisfaction (CSAT, 1 to 5), mean of each month’s surveys; ${figures.csatAverage?.toFixed(2) ?? '—'} overall.`}
            points={surveyed.map((m) => ({ month: m.month, value: m.csatAverage }))}
            min={1}
            max={5}
            gridValues={[1, 2, 3, 4, 5]}
            format={(v) => (Number.isInteger(v) ? String(v) : v.toFixed(1))}
          />
          <TrendChart
            className="trend-nps"
            title="NPS"
            caption={`Net promoter score (promoters 9–10 minus detractors 0–6, in %), each month; ${figures.nps ?? '—'} overall.`}
            points={surveyed.map((m) => ({ month: m.month, value: m.nps }))}
            min={-100}
            max={100}
            gridValues={[-100, -50, 0, 50, 100]}
            format={(v) => `${v > 0 ? '+' : ''}${v}`}
          />
        </div>
      )}
      {surveys.length > 0 && (
        <details className="history survey-answers">
          <summary>Answers ({surveys.length})</summary>
          <ol>
            {surveys.map((s) => (
              <li key={s.surveyId}>
                {date(s.at)} · CSAT {s.csat} ({CSAT_WORDS[s.csat] ?? ''}) · NPS answer {s.nps} of 10{names.get(s.respondedBy) ? ` · ${names.get(s.respondedBy)}` : ''}
                {s.comment.length > 0 && <q className="survey-comment">{s.comment}</q>}
              </li>
            ))}
          </ol>
        </details>
      )}
      {isClient && <SurveyForm projectId={projectId} />}
    </section>
  );
}

/** The client's survey: how satisfied (1–5) and how likely to recommend (0–10), with a comment. Radio groups, so it is all keyboard. */
function SurveyForm({ projectId }: { readonly projectId: string }) {
  const { api } = useApp();
  const [csat, setCsat] = useState<number | null>(null);
  const [nps, setNps] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const form = useSubmit();
  const send = form.submit(async () => {
    if (csat === null || nps === null) throw new Error('Choose a satisfaction from 1 to 5 and a likelihood from 0 to 10.');
    const body: SurveyRequest = { csat, nps, ...(comment.trim() ? { comment: comment.trim() } : {}) };
    await api.request('POST', `/projects/${projectId}/surveys`, { body });
    setCsat(null);
    setNps(null);
    setComment('');
  }, 'Thank you: your answers were sent to the team.');

  return (
    <form className="stack survey-form" onSubmit={send} aria-labelledby="survey-title">
      <h3 id="survey-title">How are we doing?</h3>
      <fieldset className="scale">
        <legend>How satisfied are you with the project so far?</legend>
        <div className="scale-options">
          {[1, 2, 3, 4, 5].map((value) => (
            <label key={value} className="scale-option">
              <input type="radio" name="csat" value={value} checked={csat === value} onChange={() => setCsat(value)} />
              <span className="scale-number">{value}</span>
              <span className="scale-word">{CSAT_WORDS[value]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="scale">
        <legend>How likely are you to recommend us to a colleague?</legend>
        <div className="scale-options nps-options">
          {Array.from({ length: 11 }, (_, value) => (
            <label key={value} className="scale-option">
              <input type="radio" name="nps" value={value} checked={nps === value} onChange={() => setNps(value)} aria-label={`${value}${value === 0 ? ', not at all likely' : value === 10 ? ', extremely likely' : ''}`} />
              <span className="scale-number" aria-hidden="true">
                {value}
              </span>
            </label>
          ))}
        </div>
        <p className="scale-ends muted small" aria-hidden="true">
          <span>0 · not at all likely</span>
          <span>10 · extremely likely</span>
        </p>
      </fieldset>
      <label htmlFor="survey-comment">Comment (optional)</label>
      <textarea id="survey-comment" rows={3} maxLength={5000} value={comment} onChange={(e) => setComment(e.target.value)} />
      <Outcome outcome={form.outcome} />
      <button type="submit" className="button primary" disabled={form.busy}>
        {form.busy ? 'Sending…' : 'Send answers'}
      </button>
    </form>
  );
}
