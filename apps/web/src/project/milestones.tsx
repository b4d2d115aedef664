import type { BoardMilestone, BoardView, ChangeRequestView } from '@app/contracts';
import { MilestoneEditor } from '../plan/milestone-editor';
import { date, today } from '../format';
import { dayNumber } from './earned-value-series';

/** Days from `a` to `b` (YYYY-MM-DD). */
const days = (a: string, b: string): number => dayNumber(b) - dayNumber(a);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export interface MilestoneState {
  readonly level: 'good' | 'watch' | 'poor' | 'none';
  /** Reached or not, and against its date. */
  readonly status: string;
  /** Its due date against the baseline's; `null` when never baselined. */
  readonly variance: string | null;
}

/** Where a milestone stands: reached (on time or late), due, or overdue; and how its date moved from the baseline. */
export function milestoneState(m: BoardMilestone, now: string): MilestoneState {
  const slip = m.baselineDueDate === null ? null : days(m.baselineDueDate, m.dueDate);
  const variance = slip === null ? null : slip === 0 ? 'on its baseline date' : slip > 0 ? `${plural(slip, 'day')} later than the baseline (${date(m.baselineDueDate)})` : `${plural(-slip, 'day')} earlier than the baseline (${date(m.baselineDueDate)})`;
  const against = m.baselineDueDate ?? m.dueDate;
  if (m.reachedOn !== null) {
    const late = days(against, m.reachedOn);
    return { level: late > 0 ? 'watch' : 'good', status: late > 0 ? `Reached ${date(m.reachedOn)}, ${plural(late, 'day')} late` : `Reached ${date(m.reachedOn)}, on time`, variance };
  }
  const left = days(now, m.dueDate);
  if (left < 0) return { level: 'poor', status: `Not reached: overdue by ${plural(-left, 'day')}`, variance };
  return { level: slip !== null && slip > 0 ? 'watch' : 'none', status: left === 0 ? 'Due today' : `Due in ${plural(left, 'day')}`, variance };
}

/** Every milestone of the plan in date order, on a timeline and as a list: dates, baseline variance, reached or not. */
export function Milestones({ board, edit }: { readonly board: BoardView; readonly edit?: { readonly projectId: string; readonly approved: readonly ChangeRequestView[] } }) {
  const milestones = Object.values(board.milestones).sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.name.localeCompare(b.name));
  if (milestones.length === 0) return null;
  const now = today();
  const dates = milestones.flatMap((m) => [m.dueDate, m.baselineDueDate, m.reachedOn].filter((d): d is string => d !== null)).concat(now);
  const first = dates.reduce((a, b) => (a < b ? a : b));
  const last = dates.reduce((a, b) => (a > b ? a : b));
  const span = Math.max(1, days(first, last));
  const at = (d: string) => `${((days(first, d) / span) * 100).toFixed(2)}%`;
  const rate = board.figures.onTimeMilestoneRate;
  return (
    <section className="card milestones-card" aria-labelledby="milestones-title">
      <div className="milestones-head">
        <h2 id="milestones-title">Milestones</h2>
        <span className="muted small">
          {milestones.filter((m) => m.reachedOn !== null).length} of {milestones.length} reached
          {rate !== null && ` · ${Math.round(rate * 100)}% on time`}
        </span>
      </div>
      <div className="timeline" aria-hidden="true">
        <span className="timeline-axis" />
        <span className="timeline-today" style={{ left: at(now) }}>
          <span>today</span>
        </span>
        {milestones.map((m) => (
          <span key={m.milestoneId} className={`timeline-mark ${m.reachedOn !== null ? 'reached' : milestoneState(m, now).level}`} style={{ left: at(m.reachedOn ?? m.dueDate) }} title={m.name}>
            ◆
          </span>
        ))}
      </div>
      <ul className="milestone-table" aria-label="Milestones in date order">
        {milestones.map((m) => {
          const state = milestoneState(m, now);
          const phase = m.phaseId === null ? null : (board.phases[m.phaseId]?.name ?? null);
          return (
            <li key={m.milestoneId} className={`milestone-row level-${state.level}${edit === undefined ? '' : ' editable'}`} data-milestone-id={m.milestoneId}>
              <span className={`diamond ${m.reachedOn !== null ? 'reached' : ''}`} aria-hidden="true">
                ◆
              </span>
              <span className="milestone-main">
                <span className="milestone-name">{m.name}</span>
                <span className="muted small">
                  {phase !== null && `${phase} · `}due {date(m.dueDate)}
                  {state.variance !== null && ` · ${state.variance}`}
                </span>
              </span>
              <span className={`milestone-status level-${state.level}`}>{state.status}</span>
              {edit !== undefined && <MilestoneEditor projectId={edit.projectId} milestone={m} approved={edit.approved} />}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
