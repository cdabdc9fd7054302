import type { Knex } from 'knex';
import type { LinePromise } from '../atp/atp.service';
import { milliText } from '../atp/quantity';
import type { DateSource } from '../atp/atp.types';
import * as repo from './orders.repository';

export type ChangedBy = 'intake' | 'reconfirmation' | 'planner' | 'customer' | 'account_manager' | 'cancellation';

export interface PromiseChange {
  changedBy: ChangedBy;
  actorId: string | null;
  reason: string | null;
  at: string;
}

/**
 * Stores a line's promise: its confirmations (which are its reservations), the capacity it takes,
 * the new supply it counts on, and a new version in the ledger. The one write path of a promise,
 * so the ledger can never miss a change.
 */
export async function recordPromise(trx: Knex, line: repo.OrderLineRow, p: LinePromise, change: PromiseChange): Promise<void> {
  const confirmations = p.confirmations.map((c) => ({ order_line_id: line.id, sku: line.sku, site_code: line.site_code, date: c.date, quantity: milliText(c.qty) }));
  await repo.replaceConfirmations(trx, line.id, confirmations);
  await repo.replaceCapacityBookings(
    trx,
    line.id,
    p.family ? p.capacityUsed.map((c) => ({ order_line_id: line.id, family: p.family!, site_code: line.site_code, date: c.date, units: milliText(c.qty) })) : [],
  );
  await repo.updateLine(trx, line.id, { confirmed_date: p.confirmedDate, date_source: p.source, new_supply: milliText(p.newSupply) });
  const version = (await repo.lastLedgerVersion(trx, line.id)) + 1;
  await repo.insertLedger(trx, {
    order_line_id: line.id,
    version,
    at: change.at,
    changed_by: change.changedBy,
    actor_id: change.actorId,
    reason: change.reason,
    requested_date: line.requested_date,
    quantity: line.quantity,
    confirmations: JSON.stringify(confirmations.map((c) => ({ date: c.date, quantity: Number(c.quantity) }))),
    confirmed_date: p.confirmedDate,
    date_source: p.source satisfies DateSource,
  });
}

/** Releases a line's reservation (cancellation): no confirmations, no capacity, a ledger version saying why. */
export async function releasePromise(trx: Knex, line: repo.OrderLineRow, change: PromiseChange): Promise<void> {
  await repo.replaceConfirmations(trx, line.id, []);
  await repo.replaceCapacityBookings(trx, line.id, []);
  await repo.updateLine(trx, line.id, { open: false, new_supply: '0' });
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
