/**
 * Capable-to-promise for make items: the family's net daily capacity at the site, consumed day by
 * day. Pure: arrays in, arrays out; the inputs are never mutated.
 */
import type { DatedQty } from './atp.types';

export interface CapacityPlan {
  /** Capacity taken, by date, in date order. */
  used: DatedQty[];
  /** The day the last unit is made. */
  lastDate: string;
}

/** Capacity by date in date order; duplicate dates add up (two lines of the plant's plan). */
function sumCapacityByDate(capacity: readonly DatedQty[]): DatedQty[] {
  const byDate = new Map<string, number>();
  for (const c of capacity) byDate.set(c.date, (byDate.get(c.date) ?? 0) + c.qty);
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, qty]) => ({ date, qty }));
}

/**
 * Takes `qty` from the capacity of the days in [from, horizon], earliest first, so the line is made
 * as soon as the lead time allows. Days without an entry have no capacity (the contract: absent =
 * none). Null when the capacity up to the horizon cannot make the whole quantity: the engine never
 * promises a date past the horizon.
 */
export function consumeCapacity(
  capacity: readonly DatedQty[],
  from: string,
  horizon: string,
  qty: number,
): CapacityPlan | null {
  const used: DatedQty[] = [];
  let remaining = qty;
  for (const day of sumCapacityByDate(capacity)) {
    if (remaining <= 0) break;
    if (day.date < from || day.date > horizon || day.qty <= 0) continue;
    const take = Math.min(day.qty, remaining);
    used.push({ date: day.date, qty: take });
    remaining -= take;
  }
  const last = used[used.length - 1];
  return remaining > 0 || last === undefined ? null : { used, lastDate: last.date };
}

/** Capacity left once a promise has booked what it uses; days used up stay listed with 0. */
export function deductCapacity(capacity: readonly DatedQty[], used: readonly DatedQty[]): DatedQty[] {
  const left = sumCapacityByDate(capacity);
  const index = new Map(left.map((c, i) => [c.date, i]));
  for (const u of used) {
    const i = index.get(u.date);
    const day = i === undefined ? undefined : left[i];
    if (day !== undefined) day.qty -= u.qty;
  }
  return left;
}
