import { useId } from 'react';
import type { BudgetView } from '@app/contracts';
import { ticks, useWidth } from '../charts/use-width';
import { date, money } from '../format';
import { burnSeries, dayDate, monthEnds, valueAt, type Point } from './earned-value-series';
import { useEarnedHistory } from './use-earned-history';

const HEIGHT = 280;
const PAD = { top: 16, right: 16, bottom: 34, left: 64 };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Money on an axis: short (€50K). */
function compact(amountMinor: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(amountMinor / 100);
  } catch {
    return `${Math.round(amountMinor / 100)}`;
  }
}

/**
 * The burn chart: planned value over the plan's days (dashed), the actual cost as it
 * accrued (solid), earned value at the as-of date (a diamond), against the budget (BAC,
 * dotted). Told by line style and markers as well as colour; a caption says what it
 * shows, and a table (visually hidden) gives every month's figures to screen readers.
 */
export function BurnChart({ view, currency, createdAt }: { readonly view: BudgetView; readonly currency: string; readonly createdAt: string | undefined }) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const captionId = useId();
  const history = useEarnedHistory(view.projectId, createdAt, view.asOf);
  const series = burnSeries(view);
  if (series === null) return <p className="muted">Nothing to chart yet: give the tasks dates, or record a cost.</p>;
  const ev = view.figures.earnedValue;
  const top = Math.max(series.bacMinor, ...series.actual.map((p) => p.minor), ev.evMinor, 1) * 1.08;
  const innerW = width - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (day: number) => PAD.left + ((day - series.from) / Math.max(1, series.to - series.from)) * innerW;
  const y = (minor: number) => PAD.top + innerH - (Math.max(0, minor) / top) * innerH;
  const line = (points: readonly Point[], stepped: boolean) =>
    points
      .map((p, i) => {
        if (i === 0) return `M${x(p.day).toFixed(1)},${y(p.minor).toFixed(1)}`;
        return stepped ? `H${x(p.day).toFixed(1)}V${y(p.minor).toFixed(1)}` : `L${x(p.day).toFixed(1)},${y(p.minor).toFixed(1)}`;
      })
      .join('');
  // The actual cost holds its last value up to the as-of date (or the chart's end).
  const actualEnd = series.asOf ?? series.to;
  const lastActual = series.actual[series.actual.length - 1];
  const actualPoints = lastActual !== undefined && lastActual.day < actualEnd ? [...series.actual, { day: actualEnd, minor: lastActual.minor }] : series.actual;
  // Earned value: as it stood at the end of each past week, then now.
  const earnedPoints: Point[] = [...history.points.filter((p) => p.day >= series.from && p.day < (series.earned?.day ?? Infinity)), ...(series.earned === null ? [] : [series.earned])];
  const yTicks = ticks(0, top, 4);
  const monthTicks: Array<{ day: number; label: string }> = [];
  const minGap = 44;
  for (const end of monthEnds(series.from, series.to)) {
    const first = end + 1;
    if (first > series.to) continue;
    const d = new Date(first * 86_400_000);
    const label = d.getUTCMonth() === 0 || monthTicks.length === 0 ? `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` : MONTHS[d.getUTCMonth()]!;
    const previous = monthTicks[monthTicks.length - 1];
    if (previous === undefined || x(first) - x(previous.day) >= minGap + (previous.label.length > 3 ? 20 : 0)) monthTicks.push({ day: first, label });
  }
  const rows = monthEnds(series.from, series.to).map((day) => ({
    day,
    planned: valueAt(series.planned, day),
    actual: valueAt(series.actual, Math.min(day, actualEnd)),
  }));

  return (
    <figure className="chart burn-chart" aria-labelledby={captionId}>
      <div ref={ref} className="chart-canvas">
        <svg width="100%" height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-labelledby={captionId} data-testid="burn-chart">
          {yTicks.map((tick) => (
            <g key={tick} className="grid">
              <line x1={PAD.left} x2={width - PAD.right} y1={y(tick)} y2={y(tick)} />
              <text x={PAD.left - 8} y={y(tick)} dy="0.32em" textAnchor="end">
                {compact(tick, currency)}
              </text>
            </g>
          ))}
          {monthTicks.map((tick) => (
            <g key={tick.day} className="grid">
              <line x1={x(tick.day)} x2={x(tick.day)} y1={PAD.top + innerH} y2={PAD.top + innerH + 5} />
              <text x={x(tick.day)} y={PAD.top + innerH + 20} textAnchor="middle">
                {tick.label}
              </text>
            </g>
          ))}
          <line className="axis" x1={PAD.left} x2={width - PAD.right} y1={PAD.top + innerH} y2={PAD.top + innerH} />
          {series.bacMinor > 0 && (
            <g className="series-bac">
              <line x1={PAD.left} x2={width - PAD.right} y1={y(series.bacMinor)} y2={y(series.bacMinor)} />
              <text x={PAD.left + 4} y={y(series.bacMinor) - 6}>
                Budget {compact(series.bacMinor, currency)}
              </text>
            </g>
          )}
          <path className="series-planned" d={line(series.planned, false)} />
          {actualPoints.length > 0 && <path className="series-actual" d={line(actualPoints, true)} />}
          {series.asOf !== null && (
            <g className="as-of">
              <line x1={x(series.asOf)} x2={x(series.asOf)} y1={PAD.top} y2={PAD.top + innerH} />
              <text x={x(series.asOf) + (x(series.asOf) > width - 90 ? -4 : 4)} y={PAD.top + 10} textAnchor={x(series.asOf) > width - 90 ? 'end' : 'start'}>
                as of {date(dayDate(series.asOf))}
              </text>
            </g>
          )}
          {earnedPoints.length > 1 && <path className="series-earned-line" d={line(earnedPoints, false)} />}
          {earnedPoints.map((p) => (
            <g key={p.day} className="series-earned">
              <path d={`M${x(p.day)},${y(p.minor) - (p === series.earned ? 7 : 4.5)}l${p === series.earned ? '7,7l-7,7l-7,-7' : '4.5,4.5l-4.5,4.5l-4.5,-4.5'}z`} />
            </g>
          ))}
        </svg>
      </div>
      <ul className="legend" aria-hidden="true">
        <li>
          <span className="swatch swatch-planned" /> Planned value
        </li>
        <li>
          <span className="swatch swatch-actual" /> Actual cost
        </li>
        <li>
          <span className="swatch swatch-earned" /> Earned value{history.points.length > 0 ? ' (each week, and now)' : ' (now)'}
        </li>
        <li>
          <span className="swatch swatch-bac" /> Budget
        </li>
      </ul>
      <figcaption id={captionId}>
        Burn against plan: by {date(series.asOf === null ? null : dayDate(series.asOf))} the plan called for {money(ev.pvMinor, currency)} of work, {money(ev.evMinor, currency)} was earned and{' '}
        {money(ev.acMinor, currency)} spent, of a budget of {money(ev.bacMinor, currency)}.
      </figcaption>
      {history.error !== null && <p className="muted small">Earned value before today is not shown: {history.error}</p>}
      <div className="visually-hidden">
        {earnedPoints.length > 1 && (
          <table>
            <caption>Earned value as it stood</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Earned value</th>
              </tr>
            </thead>
            <tbody>
              {earnedPoints.map((p) => (
                <tr key={p.day}>
                  <th scope="row">{date(dayDate(p.day))}</th>
                  <td>{money(p.minor, currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <table>
          <caption>Planned value and actual cost at the end of each month</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Planned value</th>
              <th scope="col">Actual cost</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.day}>
                <th scope="row">{date(dayDate(row.day))}</th>
                <td>{money(row.planned, currency)}</td>
                <td>{money(row.actual, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
