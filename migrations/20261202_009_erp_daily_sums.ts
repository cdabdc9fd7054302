import type { Knex } from 'knex';
import { rebuildDailySums } from '../src/erp/daily-sums.repository';

const QTY = [18, 3] as const;

/**
 * Open ERP supply and demand summed per sku, site and due date (see daily-sums.repository.ts):
 * what availability reads instead of every event of a sku. Filled from the rows there are.
 */
export async function up(knex: Knex): Promise<void> {
  for (const table of ['erp_supply_daily', 'erp_demand_daily']) {
    await knex.schema.createTable(table, (t) => {
      t.string('sku', 40).notNullable();
      t.string('site_code', 20).notNullable();
      t.string('due_date', 10).notNullable();
      t.decimal('open_qty', ...QTY).notNullable();
      t.primary(['sku', 'site_code', 'due_date'], `${table}_pk`);
    });
  }
  // Order intake asks whether the ERP's demand already names a new line (linesNamedByDemand).
  await knex.schema.alterTable('erp_demand', (t) => {
    t.index(['crm_order_ref'], 'erp_demand_crm_ref_idx');
  });
  await rebuildDailySums(knex, 'erp_supply');
  await rebuildDailySums(knex, 'erp_demand');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('erp_demand', (t) => t.dropIndex(['crm_order_ref'], 'erp_demand_crm_ref_idx'));
  await knex.schema.dropTable('erp_demand_daily');
  await knex.schema.dropTable('erp_supply_daily');
}
