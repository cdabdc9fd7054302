import type { Knex } from 'knex';

/**
 * The work queues' order lines: the account manager's slipped or overdue lines and the lines that
 * slipped in the planner's last sync. Each row links to the order's page.
 */
export interface QueueLineRow {
  order_id: string;
  number: string;
  account_id: string;
  account_name: string;
  line_no: number;
  sku: string;
  confirmed_date: string | null;
  slipped_at: string | null;
  slip_reason: string | null;
}

const lineColumns = [
  'o.id as order_id',
  'o.number',
  'o.account_id',
  'a.name as account_name',
  'l.line_no',
  'l.sku',
  'l.confirmed_date',
  'l.slipped_at',
  'l.slip_reason',
];
const CLOSED_ORDERS = ['cancelled', 'shipped', 'delivered'];

/** Open lines on the manager's accounts that slipped or whose confirmed date has passed. */
export async function findSlippedOrOverdueLinesFor(
  db: Knex,
  email: string,
  today: string,
  limit: number,
): Promise<QueueLineRow[]> {
  return db('order_lines as l')
    .join('orders as o', 'o.id', 'l.order_id')
    .join('accounts as a', 'a.id', 'o.account_id')
    .where('a.account_manager_email', email)
    .where('l.open', true)
    .whereNotIn('o.status', CLOSED_ORDERS)
    .where((w) => w.whereNotNull('l.slipped_at').orWhere('l.confirmed_date', '<', today))
    .select(lineColumns)
    .orderBy([
      { column: 'o.number', order: 'asc' },
      { column: 'l.line_no', order: 'asc' },
    ])
    .limit(limit);
}

/** Open lines that slipped at or after the instant given (the last sync's start). */
export async function findLinesSlippedSince(db: Knex, since: string, limit: number): Promise<QueueLineRow[]> {
  return db('order_lines as l')
    .join('orders as o', 'o.id', 'l.order_id')
    .join('accounts as a', 'a.id', 'o.account_id')
    .where('l.open', true)
    .where('l.slipped_at', '>=', since)
    .select(lineColumns)
    .orderBy([
      { column: 'o.number', order: 'asc' },
      { column: 'l.line_no', order: 'asc' },
    ])
    .limit(limit);
}
