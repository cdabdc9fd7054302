/**
 * Available-to-promise over daily buckets, per the contract's "ATP definition":
 * S(t) = on hand + receipts up to and including t, D(t) = demand up to and including t,
 * ATP(d) = min over t >= d of (S(t) - D(t)). Pure: `today` comes in the picture, never from the clock.
 */
import { pickLaterDate } from '../shared/time';
import type { Bucket, SupplyPicture } from './atp.types';

interface DayTotals {
  receipts: number;
  demand: number;
}

/**
 * Every bucket of the picture, today first. The today bucket carries on hand as a receipt (S starts
 * with what is on the shelf), and anything dated before today lands in it: a past-due receipt may
 * still arrive and past-due demand must still be served, so both count as of today.
 */
function computeAllBuckets(p: SupplyPicture): Bucket[] {
  const byDate = new Map<string, DayTotals>([[p.today, { receipts: p.onHand, demand: 0 }]]);
  const totalsOn = (date: string): DayTotals => {
    const key = pickLaterDate(date, p.today);
    let totals = byDate.get(key);
    if (totals === undefined) {
      totals = { receipts: 0, demand: 0 };
      byDate.set(key, totals);
    }
    return totals;
  };
  // A zero quantity is neither supply nor demand, so it opens no bucket.
  for (const r of p.receipts) if (r.qty !== 0) totalsOn(r.date).receipts += r.qty;
  for (const d of p.demand) if (d.qty !== 0) totalsOn(d.date).demand += d.qty;

  const dates = [...byDate.keys()].sort();
  const buckets: Bucket[] = [];
  let net = 0;
  for (const date of dates) {
    const totals = byDate.get(date) ?? { receipts: 0, demand: 0 };
    net += totals.receipts - totals.demand;
    buckets.push({ date, receipts: totals.receipts, demand: totals.demand, atp: net });
  }
  // Suffix minimum: a shortage on any later day caps what may be promised on every earlier day.
  let tailMin = Infinity;
  for (let i = buckets.length - 1; i >= 0; i--) {
    const bucket = buckets[i];
    if (bucket === undefined) continue;
    tailMin = Math.min(tailMin, bucket.atp);
    bucket.atp = tailMin;
  }
  return buckets;
}

/**
 * Daily buckets: one per date with receipts or demand, plus `from` (contract: "plus `from`").
 * `from` defaults to today and is never earlier than today, since the past is folded into today.
 * ATP is always computed over the whole picture, so a shortage after `to` still lowers the ATP
 * inside the window. A window that ends before it starts holds no bucket.
 * Cost: O(n log n) for the sort plus O(n) for the suffix minimum.
 */
export function computeBuckets(p: SupplyPicture, range: { from?: string; to?: string } = {}): Bucket[] {
  const all = computeAllBuckets(p);
  const from = pickLaterDate(range.from ?? p.today, p.today);
  const to = range.to;
  if (to !== undefined && to < from) return [];
  const inWindow = all.filter((b) => b.date >= from && (to === undefined || b.date <= to));
  if (inWindow[0]?.date !== from) {
    inWindow.unshift({ date: from, receipts: 0, demand: 0, atp: atpOn(all, from) });
  }
  return inWindow;
}

/** Index of the latest bucket dated on or before `date`, or -1. Buckets are in date order. */
function findLastBucketAtOrBefore(buckets: readonly Bucket[], date: string): number {
  let lo = 0;
  let hi = buckets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((buckets[mid]?.date ?? '') <= date) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * ATP on any date: S - D is flat between buckets, so it is the ATP of the latest bucket on or
 * before the date. A date before the first bucket gets the first bucket's ATP: for the unfiltered
 * buckets that is today, where the past is counted. Expects buckets from `computeBuckets`.
 */
export function atpOn(buckets: readonly Bucket[], date: string): number {
  const i = findLastBucketAtOrBefore(buckets, date);
  return buckets[Math.max(i, 0)]?.atp ?? 0;
}

/**
 * First date d >= notBefore with ATP(d) >= qty, or null. ATP never decreases over dates (it is a
 * suffix minimum), so a binary search finds the first bucket that covers; when that bucket lies
 * before `notBefore`, `notBefore` itself is covered.
 */
export function firstDateCovering(buckets: readonly Bucket[], qty: number, notBefore: string): string | null {
  let lo = 0;
  let hi = buckets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((buckets[mid]?.atp ?? -Infinity) >= qty) hi = mid;
    else lo = mid + 1;
  }
  const hit = buckets[lo];
  return hit === undefined ? null : pickLaterDate(hit.date, notBefore);
}
