import { daysBetween, evaluateLine, type LineFacts, oneDecimal, type OtifTerms } from './fulfillment.engine';

/**
 * How promises actually ended (issue #19 item 5), per family and site: the distribution of
 * completion − first promise over due lines, the first-promise OTIF, and how many days to add to a
 * first promise so that it would have been kept 95 % of the time. Pure: `today` is an argument.
 */

export interface OutcomeLine {
  family: string | null;
  site: string | null;
  facts: LineFacts;
  terms: OtifTerms;
}

export interface PromiseOutcome {
  family: string | null;
  site: string | null;
  linesDue: number;
  firstPromiseOtifPct: number | null;
  /** Slip in days (negative: early) → the number of due lines that ended so. */
  distribution: Array<{ days: number; lines: number }>;
  slipP50Days: number;
  /** The 95th percentile of the slip, never below 0: a promise this much later would have held 95 % of the time. */
  slipP95Days: number;
}

/** The share of the outcome that must be kept. */
export const KEPT_SHARE = 95;

/** Nearest-rank percentile of sorted values: the smallest value with at least p % at or below it. */
export function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p * sorted.length) / 100);
  return sorted[Math.max(0, rank - 1)]!;
}

/**
 * A due line's slip against its first promise: completion − first promise, or, not complete yet
 * past its deadline, today − first promise (it is at least that late).
 */
export function slipDays(line: OutcomeLine, today: string): number | null {
  const e = evaluateLine(line.facts, 'first_confirmed', line.terms, today);
  if (e.dueMonth === null || e.basisDate === null) return null;
  return daysBetween(e.basisDate, e.completionDate ?? today);
}

export function promiseOutcomes(lines: OutcomeLine[], today: string): PromiseOutcome[] {
  const groups = new Map<
    string,
    { family: string | null; site: string | null; slips: number[]; otif: number }
  >();
  for (const line of lines) {
    const slip = slipDays(line, today);
    if (slip === null) continue;
    const key = `${line.family ?? ''}\0${line.site ?? ''}`;
    const g = groups.get(key) ?? { family: line.family, site: line.site, slips: [], otif: 0 };
    groups.set(key, g);
    g.slips.push(slip);
    if (evaluateLine(line.facts, 'first_confirmed', line.terms, today).otif) g.otif++;
  }
  return [...groups.values()]
    .sort((a, b) => `${a.family}\0${a.site}`.localeCompare(`${b.family}\0${b.site}`))
    .map((g) => {
      const sorted = [...g.slips].sort((a, b) => a - b);
      const counts = new Map<number, number>();
      for (const s of sorted) counts.set(s, (counts.get(s) ?? 0) + 1);
      return {
        family: g.family,
        site: g.site,
        linesDue: sorted.length,
        firstPromiseOtifPct: oneDecimal(100 * g.otif, sorted.length),
        distribution: [...counts].map(([days, n]) => ({ days, lines: n })),
        slipP50Days: percentile(sorted, 50),
        slipP95Days: Math.max(0, percentile(sorted, KEPT_SHARE)),
      };
    });
}

/** The date that would have been kept 95 % of the time, for a line promised `date`. */
export function keptDate(date: string, outcome: Pick<PromiseOutcome, 'slipP95Days'>): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + outcome.slipP95Days * 86_400_000)
    .toISOString()
    .slice(0, 10);
}
