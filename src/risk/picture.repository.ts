import type { Knex } from 'knex';
import { RESERVING_STATUSES } from '../atp';
import { chunked } from '../shared/db/bulk';

/**
 * The ATP pictures of many skus in two reads, for a recompute of thousands of skus: the same rows
 * atp's loadPicture reads for one (the sync's daily supply sums; the open orders' confirmations
 * summed per day), keyed by sku and site. Stock, ERP demand and the lines' own new supply the
 * recompute has read already.
 */
type Qty = string | number;
type DayRow = { sku: string; site_code: string; date: string; qty: Qty };

export async function findDailySupply(db: Knex, skus: readonly string[]): Promise<DayRow[]> {
  return chunked(
    db,
    [...new Set(skus)],
    async (part): Promise<DayRow[]> =>
      db('erp_supply_daily')
        .whereIn('sku', part)
        .select('sku', 'site_code', { date: 'due_date' }, { qty: 'open_qty' }),
  );
}

export async function findConfirmedByDay(db: Knex, skus: readonly string[]): Promise<DayRow[]> {
  return chunked(
    db,
    [...new Set(skus)],
    async (part): Promise<DayRow[]> =>
      db('order_line_confirmations as c')
        .join('order_lines as ol', 'ol.id', 'c.order_line_id')
        .join('orders as o', 'o.id', 'ol.order_id')
        .whereIn('c.sku', part)
        .whereIn('o.status', RESERVING_STATUSES)
        .groupBy('c.sku', 'c.site_code', 'c.date')
        .select('c.sku', 'c.site_code', { date: 'c.date' }, db.raw('sum(??) as ??', ['c.quantity', 'qty'])),
  );
}
