import type { AccountClass } from './commercial.engine';

/**
 * The pipeline forecast (issue #19 item 6), pure: open quote lines weighted by the hit probability
 * the decided quote lines of history give for lines like them. "Like them" is, most specific
 * first: the same account class, family, lead-time band and discount band; the same class and
 * family; the same family; all history. The first cell with enough decided lines gives the rate.
 */

export type LeadBand = 'short' | 'medium' | 'long';
export type DiscountBand = 'none' | 'up_to_10' | 'over_10';

export interface QuoteLineTraits {
  accountClass: AccountClass;
  family: string | null;
  /** Quoted date − the date the quote was sent, in days. */
  leadDays: number;
  discountPct: number;
}

export interface DecidedLine extends QuoteLineTraits {
  won: boolean;
}

export interface OpenLine extends QuoteLineTraits {
  /** YYYY-MM of the line's quoted date: when the order would be delivered. */
  month: string;
  /** Net value in ten-thousandths. */
  value: bigint;
}

export interface ForecastRow {
  family: string | null;
  month: string;
  openLines: number;
  openValue: bigint;
  /** Σ of each line's value × its hit probability, each rounded half up to a ten-thousandth. */
  weightedValue: bigint;
}

/** A cell needs this many decided lines before its rate is trusted over a broader one. */
export const MIN_HISTORY = 5;

export const leadBand = (days: number): LeadBand => (days <= 14 ? 'short' : days <= 42 ? 'medium' : 'long');
export const discountBand = (pct: number): DiscountBand =>
  pct <= 0 ? 'none' : pct <= 10 ? 'up_to_10' : 'over_10';

const keysOf = (l: QuoteLineTraits): string[] => [
  `${l.accountClass}|${l.family}|${leadBand(l.leadDays)}|${discountBand(l.discountPct)}`,
  `${l.accountClass}|${l.family}`,
  `${l.family}`,
  '*',
];

/** Learns won / decided per cell; `probability` answers from the most specific cell with enough history. */
export function learnHitProbability(
  history: DecidedLine[],
): (line: QuoteLineTraits) => { won: number; decided: number } {
  const cells = new Map<string, { won: number; decided: number }>();
  for (const h of history)
    for (const k of keysOf(h)) {
      const c = cells.get(k) ?? { won: 0, decided: 0 };
      c.decided++;
      if (h.won) c.won++;
      cells.set(k, c);
    }
  return (line) => {
    for (const k of keysOf(line)) {
      const c = cells.get(k);
      if (c && c.decided >= MIN_HISTORY) return c;
    }
    // Without enough history anywhere, all of it (or nothing known: weight 0).
    return cells.get('*') ?? { won: 0, decided: 1 };
  };
}

export function pipelineForecast(open: OpenLine[], history: DecidedLine[]): ForecastRow[] {
  const probability = learnHitProbability(history);
  const rows = new Map<string, ForecastRow>();
  for (const l of open) {
    const key = `${l.family ?? ''}\0${l.month}`;
    const row = rows.get(key) ?? {
      family: l.family,
      month: l.month,
      openLines: 0,
      openValue: 0n,
      weightedValue: 0n,
    };
    rows.set(key, row);
    const p = probability(l);
    row.openLines++;
    row.openValue += l.value;
    // value × won / decided, rounded half up: exact in integers.
    row.weightedValue += (l.value * BigInt(p.won) * 2n + BigInt(p.decided)) / (2n * BigInt(p.decided));
  }
  return [...rows.values()].sort((a, b) =>
    (a.family ?? '') !== (b.family ?? '')
      ? (a.family ?? '') < (b.family ?? '')
        ? -1
        : 1
      : a.month < b.month
        ? -1
        : a.month > b.month
          ? 1
          : 0,
  );
}
