import type { Knex } from 'knex';
import { readRows } from '../shared/db/array-rows';
import { chunks } from '../shared/db/chunks';
import { AccountScope, scopeToAccount } from '../shared/http/actor';

type Qty = string | number;

export interface OrderRow {
  id: string;
  number: string;
  account_id: string;
  customer_po: string | null;
  site_code: string | null;
  ship_complete: boolean | number;
  status: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  // Frozen from an accepted quote (null for orders taken directly).
  quote_id?: string | null;
  quote_revision?: number | null;
  currency?: string | null;
  payment_terms?: string | null;
  incoterm?: string | null;
  incoterm_place?: string | null;
  terms_note?: string | null;
  total?: Qty | null;
}

export interface OrderLineRow {
  id: string;
  order_id: string;
  line_no: number;
  sku: string;
  site_code: string;
  quantity: Qty;
  requested_date: string;
  confirmed_date: string | null;
  date_source: string;
  new_supply: Qty;
  erp_ref: string;
  open: boolean | number;
  /** The sum of the line's ERP shipments (kept by the sync); absent on rows made before they are stored. */
  shipped_qty?: Qty;
  slipped_at: string | null;
  slip_reason: string | null;
  /** The customer's answer to the line's last slip (wait, split, cancel) and when; absent on rows made before migration 013. */
  slip_choice?: string | null;
  slip_chosen_at?: string | null;
  /** The line's confirmations as folded text (held-confirmations.ts); absent on rows made before any promise. */
  held_confirmations?: string | null;
  unit_price?: Qty | null;
  discount_pct?: Qty | null;
  net_price?: Qty | null;
  line_total?: Qty | null;
  /** Dates by Incoterm (delivery-dates.ts): the lane's transit days, the promised date's kind, why not arrival. */
  transit_days?: number | null;
  promised_by?: string;
  date_note?: string | null;
}

/** A non-catalog line of an accepted quote: priced, dated by its lead time, not promised from ATP. */
export interface CustomLineRow {
  id: string;
  order_id: string;
  line_no: number;
  description: string;
  quantity: Qty;
  requested_date: string;
  promised_date: string | null;
  lead_time_days: number | null;
  unit_price: Qty;
  discount_pct: Qty;
  net_price: Qty;
  line_total: Qty;
}

export interface ConfirmationRow {
  order_line_id: string;
  sku: string;
  site_code: string;
  date: string;
  quantity: Qty;
}

export interface LedgerRow {
  order_line_id: string;
  version: number;
  at: string;
  changed_by: string;
  actor_id: string | null;
  reason: string | null;
  requested_date: string;
  quantity: Qty;
  confirmations: string;
  confirmed_date: string | null;
  date_source: string;
}

/**
 * Takes the ATP lock of each sku, in sorted order so two orders never wait on each other in a
 * cycle: a row lock on PostgreSQL and SQL Server, and on SQLite the write that makes this
 * transaction the one writer (a deferred transaction whose first statement writes waits on the
 * busy timeout, then reads the latest data).
 */
export async function lockSkus(trx: Knex, skus: string[]): Promise<void> {
  for (const sku of [...new Set(skus)].sort()) await trx('items').where({ sku }).increment('atp_version', 1);
}

export async function insertOrder(trx: Knex, row: OrderRow): Promise<void> {
  await trx('orders').insert(row);
}

export async function insertCustomLines(trx: Knex, rows: CustomLineRow[]): Promise<void> {
  for (const c of chunks(rows, 150)) await trx('order_custom_lines').insert(c);
}

export async function findCustomLines(db: Knex, orderId: string): Promise<CustomLineRow[]> {
  return readRows<CustomLineRow>(
    db,
    db('order_custom_lines').where({ order_id: orderId }).orderBy('line_no'),
  );
}

export async function insertLine(trx: Knex, row: OrderLineRow): Promise<void> {
  await trx('order_lines').insert(row);
}

export async function updateLine(trx: Knex, id: string, patch: Partial<OrderLineRow>): Promise<void> {
  await trx('order_lines').where({ id }).update(patch);
}

export async function updateOrderTotal(trx: Knex, id: string, total: string): Promise<void> {
  await trx('orders').where({ id }).update({ total });
}

export async function deleteConfirmations(trx: Knex, lineIds: string[]): Promise<void> {
  for (const ids of chunks(lineIds, 500))
    await trx('order_line_confirmations').whereIn('order_line_id', ids).delete();
}

export async function insertConfirmations(trx: Knex, rows: ConfirmationRow[]): Promise<void> {
  for (const c of chunks(rows, 400)) await trx('order_line_confirmations').insert(c);
}

export async function deleteCapacityBookings(trx: Knex, lineIds: string[]): Promise<void> {
  for (const ids of chunks(lineIds, 500))
    await trx('capacity_reservations').whereIn('order_line_id', ids).delete();
}

export async function insertCapacityBookings(
  trx: Knex,
  rows: Array<{ order_line_id: string; family: string; site_code: string; date: string; units: string }>,
): Promise<void> {
  for (const c of chunks(rows, 400)) await trx('capacity_reservations').insert(c);
}

export async function insertLedgerRows(trx: Knex, rows: LedgerRow[]): Promise<void> {
  for (const c of chunks(rows, 150)) await trx('promise_ledger').insert(c);
}

export interface LinePromiseUpdate {
  id: string;
  confirmed_date: string | null;
  date_source: string;
  new_supply: string;
  /** False once the line is shipped in full: it reserves nothing any more. */
  open: boolean;
  /** Null keeps the line's current slip flag. */
  slipped_at: string | null;
  slip_reason: string | null;
  /** The line's confirmations as folded text (held-confirmations.ts), written with them. */
  held_confirmations: string | null;
}

