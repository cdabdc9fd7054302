import { oneDecimal } from '../shared/rounding';

/** Pure: the Pareto of complaint causes and complaints per 100 lines shipped. No I/O. */

export interface CauseCount {
  causeCode: string;
  label: string;
  count: number;
}

export interface ParetoRow extends CauseCount {
  /** This cause's share of all counted complaints, one decimal. */
  pct: number;
  /** The share of this cause and every cause ranked before it, one decimal (the Pareto line). */
  cumulativePct: number;
}

/** Causes most frequent first (ties by code), each with its share and the running share. */
export function paretoOf(counts: readonly CauseCount[]): { total: number; rows: ParetoRow[] } {
  const total = counts.reduce((s, c) => s + c.count, 0);
  const sorted = counts
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count || (a.causeCode < b.causeCode ? -1 : 1));
  let running = 0;
  const rows = sorted.map((c) => {
    running += c.count;
    return { ...c, pct: oneDecimal(100 * c.count, total), cumulativePct: oneDecimal(100 * running, total) };
  });
  return { total, rows };
}

export interface FamilyRate {
  family: string | null;
  complaints: number;
  linesShipped: number;
  /** Complaints per 100 lines shipped, one decimal; null when no line of the family shipped. */
  per100Lines: number | null;
}

/**
 * Complaints per 100 lines shipped, by family: both counts over the same period, joined by family
 * (a family with complaints but no shipped line still shows, its rate null). Highest rate first.
 */
export function complaintRates(
  complaints: ReadonlyArray<{ family: string | null; count: number }>,
  shipped: ReadonlyArray<{ family: string | null; count: number }>,
): FamilyRate[] {
  const families = new Map<string | null, FamilyRate>();
  const at = (family: string | null) => {
    let r = families.get(family);
    if (!r) families.set(family, (r = { family, complaints: 0, linesShipped: 0, per100Lines: null }));
    return r;
  };
  for (const c of complaints) at(c.family).complaints += c.count;
  for (const s of shipped) at(s.family).linesShipped += s.count;
  const rows = [...families.values()].map((r) => ({
    ...r,
    per100Lines: r.linesShipped > 0 ? oneDecimal(100 * r.complaints, r.linesShipped) : null,
  }));
  return rows.sort(
    (a, b) =>
      (b.per100Lines ?? -1) - (a.per100Lines ?? -1) ||
      String(a.family ?? '').localeCompare(String(b.family ?? '')),
  );
}
