import { useEffect, useState } from 'react';
import type { BudgetView, ViewAnswer } from '@app/contracts';
import { useApp } from '../app-context';
import { problemText } from '../ui/problem-text';
import { dayNumber, earnedSamples, type Point } from './earned-value-series';

/** Earned value at past instants never changes: read once per project and instant. */
const known = new Map<string, number>();

export interface EarnedHistory {
  readonly points: readonly Point[];
  readonly error: string | null;
}

/**
 * Earned value as it stood at the end of each past week (the `budget` view `?asOf=`,
 * team and auditors), for the burn chart's earned value line. The view holds no
 * history of progress, so the history is read from the log, a few requests at a time.
 */
export function useEarnedHistory(projectId: string, createdAt: string | undefined, asOf: string | null): EarnedHistory {
  const { api } = useApp();
  const [history, setHistory] = useState<EarnedHistory>({ points: [], error: null });
  // The samples change with the as-of day, not with every event.
  const asOfDay = asOf === null ? null : asOf.slice(0, 10);
  useEffect(() => {
    if (createdAt === undefined || asOfDay === null) return;
    let current = true;
    const instants = earnedSamples(createdAt, asOfDay);
    const read = async (instant: string): Promise<Point> => {
      const key = `${projectId}@${instant}`;
      let ev = known.get(key);
      if (ev === undefined) {
        const answer = await api.get<ViewAnswer<'budget'>>(`/projects/${projectId}/views/budget?asOf=${encodeURIComponent(instant)}`);
        ev = (answer.data as BudgetView).figures.earnedValue.evMinor;
        known.set(key, ev);
      }
      return { day: dayNumber(instant), minor: ev };
    };
    (async () => {
      const points: Point[] = [];
      for (let i = 0; i < instants.length; i += 4) points.push(...(await Promise.all(instants.slice(i, i + 4).map(read))));
      return points;
    })().then(
      (points) => current && setHistory({ points, error: null }),
      (failure: unknown) => current && setHistory({ points: [], error: problemText(failure, 'Earned value over time could not be read.') }),
    );
    return () => {
      current = false;
    };
  }, [api, projectId, createdAt, asOfDay]);
  return history;
}
