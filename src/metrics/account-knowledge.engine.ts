import { type AccountClass, hitRate, type QuoteDecision } from './commercial.engine';
import { daysBetween, oneDecimal } from './fulfillment.engine';

/**
 * What an account manager should know of an account (issue #19 item 4): its value and trend, how
 * often it orders against its own habit, its cases, what it costs to serve, and the churn signals.
 * Pure: dates are YYYY-MM-DD text, money bigint ten-thousandths, `today` an argument.
 */

export interface KnowledgeOrderLine {
  orderId: string;
  orderDate: string;
  value: bigint;
  /** Promise-ledger confirmed dates, oldest first (versions without a date left out). */
  promisedDates: string[];
}

export interface KnowledgeInput {
  accountId: string;
  erpCustomerId: string;
  lines: KnowledgeOrderLine[];
  decisions: Array<{ decidedOn: string; decision: QuoteDecision; netValue: bigint }>;
  cases: Array<{ openedOn: string; type: string }>;
}

export type ChurnRule = 'value_halved' | 'overdue' | 'hit_rate_falling' | 'complaints_rising';

export interface ChurnSignal {
  rule: ChurnRule;
  reason: string;
}

export interface AccountKnowledge {
  accountId: string;
  value12m: bigint;
  valuePrev12m: bigint;
  /** (last 12 months − previous 12) / previous × 100, one decimal; null without a previous year. */
  trendPct: number | null;
  ordersLast12m: number;
  lastOrderDate: string | null;
  daysSinceLastOrder: number | null;
  /** The median gap in days between its order days over 24 months; null with fewer than 3 order days. */
  usualIntervalDays: number | null;
  complaintsThisYear: number;
  returnsThisYear: number;
  /** Re-promises: ledger versions that moved a line's date later; expedites: versions that pulled it in. */
  costToServe: { returns: number; expedites: number; rePromises: number };
  hitRateCountPct: number | null;
  hitRatePrevCountPct: number | null;
  signals: ChurnSignal[];
}

/** Hit rate must fall by at least this many points between the two years to be a signal. */
export const HIT_RATE_DROP_POINTS = 10;
/** Fewer decided quote lines than this in a year make no hit rate worth comparing. */
export const MIN_DECIDED_LINES = 3;

