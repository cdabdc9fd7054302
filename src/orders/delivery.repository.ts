import { readRows } from '../shared/db/array-rows';
import type { Knex } from 'knex';
import type { CustomLineRow } from './orders.repository';

/** Transit days of the ERP's lanes from these sites to one country, by site. */
export async function findTransitDays(
  db: Knex,
  sites: string[],
  country: string,
): Promise<Map<string, number>> {
  if (!sites.length) return new Map();
  const rows = (await db('erp_transit_lanes')
    .whereIn('site_code', sites)
    .where('country', country.toUpperCase())
    .select('site_code', 'transit_days')) as Array<{ site_code: string; transit_days: number | string }>;
  return new Map(rows.map((r) => [r.site_code, Number(r.transit_days)]));
}

/** The customer's country and its quote defaults (a direct order takes its Incoterm from them). */
export async function findOrderAccount(
  db: Knex,
  id: string,
): Promise<
  | {
      country: string | null;
      erp_customer_id: string | null;
      currency: string | null;
      payment_terms: string | null;
      default_incoterm: string | null;
      default_incoterm_place: string | null;
      default_terms_note: string | null;
    }
  | undefined
> {
  return db('accounts')
    .where({ id })
    .first(
      'country',
      'erp_customer_id',
      'currency',
      'payment_terms',
      'default_incoterm',
      'default_incoterm_place',
      'default_terms_note',
    );
}

/** Per order line number of one order: what its ERP shipments add up to, and what of that is delivered. */
export async function sumShipments(
  db: Knex,
  orderNumbers: string[],
): Promise<
  Array<{
    order_ref: string;
    order_line_no: number;
    shipped: string | number;
    delivered: string | number | null;
  }>
> {
  if (!orderNumbers.length) return [];
  return db('erp_shipments')
    .whereIn('order_ref', orderNumbers)
    .groupBy('order_ref', 'order_line_no')
    .select(
      'order_ref',
      'order_line_no',
      db.raw('sum(??) as ??', ['quantity', 'shipped']),
      db.raw('sum(case when ?? is not null then ?? else 0 end) as ??', [
        'delivered_date',
        'quantity',
        'delivered',
      ]),
    );
}

/**
 * The open ERP supply of these skus at these sites due on or before `until`, latest first: the
 * receipt covering a line dated from supply is the latest one due by its date.
 */
export async function findSupplyUpTo(
  db: Knex,
  skus: string[],
  until: string,
): Promise<Array<{ sku: string; site_code: string; due_date: string; status: string | null }>> {
  if (!skus.length) return [];
  // readRows: part of the order's read, the portal's busiest (see readRows).
  return readRows(
    db,
    db('erp_supply')
      .whereIn('sku', [...new Set(skus)])
      .whereNull('closed_at')
      .where('open_qty', '>', 0)
      .where('due_date', '<=', until)
      .orderBy([{ column: 'due_date', order: 'desc' }, { column: 'ref' }])
      .select('sku', 'site_code', 'due_date', 'status'),
  );
}

/** Orders whose status a shipment can move, that the ERP has shipments of. */
export async function findOrdersWithShipments(db: Knex, statuses: string[]): Promise<Array<{ id: string }>> {
  return db('orders')
    .whereIn('status', statuses)
    .whereExists(
      db('erp_shipments')
        .select(db.raw('1'))
        .whereRaw('?? = ??', ['erp_shipments.order_ref', 'orders.number']),
    )
    .select('id');
}

/** The non-catalog lines of many orders (the orders list shows their progress too). */
export async function findCustomLinesOf(db: Knex, orderIds: string[]): Promise<CustomLineRow[]> {
  if (!orderIds.length) return [];
  return (await db('order_custom_lines')
    .whereIn('order_id', orderIds)
    .orderBy([{ column: 'order_id' }, { column: 'line_no' }])) as CustomLineRow[];
}
