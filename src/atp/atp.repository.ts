import type { Knex } from 'knex';
import { readInChunks } from '../shared/db/chunks';

/**
 * Reads what ATP needs for one sku at one site: range queries on (sku, site_code, date) indexes,
 * never whole tables, summed per day (ATP works in daily buckets): ERP supply and demand as the
 * sync keeps them summed, the rest in SQL. Quantities come back as the database gives them: exact
 * decimals on PostgreSQL and SQL Server, REAL sums on SQLite that the loader rounds to
 * thousandths, far above their float error.
 */
type Qty = string | number;

/**
 * The order statuses whose lines hold reservations, which ATP counts as demand and as new supply.
 * Once shipped, the ERP's stock already reflects the goods, so counting the lines too would count
 * the units twice. ATP owns the list, so that it never imports orders; orders types it as its own
 * statuses (orders.schemas.ts).
 */
export const RESERVING_STATUSES = ['draft', 'confirmed', 'in_production', 'partially_shipped'] as const;

export interface ItemPlanningRow {
  sku: string;
  make_or_buy: 'make' | 'buy';
  lead_time_days: number;
  family: string | null;
  active: boolean | number;
}

export async function findPlanningItem(db: Knex, sku: string): Promise<ItemPlanningRow | undefined> {
  return db<ItemPlanningRow>('items')
    .where({ sku })
    .first('sku', 'make_or_buy', 'lead_time_days', 'family', 'active');
}

export async function findPlanningItems(db: Knex, skus: string[]): Promise<ItemPlanningRow[]> {
  return db<ItemPlanningRow>('items')
    .whereIn('sku', skus)
    .select('sku', 'make_or_buy', 'lead_time_days', 'family', 'active');
}

export async function siteExists(db: Knex, siteCode: string): Promise<boolean> {
  return (await db('sites').where({ site_code: siteCode }).first('site_code')) !== undefined;
}

/** A site's time zone (IANA name), as the ERP gives it; null when it gives none. */
export async function findSiteTimezone(db: Knex, siteCode: string): Promise<string | null> {
  return (
    (
      (await db('sites').where({ site_code: siteCode }).first('timezone')) as
        | { timezone: string | null }
        | undefined
    )?.timezone ?? null
  );
}

/** Every site's time zone: a manufacturer has a handful of sites. */
export async function findSiteTimezones(
  db: Knex,
): Promise<Array<{ site_code: string; timezone: string | null }>> {
  return db('sites').select('site_code', 'timezone');
}

/** The site an order line defaults to: where the sku has the most available stock, else open supply, else the first site. */
export async function findDefaultSite(db: Knex, sku: string): Promise<string | undefined> {
  const stocked = await db('erp_stock')
    .where({ sku })
    .whereNull('closed_at')
    .orderByRaw('(on_hand - blocked) desc')
    .orderBy('site_code')
    .first('site_code');
  if (stocked) return (stocked as { site_code: string }).site_code;
  const supplied = await db('erp_supply')
    .where({ sku })
    .whereNull('closed_at')
    .orderBy('due_date')
    .first('site_code');
  if (supplied) return (supplied as { site_code: string }).site_code;
  return ((await db('sites').orderBy('site_code').first('site_code')) as { site_code: string } | undefined)
    ?.site_code;
}

export async function findAvailableStock(
  db: Knex,
  sku: string,
  site: string,
): Promise<{ on_hand: Qty; blocked: Qty } | undefined> {
  return db('erp_stock').where({ sku, site_code: site }).whereNull('closed_at').first('on_hand', 'blocked');
}

/** Open supply per day, as the sync sums it (daily-sums.repository.ts): a row per day, however many receipts. */
export async function findOpenReceipts(
  db: Knex,
  sku: string,
  site: string,
  horizon: string,
): Promise<Array<{ date: string; qty: Qty }>> {
  return db('erp_supply_daily')
    .where({ sku, site_code: site })
    .where('due_date', '<=', horizon)
    .select({ date: 'due_date', qty: 'open_qty' });
}

/** ERP demand per day, less the rows that name a FactoryDesk order line (the line's own confirmations), as the sync sums it. */
export async function findOpenErpDemand(
  db: Knex,
  sku: string,
  site: string,
  horizon: string,
): Promise<Array<{ date: string; qty: Qty }>> {
  return db('erp_demand_daily')
    .where({ sku, site_code: site })
    .where('due_date', '<=', horizon)
    .select({ date: 'due_date', qty: 'open_qty' });
}

