import type { Knex } from 'knex';

/**
 * Reads for the outbound order export (orders_out). Reads only: what the ERP receives is derived
 * from orders, their lines and current confirmations each time, so nothing here is written.
 * Lists of ids stay within every dialect's parameter limit: callers pass at most EXPORT_PAGE.
 */
export const EXPORT_PAGE = 500;

type Qty = string | number;

export interface ExportOrderRow {
  id: string;
  number: string;
  status: string;
  customer_po: string | null;
  ship_complete: boolean | number;
  updated_at: string;
  erp_customer_id: string | null;
  payment_terms: string | null;
  incoterm: string | null;
  incoterm_place: string | null;
  currency: string | null;
  site_code: string | null;
}

export interface ExportLineRow {
  order_id: string;
  line_no: number;
  sku: string;
  site_code: string;
  quantity: Qty;
  requested_date: string;
  confirmed_date: string | null;
  net_price: Qty | null;
  line_total: Qty | null;
  description: string | null;
  transit_days: number | string | null;
  promised_by: string | null;
}

/** A non-catalog line (from an accepted quote): dated by its lead time, no sku, no reservation. */
export interface ExportCustomLineRow {
  order_id: string;
  line_no: number;
  description: string;
  quantity: Qty;
  requested_date: string;
  promised_date: string | null;
  net_price: Qty | null;
  line_total: Qty | null;
}

export interface ExportConfirmationRow {
  order_id: string;
  line_no: number;
  date: string;
  quantity: Qty;
}

/**
 * Which orders: the given ones, or the current picture: every order not yet finished, and the
 * finished ones (cancelled, say) changed since `finishedSince`, so the ERP learns of the change.
 */
export type ExportSelection =
  | { orderIds: readonly string[] }
  | { finishedStatuses: readonly string[]; finishedSince: string };

/** A page of the selected orders with their account's ERP terms, by order number after `after`. */
export async function findExportOrders(
  db: Knex,
  selection: ExportSelection,
  after: string | null,
  limit: number,
): Promise<ExportOrderRow[]> {
  const q = db('orders')
    .join('accounts', 'accounts.id', 'orders.account_id')
    .select(
      'orders.id',
      'orders.number',
      'orders.status',
      'orders.customer_po',
      'orders.ship_complete',
      'orders.updated_at',
      'accounts.erp_customer_id',
      // The terms frozen from an accepted quote win over the account's ERP default.
      db.raw('coalesce(??, ??) as ??', ['orders.payment_terms', 'accounts.payment_terms', 'payment_terms']),
      'orders.incoterm',
      'orders.incoterm_place',
      'orders.currency',
      'orders.site_code',
    );
  if ('orderIds' in selection) {
    q.whereIn('orders.id', [...selection.orderIds]);
  } else {
    const { finishedStatuses, finishedSince } = selection;
    q.where((w) =>
      w.whereNotIn('orders.status', [...finishedStatuses]).orWhere('orders.updated_at', '>=', finishedSince),
    );
  }
  if (after !== null) q.where('orders.number', '>', after);
  return q.orderBy('orders.number').limit(limit);
}

export async function findExportLines(db: Knex, orderIds: readonly string[]): Promise<ExportLineRow[]> {
  return db('order_lines')
    .leftJoin('items', 'items.sku', 'order_lines.sku')
    .whereIn('order_lines.order_id', [...orderIds])
    .orderBy([{ column: 'order_lines.order_id' }, { column: 'order_lines.line_no' }])
    .select(
      'order_lines.order_id',
      'order_lines.line_no',
      'order_lines.sku',
      'order_lines.site_code',
      'order_lines.quantity',
      'order_lines.requested_date',
      'order_lines.confirmed_date',
      'order_lines.net_price',
      'order_lines.line_total',
      'items.description',
      'order_lines.transit_days',
      'order_lines.promised_by',
    );
}

export async function findExportCustomLines(
  db: Knex,
  orderIds: readonly string[],
): Promise<ExportCustomLineRow[]> {
  return db('order_custom_lines')
    .whereIn('order_id', [...orderIds])
    .orderBy([{ column: 'order_id' }, { column: 'line_no' }])
    .select(
      'order_id',
      'line_no',
      'description',
      'quantity',
      'requested_date',
      'promised_date',
      'net_price',
      'line_total',
    );
}

/** The current confirmations (dated quantities) of the orders' lines, earliest first. */
export async function findExportConfirmations(
  db: Knex,
  orderIds: readonly string[],
): Promise<ExportConfirmationRow[]> {
  return db('order_line_confirmations')
    .join('order_lines', 'order_lines.id', 'order_line_confirmations.order_line_id')
    .whereIn('order_lines.order_id', [...orderIds])
    .orderBy([
      { column: 'order_lines.order_id' },
      { column: 'order_lines.line_no' },
      { column: 'order_line_confirmations.date' },
      { column: 'order_line_confirmations.id' },
    ])
    .select(
      'order_lines.order_id',
      'order_lines.line_no',
      'order_line_confirmations.date',
      'order_line_confirmations.quantity',
    );
}
