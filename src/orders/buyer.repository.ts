import type { Knex } from 'knex';
import { AccountScope, scopeToAccount } from '../shared/http/actor';

/** The reads of a buyer's home page: what needs the buyer, and what is coming or came. */

const PROMISED = ['confirmed', 'in_production', 'partially_shipped'];

export interface BuyerLineRow {
  order_id: string;
  number: string;
  customer_po: string | null;
  line_no: number;
  sku: string;
  quantity: string | number;
  confirmed_date: string | null;
  slip_reason: string | null;
}

const LINE_COLUMNS = [
  'o.id as order_id',
  'o.number',
  'o.customer_po',
  'l.line_no',
  'l.sku',
  'l.quantity',
  'l.confirmed_date',
  'l.slip_reason',
];

/** Slipped open lines whose slip the customer has not answered yet. */
export async function findLinesAwaitingChoice(db: Knex, scope: AccountScope): Promise<BuyerLineRow[]> {
  return scopeToAccount(
    db('order_lines as l').join('orders as o', 'o.id', 'l.order_id'),
    scope,
    'o.account_id',
  )
    .where('l.open', true)
    .whereIn('o.status', PROMISED)
    .whereNotNull('l.slipped_at')
    .where((w) => w.whereNull('l.slip_chosen_at').orWhereRaw('?? < ??', ['l.slip_chosen_at', 'l.slipped_at']))
    .orderBy([{ column: 'l.confirmed_date' }, { column: 'o.number' }, { column: 'l.line_no' }])
    .limit(50)
    .select(LINE_COLUMNS);
}

/** Open lines promised between two dates (inclusive). */
export async function findLinesDue(
  db: Knex,
  scope: AccountScope,
  from: string,
  to: string,
): Promise<BuyerLineRow[]> {
  return scopeToAccount(
    db('order_lines as l').join('orders as o', 'o.id', 'l.order_id'),
    scope,
    'o.account_id',
  )
    .where('l.open', true)
    .whereIn('o.status', PROMISED)
    .whereBetween('l.confirmed_date', [from, to])
    .orderBy([{ column: 'l.confirmed_date' }, { column: 'o.number' }, { column: 'l.line_no' }])
    .limit(50)
    .select(LINE_COLUMNS);
}

export interface RecentShipmentRow {
  order_id: string;
  number: string;
  order_line_no: number;
  sku: string;
  quantity: string | number;
  ship_date: string;
  delivered_date: string | null;
  carrier: string | null;
  tracking_no: string | null;
}

/** The ERP's shipments of the account's orders shipped or delivered since a date, newest first. */
export async function findRecentShipments(
  db: Knex,
  scope: AccountScope,
  since: string,
): Promise<RecentShipmentRow[]> {
  return scopeToAccount(
    db('erp_shipments as s').join('orders as o', 'o.number', 's.order_ref'),
    scope,
    'o.account_id',
  )
    .where((w) => w.where('s.delivered_date', '>=', since).orWhere('s.ship_date', '>=', since))
    .orderBy([
      { column: 's.ship_date', order: 'desc' },
      { column: 'o.number', order: 'desc' },
    ])
    .limit(20)
    .select(
      'o.id as order_id',
      'o.number',
      's.order_line_no',
      's.sku',
      's.quantity',
      's.ship_date',
      's.delivered_date',
      's.carrier',
      's.tracking_no',
    );
}
