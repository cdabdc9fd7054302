import { atpOn, computeBuckets, firstDateCovering } from '../atp';

/**
 * What-if on one sku at one site: which promises would still hold if the receipts were different.
 * Pure: the lines are served in re-confirmation's order (account priority, then intake), each
 * against ATP of the supply given less the ERP demand and the lines served before it; a line
 * keeps its date while ATP covers it there, else it moves to the first date that covers it (null:
 * none within the supply given). Simpler than re-confirmation itself: whole lines, no capacity, no
 * partial deliveries, so it answers "which lines would slip and by how much", not the new plan.
 */
export interface WhatIfLine {
  id: string;
  promisedDate: string;
  qty: number;
  /** What the line's own lead time or capacity brings on its date (not scheduled supply). */
  newSupply: number;
}

export interface WhatIfPicture {
  today: string;
  onHand: number;
  receipts: Array<{ date: string; qty: number }>;
  erpDemand: Array<{ date: string; qty: number }>;
}

export function simulatePromises(p: WhatIfPicture, lines: readonly WhatIfLine[]): Map<string, string | null> {
  const receipts = [...p.receipts];
  const demand = [...p.erpDemand];
  const out = new Map<string, string | null>();
  for (const l of lines) {
    if (l.newSupply > 0) receipts.push({ date: l.promisedDate, qty: l.newSupply });
    const buckets = computeBuckets({ today: p.today, onHand: p.onHand, receipts, demand });
    const date =
      atpOn(buckets, l.promisedDate) >= l.qty
        ? l.promisedDate
        : firstDateCovering(buckets, l.qty, l.promisedDate);
    out.set(l.id, date);
    if (date) demand.push({ date, qty: l.qty });
  }
  return out;
}