/** The first day of the 12 months ending today, `years` back: 2026-12-06 → 2025-12-07 for 1. */
export function yearsBefore(today: string, years: number): string {
  const d = new Date(Date.parse(`${today}T00:00:00Z`));
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The 12 months ending today (the ABC ranking's window) and the 12 months before them. */
export function windowOf(date: string, today: string): 'current' | 'previous' | null {
  if (date > today) return null;
  if (date >= yearsBefore(today, 1)) return 'current';
  if (date >= yearsBefore(today, 2)) return 'previous';
  return null;
}

/** The median of the gaps between consecutive distinct order days (the lower middle of an even count). */
export function usualInterval(orderDates: string[]): number | null {
  const days = [...new Set(orderDates)].sort();
  if (days.length < 3) return null;
  const gaps = days.slice(1).map((d, i) => daysBetween(days[i]!, d));
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor((gaps.length - 1) / 2)]!;
}

/** Ledger moves: a date later than the one before is a re-promise, an earlier one an expedite. */
export function promiseMoves(promisedDates: string[]): { rePromises: number; expedites: number } {
  let rePromises = 0;
  let expedites = 0;
  for (let i = 1; i < promisedDates.length; i++) {
    if (promisedDates[i]! > promisedDates[i - 1]!) rePromises++;
    if (promisedDates[i]! < promisedDates[i - 1]!) expedites++;
  }
  return { rePromises, expedites };
}

/**
 * `previousClass` is the account's ABC class ranked on the previous 12 months' values of all
 * accounts (see previousYearValues), so "last year's A or B account" is the contract's ranking.
 */
export function accountKnowledge(
  input: KnowledgeInput,
  previousClass: AccountClass,
  today: string,
): AccountKnowledge {
  const current = input.lines.filter((l) => windowOf(l.orderDate, today) === 'current');
  const previous = input.lines.filter((l) => windowOf(l.orderDate, today) === 'previous');
  const sum = (ls: KnowledgeOrderLine[]) => ls.reduce((s, l) => s + l.value, 0n);
  const value12m = sum(current);
  const valuePrev12m = sum(previous);
  const orderDates = [...current, ...previous].map((l) => l.orderDate);
  const lastOrderDate = orderDates.length ? orderDates.reduce((a, b) => (a > b ? a : b)) : null;
  const usual = usualInterval(orderDates);
  const daysSince = lastOrderDate === null ? null : daysBetween(lastOrderDate, today);

  const casesIn = (w: 'current' | 'previous', type: string) =>
    input.cases.filter((c) => c.type === type && windowOf(c.openedOn, today) === w).length;
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const thisYear = (type: string) =>
    input.cases.filter((c) => c.type === type && c.openedOn >= yearStart && c.openedOn <= today).length;
  const moves = current
    .map((l) => promiseMoves(l.promisedDates))
    .reduce((a, m) => ({ rePromises: a.rePromises + m.rePromises, expedites: a.expedites + m.expedites }), {
      rePromises: 0,
      expedites: 0,
    });

  const decidedIn = (w: 'current' | 'previous') =>
    input.decisions.filter((d) => windowOf(d.decidedOn, today) === w);
  const hitNow = decidedIn('current');
  const hitBefore = decidedIn('previous');
  const hitRateCountPct = hitRate(hitNow).hitRateCountPct;
  const hitRatePrevCountPct = hitRate(hitBefore).hitRateCountPct;

  const signals: ChurnSignal[] = [];
  if (previousClass !== 'C' && value12m * 2n < valuePrev12m)
    signals.push({
      rule: 'value_halved',
      reason: `Class ${previousClass} last year; ordered less than half as much in the last 12 months`,
    });
  if (usual !== null && daysSince !== null && daysSince > 2 * usual)
    signals.push({
      rule: 'overdue',
      reason: `No order for ${daysSince} days; usually orders every ${usual} days`,
    });
  if (
    hitNow.length >= MIN_DECIDED_LINES &&
    hitBefore.length >= MIN_DECIDED_LINES &&
    hitRateCountPct !== null &&
    hitRatePrevCountPct !== null &&
    hitRatePrevCountPct - hitRateCountPct >= HIT_RATE_DROP_POINTS
  )
    signals.push({
      rule: 'hit_rate_falling',
      reason: `Quote hit rate fell from ${hitRatePrevCountPct} % to ${hitRateCountPct} %`,
    });
  const complaintsNow = casesIn('current', 'complaint');
  const complaintsBefore = casesIn('previous', 'complaint');
  if (complaintsNow >= 2 && complaintsNow > complaintsBefore)
    signals.push({
      rule: 'complaints_rising',
      reason: `${complaintsNow} complaints in the last 12 months against ${complaintsBefore} the year before`,
    });

  return {
    accountId: input.accountId,
    value12m,
    valuePrev12m,
    trendPct: valuePrev12m > 0n ? oneDecimal(100n * (value12m - valuePrev12m), valuePrev12m) : null,
    ordersLast12m: new Set(current.map((l) => l.orderId)).size,
    lastOrderDate,
    daysSinceLastOrder: daysSince,
    usualIntervalDays: usual,
    complaintsThisYear: thisYear('complaint'),
    returnsThisYear: thisYear('return'),
    costToServe: { returns: casesIn('current', 'return'), ...moves },
    hitRateCountPct,
    hitRatePrevCountPct,
    signals,
  };
}

/** The previous 12 months' value of each account, as classifyAccounts ranks them for last year's class. */
export function previousYearValue(input: KnowledgeInput, today: string): bigint {
  return input.lines
    .filter((l) => windowOf(l.orderDate, today) === 'previous')
    .reduce((s, l) => s + l.value, 0n);
}
