import type { Knex } from 'knex';
import type { LinePromise, DateSource } from '../atp';
import { milliText } from '../shared/quantity';
import * as repo from './orders.repository';
import * as bulk from './reconfirm.repository';
import { foldConfirmations } from './held-confirmations';

export type ChangedBy =
  | 'intake'
  | 'reconfirmation'
  | 'planner'
  | 'customer'
  | 'account_manager'
  | 'cancellation';

export interface PromiseChange {
  changedBy: ChangedBy;
  actorId: string | null;
  reason: string | null;
  at: string;
}

/** Ship complete: every line ships with the last one, so each is confirmed whole on the latest date. */
export function shipTogether(promises: LinePromise[]): LinePromise[] {
  if (promises.some((p) => p.confirmedDate === null)) return promises;
  const last = promises
    .map((p) => p.confirmedDate!)
    .sort()
    .at(-1)!;
  return promises.map((p) => ({
    ...p,
    confirmedDate: last,
    confirmations: [{ date: last, qty: p.confirmations.reduce((n, c) => n + c.qty, 0) }],
  }));
}

/** What storing a promise needs of its line. */
export type PromisedLine = Pick<
  repo.OrderLineRow,
  'id' | 'sku' | 'site_code' | 'requested_date' | 'quantity'
>;

export interface PromiseRecord {
  line: PromisedLine;
  promise: LinePromise;
  change: PromiseChange;
  /** Set when the new promise is later than the old one: the line is flagged for planner and account manager. */
  slip?: { at: string; reason: string };
  /** The line is shipped in full: it closes, and its (empty) promise is the last. */
  closes?: boolean;
}

/**
 * Stores promises: each line's confirmations (which are its reservations; folded on the line too),
 * the capacity it takes, the new supply it counts on, and a new version in the ledger. The one
 * write path of a promise, so the ledger can never miss a change; set-wise, so re-confirming
 * thousands of lines stays cheap.
 */
export async function recordPromises(trx: Knex, unordered: PromiseRecord[]): Promise<void> {
  if (!unordered.length) return;
  // In line id order, as the indexes on order_line_id hold them: each statement walks those
  // indexes (and order_lines' primary key) front to back instead of jumping between pages,
  // which on SQLite's small page cache is a fifth to a third of the time. A line's own rows keep their order.
  const records = [...unordered].sort((a, b) => (a.line.id < b.line.id ? -1 : a.line.id > b.line.id ? 1 : 0));
  const ids = records.map((r) => r.line.id);
  const confirmations = new Map(
    records.map((r) => [
      r.line.id,
      r.promise.confirmations.map((c) => ({
        order_line_id: r.line.id,
        sku: r.line.sku,
        site_code: r.line.site_code,
        date: c.date,
        quantity: milliText(c.qty),
      })),
    ]),
  );
  await bulk.deletePromiseRows(trx, ids);
  await bulk.insertConfirmationRows(trx, [...confirmations.values()].flat());
  await bulk.insertBookingRows(
    trx,
    records.flatMap((r) =>
      r.promise.family
        ? r.promise.capacityUsed.map((c) => ({
            order_line_id: r.line.id,
            family: r.promise.family!,
            site_code: r.line.site_code,
            date: c.date,
            units: milliText(c.qty),
          }))
        : [],
    ),
  );
  await bulk.updateMovedLines(
    trx,
    records.map((r) => ({
      id: r.line.id,
      confirmed_date: r.promise.confirmedDate,
      date_source: r.promise.source,
      new_supply: milliText(r.promise.newSupply),
      open: !r.closes,
      slipped_at: r.slip?.at ?? null,
      slip_reason: r.slip?.reason.slice(0, 500) ?? null,
      held_confirmations: foldConfirmations(r.promise.confirmations),
    })),
  );
  await bulk.insertLedgerVersions(
    trx,
    records.map((r) => ({
      order_line_id: r.line.id,
      at: r.change.at,
      changed_by: r.change.changedBy,
      actor_id: r.change.actorId,
      reason: r.change.reason,
      requested_date: r.line.requested_date,
      quantity: r.line.quantity,
      confirmations: JSON.stringify(
        confirmations.get(r.line.id)!.map((c) => ({ date: c.date, quantity: Number(c.quantity) })),
      ),
      confirmed_date: r.promise.confirmedDate,
      date_source: r.promise.source satisfies DateSource,
    })),
  );
}

export async function recordPromise(
  trx: Knex,
  line: repo.OrderLineRow,
  p: LinePromise,
  change: PromiseChange,
): Promise<void> {
  await recordPromises(trx, [{ line, promise: p, change }]);
}

/** Releases a line's reservation (cancellation): no confirmations, no capacity, a ledger version saying why. */
export async function releasePromise(
  trx: Knex,
  line: repo.OrderLineRow,
  change: PromiseChange,
): Promise<void> {
  await repo.replaceConfirmations(trx, line.id, []);
  await repo.replaceCapacityBookings(trx, line.id, []);
  await repo.updateLine(trx, line.id, { open: false, new_supply: '0', held_confirmations: null });
  await repo.insertLedger(trx, {
    order_line_id: line.id,
    version: (await repo.lastLedgerVersion(trx, line.id)) + 1,
    at: change.at,
    changed_by: change.changedBy,
    actor_id: change.actorId,
    reason: change.reason,
    requested_date: line.requested_date,
    quantity: line.quantity,
    confirmations: '[]',
    confirmed_date: null,
    date_source: 'none',
  });
}

/**
 * A new version of a promise that does not change (a customer's choice to wait): the line's
 * confirmations, capacity and flags stay as they are; only the ledger learns who decided and why.
 */
export async function recordKeptPromise(
  trx: Knex,
  line: repo.OrderLineRow,
  change: PromiseChange,
): Promise<void> {
  const held = await repo.findConfirmations(trx, [line.id]);
  await repo.insertLedger(trx, {
    order_line_id: line.id,
    version: (await repo.lastLedgerVersion(trx, line.id)) + 1,
    at: change.at,
    changed_by: change.changedBy,
    actor_id: change.actorId,
    reason: change.reason,
    requested_date: line.requested_date,
    quantity: line.quantity,
    confirmations: JSON.stringify(held.map((c) => ({ date: c.date, quantity: Number(c.quantity) }))),
    confirmed_date: line.confirmed_date,
    date_source: line.date_source,
  });
}
