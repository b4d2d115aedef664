import { useId } from 'react';
import { useWidth } from './use-width';

export interface TrendPoint {
  /** YYYY-MM */
  readonly month: string;
  readonly value: number | null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-11" as people read it: "Nov 2026". */
export function monthLabel(month: string): string {
  const [year, m] = month.split('-');
  return `${MONTHS[Number(m) - 1] ?? m} ${year}`;
}

const PAD = { top: 14, right: 18, bottom: 30, left: 42 };

/**
 * One measure month by month: a line through the months that have a value, each
 * point with its value written beside it (so the chart is read without colour), a
 * caption, and a visually hidden table of every month for screen readers.
 */
export function TrendChart(props: {
  readonly title: string;
  readonly caption: string;
  readonly points: readonly TrendPoint[];
  readonly min: number;
  readonly max: number;
  readonly gridValues: readonly number[];
  readonly format: (value: number) => string;
  readonly className: string;
  readonly height?: number;
}) {
  const { points, min, max, format } = props;
  const height = props.height ?? 170;
  const [ref, width] = useWidth<HTMLDivElement>(480);
  const captionId = useId();
  const innerW = width - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length <= 1 ? innerW / 2 : (i / (points.length - 1)) * innerW);
  const y = (value: number) => PAD.top + innerH - ((value - min) / (max - min)) * innerH;
  const known = points.map((p, i) => ({ ...p, i })).filter((p): p is TrendPoint & { value: number; i: number } => p.value !== null);
  const path = known.map((p, n) => `${n === 0 ? 'M' : 'L'}${x(p.i).toFixed(1)},${y(p.value).toFixed(1)}`).join('');
  // Month labels thinned to fit the width.
  const every = Math.max(1, Math.ceil((points.length * 64) / Math.max(innerW, 1)));

  return (
    <figure className={`chart trend-chart ${props.className}`} aria-labelledby={captionId}>
      <div ref={ref} className="chart-canvas">
        <svg width="100%" height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={captionId}>
          {props.gridValues.map((value) => (
            <g key={value} className="grid">
              <line x1={PAD.left} x2={width - PAD.right} y1={y(value)} y2={y(value)} />
              <text x={PAD.left - 8} y={y(value)} dy="0.32em" textAnchor="end">
                {format(value)}
              </text>
            </g>
          ))}
          {points.map((p, i) =>
            i % every === 0 || i === points.length - 1 ? (
              <text key={p.month} className="month" x={x(i)} y={height - 8} textAnchor="middle">
                {monthLabel(p.month)}
              </text>
            ) : null,
          )}
          {known.length > 1 && <path className="trend-line" d={path} />}
          {known.map((p) => (
            <g key={p.month} className="trend-point">
              <circle cx={x(p.i)} cy={y(p.value)} r={4.5} />
              <text x={x(p.i)} y={y(p.value) - 10} textAnchor="middle">
                {format(p.value)}
              </text>
            </g>
          ))}
        </svg>
      </div>
      <figcaption id={captionId}>{props.caption}</figcaption>
      <div className="visually-hidden">
        <table>
          <caption>{props.title} by month</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">{props.title}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.month}>
                <th scope="row">{monthLabel(p.month)}</th>
                <td>{p.value === null ? 'no answer that month' : format(p.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
