import type { Knex } from 'knex';
import { chunks } from '../shared/db/chunks';

/**
 * Open ERP supply and demand summed per sku, site and due date, kept beside the rows: ATP works in
 * daily buckets, so availability reads at most a row per day instead of summing every event of a
 * sku (a busy sku has thousands). Demand leaves out the rows that name a FactoryDesk order line
 * (`crm_order_ref` = the line's `erp_ref`): those are the line's own confirmations, counted from the
 * line. Rebuilt in the transaction that changes what they sum: each supply or demand snapshot the
 * sync merges, and an order whose new line the ERP's demand already names (linesNamedByDemand).
 */
const DAILY = {
  erp_supply: { table: 'erp_supply_daily', linesOut: false },
  erp_demand: { table: 'erp_demand_daily', linesOut: true },
} as const;

export type DailySource = keyof typeof DAILY;

/** Skus (or refs) per statement: one parameter each, within SQL Server's 2,100. */
const PER_STATEMENT = 500;

/** `skus`: rebuild only these skus' sums (a test or a tool that wrote a few rows); all when absent. */
export async function rebuildDailySums(
  trx: Knex,
  source: DailySource,
  skus?: readonly string[],
): Promise<void> {
  const { table, linesOut } = DAILY[source];
  for (const chunk of skus ? chunks([...new Set(skus)], PER_STATEMENT) : [null]) {
    await (chunk ? trx(table).whereIn('sku', chunk) : trx(table)).delete();
    const sums = trx({ e: source }).whereNull('e.closed_at').where('e.open_qty', '>', 0);
    if (chunk) sums.whereIn('e.sku', chunk);
    if (linesOut)
      sums.where((w) =>
        w
          .whereNull('e.crm_order_ref')
          .orWhereNotExists(
            trx('order_lines as ol')
              .select(trx.raw('1'))
              .whereRaw('?? = ??', ['ol.erp_ref', 'e.crm_order_ref']),
          ),
      );
    const { sql, bindings } = sums
      .groupBy('e.sku', 'e.site_code', 'e.due_date')
      .select('e.sku', 'e.site_code', 'e.due_date', trx.raw('sum(??)', ['e.open_qty']))
      .toSQL();
    await trx.raw(`insert into ?? (??, ??, ??, ??) ${sql}`, [
      table,
      'sku',
      'site_code',
      'due_date',
      'open_qty',
      ...bindings,
    ]);
  }
}

/**
 * After order lines are created: the skus whose open ERP demand already names one of them (the
 * ERP knew the reference first, as after FactoryDesk was restored from an older backup), whose
 * demand sums must then be rebuilt without those rows. Nearly always none: one indexed look-up.
 */
export async function linesNamedByDemand(trx: Knex, erpRefs: readonly string[]): Promise<string[]> {
  const skus = new Set<string>();
  for (const chunk of chunks([...erpRefs], PER_STATEMENT)) {
    for (const r of (await trx('erp_demand')
      .whereIn('crm_order_ref', chunk)
      .whereNull('closed_at')
      .distinct('sku')) as Array<{ sku: string }>)
      skus.add(r.sku);
  }
  return [...skus];
}
