import type { Knex } from 'knex';

/** Every SQL statement over return authorizations (rmas, rma_lines) and the ERP returns that close them. */

export interface RmaRow {
  id: string;
  rma_number: string;
  case_id: string;
  disposition: string;
  status: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** Set once the replacement of a `replace` return was ordered (migration 027). */
  replacement_order_id?: string | null;
}

export interface RmaLineRow {
  rma_id: string;
  line_no: number;
  order_id: string;
  order_line_no: number;
  sku: string;
  quantity: string | number;
  received_quantity: string | number;
  reason: string;
}

export async function insertRma(trx: Knex, rma: RmaRow, lines: RmaLineRow[]): Promise<void> {
  await trx('rmas').insert(rma);
  await trx('rma_lines').insert(lines);
}

export async function findRmasOfCase(
  db: Knex,
  caseId: string,
): Promise<{ rmas: RmaRow[]; lines: RmaLineRow[] }> {
  const rmas: RmaRow[] = await db('rmas')
    .where('case_id', caseId)
    .orderBy('created_at')
    .orderBy('rma_number');
  if (!rmas.length) return { rmas, lines: [] };
  const lines: RmaLineRow[] = await db('rma_lines')
    .whereIn(
      'rma_id',
      rmas.map((r) => r.id),
    )
    .orderBy('line_no');
  return { rmas, lines };
}

/**
 * Locks an order line and returns what shipped of it, so two authorizations for the same line
 * serialize and neither misses the other's quantity. The lock is a write that changes nothing
 * (shipped_qty set to itself): a row lock on PostgreSQL and SQL Server, the writer's lock on SQLite.
 */
export async function lockShippedLine(
  trx: Knex,
  orderId: string,
  lineNo: number,
): Promise<{ sku: string; shipped_qty: string | number; account_id: string } | undefined> {
  const locked = await trx('order_lines')
    .where({ order_id: orderId, line_no: lineNo })
    .update({ shipped_qty: trx.ref('shipped_qty') });
  if (!locked) return undefined;
  const line = await trx('order_lines')
    .where({ order_id: orderId, line_no: lineNo })
    .first('sku', 'shipped_qty');
  const order = await trx('orders').where('id', orderId).first('account_id');
  return { ...line, account_id: order.account_id };
}

/** The quantity already authorized for return of an order line, over all RMAs. */
export async function authorizedQuantity(
  trx: Knex,
  orderId: string,
  lineNo: number,
): Promise<string | number> {
  const row = (await trx('rma_lines')
    .where({ order_id: orderId, order_line_no: lineNo })
    .sum({ q: 'quantity' })
    .first()) as { q: string | number | null } | undefined;
  return row?.q ?? 0;
}

export interface RmaOutSourceRow {
  rma_number: string;
  line_no: number;
  erp_customer_id: string | null;
  order_number: string;
  order_line_no: number;
  sku: string;
  quantity: string | number;
  reason: string;
  disposition: string;
  authorized_at: string;
}

/** The RMA lines the ERP still has to receive (not yet received in full), for rma_out. */
export async function findRmaOutRows(db: Knex): Promise<RmaOutSourceRow[]> {
  return db('rma_lines as l')
    .join('rmas as r', 'r.id', 'l.rma_id')
    .join('orders as o', 'o.id', 'l.order_id')
    .join('accounts as a', 'a.id', 'o.account_id')
    .whereNot('r.status', 'received')
    .orderBy([{ column: 'r.rma_number' }, { column: 'l.line_no' }])
    .select(
      'r.rma_number',
      'l.line_no',
      'a.erp_customer_id',
      'o.number as order_number',
      'l.order_line_no',
      'l.sku',
      'l.quantity',
      'l.reason',
      'r.disposition',
      'r.created_at as authorized_at',
    );
}

export interface ReceiptChangeRow {
  rma_id: string;
  case_id: string;
  rma_number: string;
  line_no: number;
  received_quantity: string | number;
  erp_received: string | number;
}

/**
 * RMA lines whose received quantity differs from the sum of the ERP's `returns` rows naming them
 * (by rma_number + rma_line_no): a return booked again or corrected gives the same sum.
 */
export async function findReceiptChanges(db: Knex): Promise<ReceiptChangeRow[]> {
  const received = db('erp_returns as e')
    .whereRaw('?? = ??', ['e.rma_number', 'r.rma_number'])
    .whereRaw('?? = ??', ['e.rma_line_no', 'l.line_no'])
    .select(db.raw('coalesce(sum(??), 0)', ['e.quantity']));
  const rows: ReceiptChangeRow[] = await db('rma_lines as l')
    .join('rmas as r', 'r.id', 'l.rma_id')
    .select(
      'l.rma_id',
      'r.case_id',
      'r.rma_number',
      'l.line_no',
      'l.received_quantity',
      received.as('erp_received'),
    )
    .orderBy([{ column: 'r.rma_number' }, { column: 'l.line_no' }]);
  return rows;
}

export async function setReceived(trx: Knex, rmaId: string, lineNo: number, quantity: string): Promise<void> {
  await trx('rma_lines').where({ rma_id: rmaId, line_no: lineNo }).update({ received_quantity: quantity });
}

export async function findRmaLines(trx: Knex, rmaId: string): Promise<RmaLineRow[]> {
  return trx('rma_lines').where('rma_id', rmaId).orderBy('line_no');
}

export async function setRmaStatus(trx: Knex, rmaId: string, status: string, now: string): Promise<void> {
  await trx('rmas').where('id', rmaId).update({ status, updated_at: now });
}
