import type { BudgetView } from '@app/contracts';
import { date, money } from '../format';
import { BurnChart } from './burn-chart';

type Level = 'good' | 'watch' | 'poor' | 'none';

interface Figure {
  readonly key: string;
  readonly abbr: string;
  readonly name: string;
  readonly value: string;
  readonly level: Level;
  readonly word: string;
  readonly explain: string;
}

/** An index (CPI, SPI) read as a person would: at 1 or above is on track, a little under is worth watching. */
const indexLevel = (value: number | null): Level => (value === null ? 'none' : value >= 0.95 ? 'good' : value >= 0.85 ? 'watch' : 'poor');

/** The earned value figures (docs/earned-value.md), each with what it means, and the burn chart. */
export function EarnedValueSection({ view, currency, createdAt }: { readonly view: BudgetView; readonly currency: string; readonly createdAt?: string | undefined }) {
  const ev = view.figures.earnedValue;
  const m = (minor: number | null) => (minor === null ? '—' : money(minor, currency));
  const figures: Figure[] = [
    {
      key: 'pv',
      abbr: 'PV',
      name: 'Planned value',
      value: m(ev.pvMinor),
      level: 'none',
      word: `${ev.percentPlanned}% of the work planned by now`,
      explain: 'The budget of the work the plan (its latest baseline) scheduled to be done by now.',
    },
    {
      key: 'ev',
      abbr: 'EV',
      name: 'Earned value',
      value: m(ev.evMinor),
      level: 'none',
      word: `${ev.percentComplete}% of the work done`,
      explain: 'The budget of the work actually done: the budget × the share of the plan completed.',
    },
    {
      key: 'ac',
      abbr: 'AC',
      name: 'Actual cost',
      value: m(ev.acMinor),
      level: 'none',
      word: view.figures.burnPercent === null ? 'no budget yet' : `${view.figures.burnPercent}% of the budget spent`,
      explain: 'What has been spent: every cost entry and correction.',
    },
    {
      key: 'cpi',
      abbr: 'CPI',
      name: 'Cost performance index',
      value: ev.cpi === null ? '—' : ev.cpi.toFixed(2),
      level: indexLevel(ev.cpi),
      word: ev.cpi === null ? 'no cost yet' : ev.cpi >= 1 ? 'within cost' : `over cost: ${m(-ev.cvMinor)} more than earned`,
      explain: 'EV ÷ AC: the value earned for each unit spent. Under 1 means the work costs more than planned.',
    },
    {
      key: 'spi',
      abbr: 'SPI',
      name: 'Schedule performance index',
      value: ev.spi === null ? '—' : ev.spi.toFixed(2),
      level: indexLevel(ev.spi),
      word: ev.spi === null ? 'nothing planned yet' : ev.spi >= 1 ? 'on or ahead of schedule' : `behind: ${m(-ev.svMinor)} of work late`,
      explain: 'EV ÷ PV: the work done for each unit of work planned. Under 1 means behind schedule.',
    },
    {
      key: 'eac',
      abbr: 'EAC',
      name: 'Estimate at completion',
      value: m(ev.eacMinor),
      level: ev.vacMinor === null ? 'none' : ev.vacMinor >= 0 ? 'good' : ev.vacMinor >= -ev.bacMinor * 0.05 ? 'watch' : 'poor',
      word:
        ev.vacMinor === null
          ? 'cannot be estimated until work is earned'
          : ev.vacMinor >= 0
            ? `${m(ev.vacMinor)} under the budget of ${m(ev.bacMinor)}`
            : `${m(-ev.vacMinor)} over the budget of ${m(ev.bacMinor)}`,
      explain: 'BAC ÷ CPI: what the whole project will cost if spending goes on as it has so far.',
    },
  ];

  return (
    <section className="card earned-value" aria-labelledby="earned-value-title">
      <h2 id="earned-value-title">Earned value</h2>
      <p className="muted small">
        Measured as of {date(view.figures.asOf)}, the date of the project’s latest change.
        {ev.unscheduledTasks > 0 && ` ${ev.unscheduledTasks} task${ev.unscheduledTasks === 1 ? ' has' : 's have'} no due date and count in earned value but not in the plan.`}
      </p>
      <BurnChart view={view} currency={currency} createdAt={createdAt} />
      <dl className="ev-figures" aria-label="Earned value figures">
        {figures.map((f) => (
          <div key={f.key} className={`ev-figure level-${f.level}`} data-figure={f.abbr}>
            <dt>
              <abbr title={f.name}>{f.abbr}</abbr> <span className="ev-name">{f.name}</span>
            </dt>
            <dd className="ev-value">{f.value}</dd>
            <dd className="ev-word">{f.word}</dd>
            <dd className="ev-explain muted small">{f.explain}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
