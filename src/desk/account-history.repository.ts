import type { Knex } from 'knex';
import { byThenId } from './queue-order';

/**
 * The reads behind the account list and the account page: accounts found by name, ERP id,
 * country or manager, and the account's requests, quotes, orders and shipments, newest first.
 * Other domains' tables, read here only to show them (each links to the page that acts on it).
 */
export interface AccountSearch {
  /** Part of the name or the ERP id, any case. */
  text?: string;
  country?: string;
  managerEmail?: string;
}

/** LIKE's own characters in a search text match themselves ('!' is the escape on every dialect). */
const likeTerm = (s: string) => `%${s.toLowerCase().replace(/[!%_[]/g, (c) => `!${c}`)}%`;

export async function searchAccounts(db: Knex, s: AccountSearch, limit: number) {
  const q = db('accounts').select(
    'id',
    'name',
    'erp_customer_id',
    'country',
    'account_manager_email',
    'active',
  );
  if (s.text !== undefined) {
    const term = likeTerm(s.text);
    q.where((w) =>
      w
        .whereRaw("lower(??) like ? escape '!'", ['name', term])
        .orWhereRaw("lower(??) like ? escape '!'", ['erp_customer_id', term]),
    );
  }
  if (s.country !== undefined) q.whereRaw('lower(??) = ?', ['country', s.country.toLowerCase()]);
  if (s.managerEmail !== undefined)
    q.whereRaw("lower(??) like ? escape '!'", ['account_manager_email', likeTerm(s.managerEmail)]);
  return q.orderBy(byThenId('name')).limit(limit);
}

/** The account's history for its page, newest first, each list capped at `limit`. */
export async function findAccountRequests(db: Knex, accountId: string, limit: number) {
  return db('quote_requests')
    .where('account_id', accountId)
    .select('id', 'number', 'status', 'created_at')
    .orderBy(byThenId('created_at', 'desc'))
    .limit(limit);
}

export async function findAccountQuotes(db: Knex, accountId: string, limit: number) {
  return db('quotes')
    .where('account_id', accountId)
    .select('id', 'number', 'status', 'revision', 'valid_until', 'updated_at')
    .orderBy(byThenId('updated_at', 'desc'))
    .limit(limit);
}

export async function findAccountOrders(db: Knex, accountId: string, limit: number) {
  return db('orders')
    .where('account_id', accountId)
    .select('id', 'number', 'status', 'customer_po', 'created_at')
    .orderBy(byThenId('created_at', 'desc'))
    .limit(limit);
}

export async function findAccountShipments(db: Knex, accountId: string, limit: number) {
  return db('erp_shipments as s')
    .join('orders as o', 'o.number', 's.order_ref')
    .where('o.account_id', accountId)
    .select(
      's.shipment_ref',
      's.line_no',
      'o.id as order_id',
      'o.number',
      's.order_line_no',
      's.sku',
      's.quantity',
      's.ship_date',
      's.carrier',
      's.tracking_no',
      's.delivered_date',
    )
    .orderBy([
      { column: 's.ship_date', order: 'desc' },
      { column: 's.shipment_ref', order: 'desc' },
      { column: 's.line_no', order: 'desc' },
    ])
    .limit(limit);
}
