import type { Knex } from 'knex';
import { chunks } from '../shared/db/chunks';

/**
 * Open ERP supply and demand summed per sku, site and due date, kept beside the rows: ATP works in
 * daily buckets, so availability reads at most a row per day instead of summing every event of a
 * sku (a busy sku has thousands). Demand counts only the rows that name no CRM order: a row that
 * names one may be a FactoryDesk line's own confirmation, which only the line table can tell, so
 * those rows are read one by one (atp.repository.ts). Rebuilt in the transaction that changes the
 * rows: each supply or demand snapshot the sync merges.
 */
const DAILY = {
  erp_supply: { table: 'erp_supply_daily', unnamedOnly: false },
  erp_demand: { table: 'erp_demand_daily', unnamedOnly: true },
} as const;

export type DailySource = keyof typeof DAILY;

/** Skus per statement: one parameter each, within SQL Server's 2,100. */
const SKUS_PER_STATEMENT = 500;

/** `skus`: rebuild only these skus' sums (a test or a tool that wrote a few rows); all when absent. */
export async function rebuildDailySums(trx: Knex, source: DailySource, skus?: readonly string[]): Promise<void> {
  const { table, unnamedOnly } = DAILY[source];
  for (const chunk of skus ? chunks([...new Set(skus)], SKUS_PER_STATEMENT) : [null]) {
    const scoped = (q: Knex.QueryBuilder) => (chunk ? q.whereIn('sku', chunk) : q);
    await scoped(trx(table)).delete();
    const sums = scoped(trx(source).whereNull('closed_at').where('open_qty', '>', 0));
    if (unnamedOnly) sums.whereNull('crm_order_ref');
    const { sql, bindings } = sums.groupBy('sku', 'site_code', 'due_date').select('sku', 'site_code', 'due_date', trx.raw('sum(??)', ['open_qty'])).toSQL();
    await trx.raw(`insert into ?? (??, ??, ??, ??) ${sql}`, [table, 'sku', 'site_code', 'due_date', 'open_qty', ...bindings]);
  }
}