export async function findConfirmedDemand(
  db: Knex,
  sku: string,
  site: string,
): Promise<Array<{ date: string; qty: Qty }>> {
  return db('order_line_confirmations as c')
    .join('order_lines as ol', 'ol.id', 'c.order_line_id')
    .join('orders as o', 'o.id', 'ol.order_id')
    .where({ 'c.sku': sku, 'c.site_code': site })
    .whereIn('o.status', RESERVING_STATUSES)
    .groupBy('c.date')
    .select({ date: 'c.date' }, db.raw('sum(??) as ??', ['c.quantity', 'qty']));
}

export async function findCapacity(
  db: Knex,
  family: string,
  site: string,
  from: string,
  to: string,
): Promise<Array<{ date: string; qty: Qty }>> {
  return db('erp_capacity')
    .where({ family, site_code: site })
    .whereBetween('date', [from, to])
    .orderBy('date')
    .select({ date: 'date', qty: 'units' });
}

export async function findCapacityBooked(
  db: Knex,
  family: string,
  site: string,
  from: string,
  to: string,
): Promise<Array<{ date: string; qty: Qty }>> {
  return db('capacity_reservations')
    .where({ family, site_code: site })
    .whereBetween('date', [from, to])
    .groupBy('date')
    .select('date', db.raw('sum(??) as ??', ['units', 'qty']));
}

/** Receipts that promises count on beyond scheduled supply: open lines confirmed from lead time or capacity. */
export async function findNewSupply(
  db: Knex,
  sku: string,
  site: string,
): Promise<Array<{ date: string; qty: Qty }>> {
  return db('order_lines as ol')
    .join('orders as o', 'o.id', 'ol.order_id')
    .where({ 'ol.sku': sku, 'ol.site_code': site, 'ol.open': true })
    .whereIn('o.status', RESERVING_STATUSES)
    .where('ol.new_supply', '>', 0)
    .whereNotNull('ol.confirmed_date')
    .select({ date: 'ol.confirmed_date', qty: 'ol.new_supply' });
}

// ---- Many skus at once: the risk recompute reads every sku's picture after a sync ---------------

export interface SiteDatedQty {
  sku: string;
  site_code: string;
  date: string;
  qty: Qty;
}

export async function findAvailableStockOf(
  db: Knex,
  skus: readonly string[],
): Promise<Array<{ sku: string; site_code: string; on_hand: Qty; blocked: Qty }>> {
  return readInChunks(skus, (part) =>
    db('erp_stock')
      .whereIn('sku', part)
      .whereNull('closed_at')
      .select('sku', 'site_code', 'on_hand', 'blocked'),
  );
}

/** A daily-sums table of the sync (erp_supply_daily, erp_demand_daily) for many skus, up to a date. */
const dailySumsOf = (db: Knex, table: string, skus: readonly string[], horizon: string) =>
  readInChunks<SiteDatedQty>(skus, (part) =>
    db(table)
      .whereIn('sku', part)
      .where('due_date', '<=', horizon)
      .select('sku', 'site_code', { date: 'due_date', qty: 'open_qty' }),
  );

export const findOpenReceiptsOf = (db: Knex, skus: readonly string[], horizon: string) =>
  dailySumsOf(db, 'erp_supply_daily', skus, horizon);

export const findOpenErpDemandOf = (db: Knex, skus: readonly string[], horizon: string) =>
  dailySumsOf(db, 'erp_demand_daily', skus, horizon);

export async function findConfirmedDemandOf(db: Knex, skus: readonly string[]): Promise<SiteDatedQty[]> {
  return readInChunks(skus, (part) =>
    db('order_line_confirmations as c')
      .join('order_lines as ol', 'ol.id', 'c.order_line_id')
      .join('orders as o', 'o.id', 'ol.order_id')
      .whereIn('c.sku', part)
      .whereIn('o.status', RESERVING_STATUSES)
      .groupBy('c.sku', 'c.site_code', 'c.date')
      .select(
        { sku: 'c.sku', site_code: 'c.site_code', date: 'c.date' },
        db.raw('sum(??) as ??', ['c.quantity', 'qty']),
      ),
  );
}

export async function findNewSupplyOf(db: Knex, skus: readonly string[]): Promise<SiteDatedQty[]> {
  return readInChunks(skus, (part) =>
    db('order_lines as ol')
      .join('orders as o', 'o.id', 'ol.order_id')
      .whereIn('ol.sku', part)
      .where('ol.open', true)
      .whereIn('o.status', RESERVING_STATUSES)
      .where('ol.new_supply', '>', 0)
      .whereNotNull('ol.confirmed_date')
      .select({ sku: 'ol.sku', site_code: 'ol.site_code', date: 'ol.confirmed_date', qty: 'ol.new_supply' }),
  );
}
