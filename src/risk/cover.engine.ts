import type { Cover } from './risk.engine';

export interface CoverReceipt {
  ref: string;
  kind: 'production' | 'purchase' | 'transfer';
  dueDate: string;
  status: 'planned' | 'firm' | 'released' | null;
  prevDueDate: string | null;
  qty: number;
}

export interface CoverLine {
  id: string;
  /** Confirmed date; lines without one take nothing. */
  promisedDate: string | null;
  /** What the line reserves. */
  qty: number;
  /** The part the line's own lead time or capacity brings (not scheduled supply). */
  newSupply: number;
}

/**
 * Which supply covers each line, the way ATP allocates: available stock first, then receipts by due
 * date (ref breaks ties); demand draws in date order, ERP demand of a day before the lines of that
 * day, lines in the order given (promise order: confirmed date, then intake). A line's new supply
 * covers its own part first. The cover is the source that completed the line; `none` when supply
 * ran out before it (the picture is over-promised).
 */
export function allocateCover(
  onHand: number,
  receipts: readonly CoverReceipt[],
  erpDemand: ReadonlyArray<{ date: string; qty: number }>,
  lines: readonly CoverLine[],
): Map<string, Cover> {
  const sources = [...receipts].sort((a, b) =>
    a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0,
  );
  let left = onHand;
  let next = 0;
  let current: Cover = { kind: 'stock', ref: null, dueDate: null, status: null, prevDueDate: null };
  /** Takes qty from the supply stream; returns whether it was covered, leaving `current` at the last source. */
  const take = (qty: number): boolean => {
    let need = qty;
    while (need > 0) {
      if (left >= need) {
        left -= need;
        return true;
      }
      need -= Math.max(0, left);
      left = 0;
      const r = sources[next++];
      if (!r) return false;
      left = r.qty;
      current = {
        kind: r.kind,
        ref: r.ref,
        dueDate: r.dueDate,
        status: r.status,
        prevDueDate: r.prevDueDate,
      };
    }
    return true;
  };
  type Event = { date: string; order: number; line?: CoverLine; qty: number };
  const events: Event[] = [
    ...erpDemand.map((d) => ({ date: d.date, order: -1, qty: d.qty })),
    ...lines.flatMap((l, i) =>
      l.promisedDate ? [{ date: l.promisedDate, order: i, line: l, qty: l.qty }] : [],
    ),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));
  const covers = new Map<string, Cover>();
  const none: Cover = { kind: 'none', ref: null, dueDate: null, status: null, prevDueDate: null };
  for (const e of events) {
    if (!e.line) {
      take(e.qty);
      continue;
    }
    const fromPool = Math.max(0, e.qty - e.line.newSupply);
    if (fromPool === 0) {
      covers.set(e.line.id, { ...none, kind: 'new_supply' });
      continue;
    }
    covers.set(e.line.id, take(fromPool) ? { ...current } : none);
  }
  for (const l of lines) if (!covers.has(l.id)) covers.set(l.id, none);
  return covers;
}
