import type { Knex } from 'knex';

const TS = 24;
const QTY = [18, 3] as const;

/**
 * The contract's delivery and after-sales datasets: transit lanes (how many calendar days goods take
 * from a site to a customer's country, which turns a D-term promise into an arrival date), the ERP's
 * goods receipts of returns (which close FactoryDesk's RMAs), the items' warranty and the
 * shipments' serial or batch.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('erp_transit_lanes', (t) => {
    t.string('site_code', 20).notNullable();
    t.string('country', 2).notNullable();
    t.integer('transit_days').notNullable();
    t.string('mode', 8);
    t.string('carrier', 60);
    t.string('row_hash', 40).notNullable();
    t.string('updated_at', TS).notNullable();
    t.primary(['site_code', 'country'], 'erp_transit_lanes_pk');
  });

  await knex.schema.createTable('erp_returns', (t) => {
    t.string('return_ref', 60).notNullable();
    t.integer('line_no').notNullable();
    t.string('rma_number', 30).notNullable();
    t.integer('rma_line_no').notNullable();
    t.string('sku', 40).notNullable();
    t.decimal('quantity', ...QTY).notNullable();
    t.string('received_date', 10).notNullable();
    t.string('condition', 12);
    t.string('serial_or_batch', 60);
    t.string('row_hash', 40).notNullable();
    t.string('updated_at', TS).notNullable();
    t.primary(['return_ref', 'line_no'], 'erp_returns_pk');
    t.index(['rma_number', 'rma_line_no'], 'erp_returns_rma_idx');
  });

  await knex.schema.alterTable('items', (t) => {
    t.integer('warranty_months').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('erp_shipments', (t) => {
    t.string('serial_or_batch', 60);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('erp_shipments', (t) => t.dropColumn('serial_or_batch'));
  await knex.schema.alterTable('items', (t) => t.dropColumn('warranty_months'));
  await knex.schema.dropTableIfExists('erp_returns');
  await knex.schema.dropTableIfExists('erp_transit_lanes');
}
