import { byDate } from '../shared/time';
import { digits, type DatedQty } from '../atp';

/**
 * A line's confirmations, kept on the line itself as text (`order_lines.held_confirmations`):
 * `date:thousandths` pairs in date order, comma-separated, null for none. The confirmations table
 * stays what ATP sums and reserves from; this copy is what re-confirmation reads of each of a
 * night's 100,000 open lines, one column instead of a second table aggregated per line. Written
 * with the table's rows, in the same transaction, by a promise's one write path (recordPromises,
 * releasePromise).
 */
export function foldConfirmations(confirmations: readonly DatedQty[]): string | null {
  if (!confirmations.length) return null;
  const sorted = confirmations.length > 1 ? [...confirmations].sort(byDate) : confirmations;
  return sorted.map((c) => `${c.date}:${c.qty}`).join(',');
}

/** Checked as it is read: text that is not folded confirmations is refused, never taken as a quantity of zero. */
export function unfoldConfirmations(held: string | null): DatedQty[] {
  if (!held) return [];
  const out: DatedQty[] = [];
  for (let at = 0; at < held.length; ) {
    const colon = held.indexOf(':', at);
    const comma = held.indexOf(',', colon);
    const end = comma < 0 ? held.length : comma;
    // A folded quantity is whole thousandths: digits only, at least one.
    const qty = end > colon + 1 ? digits(held, colon + 1, end) : NaN;
    if (colon < 0 || Number.isNaN(qty)) throw new RangeError(`not folded confirmations: ${held}`);
    out.push({ date: held.slice(at, colon), qty });
    at = end + 1;
  }
  // Folded in date order; sorted again all the same, so rows written by hand read right too.
  return out.length > 1 ? out.sort(byDate) : out;
}
