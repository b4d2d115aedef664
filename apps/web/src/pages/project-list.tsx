import { useEffect, useState } from 'react';
import type { Portfolio, PortfolioRow } from '@app/contracts';
import { useApp } from '../app-context';

type Level = 'good' | 'watch' | 'poor' | 'none';

interface Indicator {
  readonly label: string;
  readonly level: Level;
  readonly value: string;
  readonly hint: string;
}

const ratio = (value: number | null, good: number, watch: number): Level => (value === null ? 'none' : value >= good ? 'good' : value >= watch ? 'watch' : 'poor');
const LEVEL_WORDS: Record<Level, string> = { good: 'on track', watch: 'watch', poor: 'at risk', none: 'no data yet' };

/** The four signals a manager looks at first (DOMAIN.md 25), each with a word beside its colour. */
function health(row: PortfolioRow): Indicator[] {
  const { spi, cpi, riskExposure, csat, nps } = row.kpis;
  const exposure = riskExposure ?? 0;
  return [
    { label: 'Schedule', level: ratio(spi, 0.95, 0.85), value: spi === null ? '—' : `SPI ${spi.toFixed(2)}`, hint: 'Schedule performance index: earned value against planned value' },
    { label: 'Budget', level: ratio(cpi, 0.95, 0.85), value: cpi === null ? '—' : `CPI ${cpi.toFixed(2)}`, hint: 'Cost performance index: earned value against actual cost' },
    {
      label: 'Risk',
      level: riskExposure === null ? 'none' : exposure < 15 ? 'good' : exposure < 30 ? 'watch' : 'poor',
      value: riskExposure === null ? '—' : `Exposure ${exposure}`,
      hint: 'Sum of probability × impact over open risks',
    },
    {
      label: 'Satisfaction',
      level: ratio(csat, 4, 3),
      value: csat === null ? '—' : `CSAT ${csat.toFixed(1)}${nps === null ? '' : ` · NPS ${nps}`}`,
      hint: 'Mean client satisfaction (1–5) and net promoter score',
    },
  ];
}

export function ProjectListPage() {
  const { api, navigate } = useApp();
  const [portfolio, setPortfolio] = useState<Portfolio | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<Portfolio>('/portfolio').then(setPortfolio, (failure: Error) => setError(failure.message));
  }, [api]);

  return (
    <section aria-labelledby="projects-title" className="page">
      <h1 id="projects-title">Your projects</h1>
      {error !== null && <p className="error" role="alert">{error}</p>}
      {portfolio === null && error === null && <p className="muted" role="status">Loading projects…</p>}
      {portfolio !== null && portfolio.items.length === 0 && <p className="muted">You are not on any project yet.</p>}
      <ul className="project-grid" aria-label="Projects">
        {portfolio?.items.map((row) => (
          <li key={row.id} className="card project-card">
            <h2>
              <a
                href={`/projects/${row.id}`}
                onClick={(event) => {
                  event.preventDefault();
                  navigate(`/projects/${row.id}`);
                }}
              >
                {row.name}
              </a>
            </h2>
            <p className="muted">
              Your role: <span className="role">{row.role}</span>
            </p>
            <dl className="health" aria-label={`Health of ${row.name}`}>
              {health(row).map((indicator) => (
                <div key={indicator.label} className={`health-item level-${indicator.level}`} title={indicator.hint}>
                  <dt>{indicator.label}</dt>
                  <dd>
                    <span className="dot" aria-hidden="true" />
                    <span className="health-value">{indicator.value}</span>
                    <span className="health-word">{LEVEL_WORDS[indicator.level]}</span>
                  </dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}
