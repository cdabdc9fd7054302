import type { Knex } from 'knex';
import { todayIso } from '../shared/time';
import { loadMetricFacts } from './metrics-facts';
import { type PromiseOutcome, promiseOutcomes } from './promise-outcomes.engine';

/** The first day of the six months that end today: 2026-12-06 → 2026-06-07. */
export function sixMonthsBefore(today: string): string {
  const d = new Date(Date.parse(`${today}T00:00:00Z`));
  d.setUTCMonth(d.getUTCMonth() - 6);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** How first promises made in the last six months ended, per family and site (or one of them). */
export async function promiseOutcomeRows(
  db: Knex,
  filter: { family?: string; site?: string },
  today = todayIso(),
): Promise<PromiseOutcome[]> {
  const from = sixMonthsBefore(today);
  const facts = await loadMetricFacts(db, { fromDate: from, toDate: today, byPromise: true });
  const lines = facts.lines.filter((l) => {
    const first = l.facts.versions[0]?.confirmedDate;
    return (
      first !== undefined &&
      first !== null &&
      first >= from &&
      first <= today &&
      (filter.family === undefined || l.family === filter.family) &&
      (filter.site === undefined || l.site === filter.site)
    );
  });
  return promiseOutcomes(lines, today);
}
