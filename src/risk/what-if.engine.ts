import { AtpCurve, DayIndex } from '../atp';

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

/**
 * One incremental ATP curve for the whole run: each line costs a lookup and a range update, not a
 * picture recomputed (which made 10,000 events a question of seconds rather than milliseconds).
 */
export function simulatePromises(p: WhatIfPicture, lines: readonly WhatIfLine[]): Map<string, string | null> {
  let lastDate = p.today;
  for (const e of p.receipts) if (e.date > lastDate) lastDate = e.date;
  for (const e of p.erpDemand) if (e.date > lastDate) lastDate = e.date;
  for (const l of lines) if (l.promisedDate > lastDate) lastDate = l.promisedDate;
  const curve = new AtpCurve(
    { today: p.today, onHand: p.onHand, receipts: p.receipts, demand: p.erpDemand },
    lastDate,
    new DayIndex(p.today),
  );
  const out = new Map<string, string | null>();
  for (const l of lines) {
    if (l.newSupply > 0) curve.addReceipt(l.promisedDate, l.newSupply);
    const date =
      curve.atpOn(l.promisedDate) >= l.qty ? l.promisedDate : curve.firstDateCovering(l.qty, l.promisedDate);
    out.set(l.id, date);
    if (date) curve.addDemand(date, l.qty);
  }
  return out;
}