export async function replaceConfirmations(
  trx: Knex,
  lineId: string,
  rows: ConfirmationRow[],
): Promise<void> {
  await trx('order_line_confirmations').where({ order_line_id: lineId }).delete();
  if (rows.length) await trx('order_line_confirmations').insert(rows);
}

export async function replaceCapacityBookings(
  trx: Knex,
  lineId: string,
  rows: Array<{ order_line_id: string; family: string; site_code: string; date: string; units: string }>,
): Promise<void> {
  await trx('capacity_reservations').where({ order_line_id: lineId }).delete();
  if (rows.length) await trx('capacity_reservations').insert(rows);
}

export async function insertLedger(trx: Knex, row: LedgerRow): Promise<void> {
  await trx('promise_ledger').insert(row);
}

export async function lastLedgerVersion(trx: Knex, lineId: string): Promise<number> {
  const row = (await trx('promise_ledger').where({ order_line_id: lineId }).max({ v: 'version' }).first()) as
    | { v: number | null }
    | undefined;
  return Number(row?.v ?? 0);
}

export async function insertStatusHistory(
  trx: Knex,
  row: {
    order_id: string;
    from_status: string | null;
    to_status: string;
    at: string;
    actor_id: string | null;
    reason: string | null;
  },
): Promise<void> {
  await trx('order_status_history').insert(row);
}

export async function findOrder(db: Knex, scope: AccountScope, id: string): Promise<OrderRow | undefined> {
  const rows = await readRows<OrderRow>(db, scopeToAccount(db('orders').where('id', id), scope).limit(1));
  return rows[0];
}

export async function listOrders(
  db: Knex,
  scope: AccountScope,
  filter: { accountId?: string; status?: string; search?: string },
  limit: number,
  after: [string, string] | null,
): Promise<OrderRow[]> {
  const q = scopeToAccount(db<OrderRow>('orders').select('orders.*'), scope);
  if (filter.accountId) q.where('account_id', filter.accountId);
  if (filter.status) q.where('status', filter.status);
  if (filter.search) {
    // The buyer's search box: order number, its own PO or an item on a line, case-insensitive
    // on every dialect (PostgreSQL's LIKE is not), wildcards in the text taken literally.
    const like = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q.where((w) =>
      w
        .whereRaw("lower(??) like ? escape '\\'", ['orders.number', like])
        .orWhereRaw("lower(??) like ? escape '\\'", ['orders.customer_po', like])
        .orWhereExists(
          db('order_lines as sl')
            .select(db.raw('1'))
            .whereRaw('?? = ??', ['sl.order_id', 'orders.id'])
            .andWhereRaw("lower(??) like ? escape '\\'", ['sl.sku', like]),
        ),
    );
  }
  if (after)
    q.where((w) =>
      w
        .where('created_at', '<', after[0])
        .orWhere((x) => x.where('created_at', after[0]).andWhere('id', '<', after[1])),
    );
  return q
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit + 1);
}

export async function findLines(db: Knex, orderIds: string[]): Promise<OrderLineRow[]> {
  if (!orderIds.length) return [];
  return readRows<OrderLineRow>(
    db,
    db('order_lines')
      .whereIn('order_id', orderIds)
      .orderBy([{ column: 'order_id' }, { column: 'line_no' }]),
  );
}

export async function findConfirmations(db: Knex, lineIds: string[]): Promise<ConfirmationRow[]> {
  if (!lineIds.length) return [];
  return readRows<ConfirmationRow>(
    db,
    db('order_line_confirmations')
      .whereIn('order_line_id', lineIds)
      .orderBy([{ column: 'order_line_id' }, { column: 'date' }]),
  );
}

export async function findLedger(db: Knex, lineIds: string[]): Promise<LedgerRow[]> {
  if (!lineIds.length) return [];
  return readRows<LedgerRow>(
    db,
    db('promise_ledger')
      .whereIn('order_line_id', lineIds)
      .orderBy([{ column: 'order_line_id' }, { column: 'version' }]),
  );
}

export async function findStatusHistory(db: Knex, orderId: string) {
  return readRows<Record<string, unknown>>(
    db,
    db('order_status_history')
      .where({ order_id: orderId })
      .orderBy('id')
      .select('from_status', 'to_status', 'at', 'actor_id', 'reason'),
  );
}

export async function findShipments(db: Knex, orderNumber: string) {
  return readRows<Record<string, unknown>>(
    db,
    db('erp_shipments')
      .where({ order_ref: orderNumber })
      .orderBy([{ column: 'ship_date' }, { column: 'shipment_ref' }, { column: 'line_no' }])
      .select(
        'shipment_ref',
        'line_no',
        'order_line_no',
        'sku',
        'quantity',
        'ship_date',
        'carrier',
        'tracking_no',
        'delivered_date',
      ),
  );
}

/**
 * Locks an order for a change (row lock on PostgreSQL and SQL Server, the write lock on SQLite)
 * while it is in one of the given statuses; false when it is not (or not there).
 */
export async function lockOrder(
  trx: Knex,
  scope: AccountScope,
  id: string,
  statuses: string[],
  now: string,
): Promise<boolean> {
  return (
    (await scopeToAccount(trx('orders').where('id', id).whereIn('status', statuses), scope).update({
      updated_at: now,
    })) === 1
  );
}

/** A status change only from the status the caller saw: of two racing changes, one wins. */
export async function updateOrderStatus(
  trx: Knex,
  id: string,
  from: string,
  to: string,
  now: string,
): Promise<boolean> {
  return (await trx('orders').where({ id, status: from }).update({ status: to, updated_at: now })) === 1;
}
