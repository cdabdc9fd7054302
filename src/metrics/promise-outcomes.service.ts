import type { Knex } from 'knex';
import { getItem } from '../catalog';
import { todayIso } from '../shared/time';
import { loadMetricFacts } from './metrics-facts';
import { keptDate, type PromiseOutcome, promiseOutcomes } from './promise-outcomes.engine';

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

export interface PromiseSuggestion {
  family: string;
  linesDue: number;
  firstPromiseOtifPct: number | null;
  /** The line's quoted date moved by the family's 95 % margin: the date kept 95 % of the time. */
  keptDate: string;
}

/**
 * For quoting: per line (by its sku's family and its site), the family's first-promise OTIF and the
 * date that would have been kept 95 % of the time; null for a line without a family, a date, or
 * any history to learn from.
 */
export async function promiseSuggestions(
  db: Knex,
  lines: Array<{ sku: string | null; site: string | null; quotedDate: string | null }>,
  today = todayIso(),
): Promise<Array<PromiseSuggestion | null>> {
  const skus = [...new Set(lines.flatMap((l) => (l.sku ? [l.sku] : [])))];
  const families = new Map(
    await Promise.all(skus.map(async (sku) => [sku, (await getItem(db, sku)).family] as const)),
  );
  if (![...families.values()].some((f) => f)) return lines.map(() => null);
  const outcomes = await promiseOutcomeRows(db, {}, today);
  return lines.map((l) => {
    const family = l.sku ? families.get(l.sku) : null;
    const o = outcomes.find((r) => r.family === family && r.site === l.site);
    if (!family || !o || !l.quotedDate) return null;
    return {
      family,
      linesDue: o.linesDue,
      firstPromiseOtifPct: o.firstPromiseOtifPct,
      keptDate: keptDate(l.quotedDate, o),
    };
  });
}
