/**
 * Promising a quantity on a requested date, per the contract's "Availability and promising".
 * Rules where the contract is silent:
 * - r = max(requestedDate, today): nothing can be promised in the past.
 * - The horizon bounds every promise: a date after it is never confirmed (source 'none').
 * - 'stock' when on hand alone covers q on top of ALL known demand, i.e. the ATP of a picture with
 *   no receipts (onHand - D_total) is >= q; the promise then holds even if no receipt ever arrives.
 *   Otherwise a date covered by scheduled supply is 'supply'.
 * - Scheduled supply first: lead time or capacity only covers what scheduled supply cannot give
 *   within the horizon ("past the last supply"), even when the lead time would be earlier.
 * - Beyond scheduled supply, the line takes share = max(0, ATP(horizon)) from scheduled supply (the
 *   most any date within the horizon can give without making a later day short) and the rest,
 *   u = q - share, as NEW supply (bought after the lead time or made on capacity) that is the
 *   line's alone. The date is the latest of r, the day the share is available, and the day u
 *   arrives (today + lead time) or is made (capacity from today + lead time on, earliest days first).
 * - With partial delivery, ATP(r) (when positive) on r and the rest on the date; when nothing
 *   covers the whole within the horizon, ATP(r) on r is still confirmed (source 'none').
 */
import { addDays, pickLaterDate } from '../shared/time';
import { atpOn, computeBuckets, firstDateCovering } from './atp.engine';
import type {
  AtpView,
  DatedQty,
  DateSource,
  PromiseRequest,
  PromiseResult,
  Replenishment,
  SupplyPicture,
} from './atp.types';
import { consumeCapacity, deductCapacity } from './capacity.engine';

interface Ask {
  qty: number;
  date: string;
  allowPartial: boolean;
  atpOnDate: number;
}

/** Quantities are positive safe integers (the schema checks them); anything else is a caller bug. */
function assertPromisableQty(qty: number): void {
  if (!Number.isSafeInteger(qty) || qty <= 0)
    throw new RangeError(`ATP: quantity must be a positive integer, got ${qty}`);
}

function sumQty(rows: readonly DatedQty[]): number {
  return rows.reduce((sum, row) => sum + row.qty, 0);
}

function buildConfirmed(
  ask: Ask,
  date: string,
  source: DateSource,
  capacityUsed: DatedQty[],
  newSupply: number,
): PromiseResult {
  const head =
    ask.allowPartial && ask.atpOnDate > 0 && date > ask.date ? [{ date: ask.date, qty: ask.atpOnDate }] : [];
  const confirmations = [...head, { date, qty: ask.qty - sumQty(head) }];
  return { confirmations, confirmedDate: date, source, capacityUsed, newSupply };
}

function buildRefused(ask: Ask, horizon: string): PromiseResult {
  const partial = ask.allowPartial && ask.atpOnDate > 0 && ask.date <= horizon;
  const confirmations = partial ? [{ date: ask.date, qty: Math.min(ask.atpOnDate, ask.qty) }] : [];
  return { confirmations, confirmedDate: null, source: 'none', capacityUsed: [], newSupply: 0 };
}

/** Covers what scheduled supply cannot with new supply from lead time or capacity (rules above). */
function planBeyondSupply(view: AtpView, ask: Ask, rep: Replenishment): PromiseResult {
  const share = Math.max(0, Math.min(ask.qty, view.atpOn(rep.horizon)));
  const shareDate = share > 0 ? (view.firstDateCovering(share, ask.date) ?? ask.date) : ask.date;
  const newSupply = ask.qty - share;
  const start = addDays(view.today, rep.leadTimeDays);
  let date: string;
  let source: DateSource;
  let capacityUsed: DatedQty[] = [];
  if (rep.makeOrBuy === 'make' && rep.capacity !== undefined) {
    const made = consumeCapacity(rep.capacity, start, rep.horizon, newSupply);
    if (made === null) return buildRefused(ask, rep.horizon);
    date = made.lastDate;
    source = 'capacity';
    capacityUsed = made.used;
  } else {
    // Buy items, and make items whose plant publishes no capacity: the lead time alone gives the date.
    date = start;
    source = 'lead_time';
  }
  date = pickLaterDate(pickLaterDate(date, shareDate), ask.date);
  if (date > rep.horizon) return buildRefused(ask, rep.horizon);
  return buildConfirmed(ask, date, source, capacityUsed, newSupply);
}

/** The picture's buckets as an `AtpView`. */
export function bucketView(p: SupplyPicture): AtpView {
  const buckets = computeBuckets(p);
  return {
    today: p.today,
    onHand: p.onHand,
    totalDemand: sumQty(p.demand),
    atpOn: (date) => atpOn(buckets, date),
    firstDateCovering: (qty, notBefore) => firstDateCovering(buckets, qty, notBefore),
  };
}

/** One line against the picture. Reserves nothing: the caller books confirmations, capacityUsed and newSupply. */
export function promise(p: SupplyPicture, req: PromiseRequest, rep: Replenishment): PromiseResult {
  return promiseOn(bucketView(p), req, rep);
}

/** The same against any view of the picture's ATP (an incremental curve among them). */
export function promiseOn(view: AtpView, req: PromiseRequest, rep: Replenishment): PromiseResult {
  assertPromisableQty(req.qty);
  const date = pickLaterDate(req.requestedDate, view.today);
  const ask: Ask = { qty: req.qty, date, allowPartial: req.allowPartial, atpOnDate: view.atpOn(date) };
  if (date > rep.horizon) return buildRefused(ask, rep.horizon);
  if (ask.atpOnDate >= ask.qty) {
    const fromStock = view.onHand - view.totalDemand >= ask.qty;
    return buildConfirmed(ask, date, fromStock ? 'stock' : 'supply', [], 0);
  }
  const covered = view.firstDateCovering(ask.qty, date);
  if (covered !== null && covered <= rep.horizon) return buildConfirmed(ask, covered, 'supply', [], 0);
  return planBeyondSupply(view, ask, rep);
}

/**
 * The lines of one request, in order, each seeing the ones before it: a line's confirmations
 * become demand and its capacity is taken before the next line is checked. The new supply a line
 * counts on is booked as a receipt on its confirmed date, so the picture is not shown over-promised
 * while that supply, dated with the line's own last confirmation, stays out of later lines' reach.
 */
export function promiseLines(
  p: SupplyPicture,
  lines: readonly PromiseRequest[],
  rep: Replenishment,
): PromiseResult[] {
  let picture = p;
  let capacity = rep.capacity;
  return lines.map((line) => {
    const outcome = promise(picture, line, { ...rep, capacity });
    const { confirmations, confirmedDate, capacityUsed, newSupply } = outcome;
    const arrivals = newSupply > 0 && confirmedDate !== null ? [{ date: confirmedDate, qty: newSupply }] : [];
    picture = {
      ...picture,
      receipts: [...picture.receipts, ...arrivals],
      demand: [...picture.demand, ...confirmations],
    };
    if (capacity !== undefined) capacity = deductCapacity(capacity, capacityUsed);
    return outcome;
  });
}
