import type { Knex } from 'knex';

const QTY = [18, 3] as const;

/**
 * Open ERP supply and demand summed per sku, site and due date (see src/erp/daily-sums.repository.ts):
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
  await fillDailySums(knex, 'erp_supply', 'erp_supply_daily');
  await fillDailySums(knex, 'erp_demand', 'erp_demand_daily');
}

/**
 * The sums as src/erp/daily-sums.repository.ts (rebuildDailySums) computed them when this migration
 * was written, copied so a later change there never changes what a fresh install fills in here:
 * open rows with a quantity left, and for demand only the rows that name no FactoryDesk order line
 * (those are the line's own confirmations, counted from the line).
 */
async function fillDailySums(knex: Knex, source: 'erp_supply' | 'erp_demand', table: string): Promise<void> {
  const sums = knex({ e: source }).whereNull('e.closed_at').where('e.open_qty', '>', 0);
  if (source === 'erp_demand')
    sums.where((w) =>
      w
        .whereNull('e.crm_order_ref')
        .orWhereNotExists(
          knex('order_lines as ol')
            .select(knex.raw('1'))
            .whereRaw('?? = ??', ['ol.erp_ref', 'e.crm_order_ref']),
        ),
    );
  const { sql, bindings } = sums
    .groupBy('e.sku', 'e.site_code', 'e.due_date')
    .select('e.sku', 'e.site_code', 'e.due_date', knex.raw('sum(??)', ['e.open_qty']))
    .toSQL();
  await knex.raw(`insert into ?? (??, ??, ??, ??) ${sql}`, [
    table,
    'sku',
    'site_code',
    'due_date',
    'open_qty',
    ...bindings,
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('erp_demand', (t) => t.dropIndex(['crm_order_ref'], 'erp_demand_crm_ref_idx'));
  await knex.schema.dropTable('erp_demand_daily');
  await knex.schema.dropTable('erp_supply_daily');
}
