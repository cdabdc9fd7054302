import type { Knex } from 'knex';

/**
 * ERP data and the sync's own bookkeeping. ERP rows carry row_hash (SHA-1 of their values) so an
 * unchanged row is recognised without comparing every column, and snapshot rows carry closed_at:
 * rows absent from a later snapshot are closed (quantity 0), never deleted.
 */
const ID = 36;
const TS = 24;
const QTY = [18, 3] as const;

export async function up(knex: Knex): Promise<void> {
  for (const table of ['accounts', 'sites', 'items']) {
    await knex.schema.alterTable(table, (t) => {
      t.string('row_hash', 40);
    });
  }

  await knex.schema.createTable('erp_prices', (t) => {
    t.string('sku', 40).notNullable();
    // '' is the list price; valid_from '0001-01-01' means "always": key columns may not be NULL.
    t.string('erp_customer_id', 40).notNullable();
    t.string('currency', 3).notNullable();
    t.decimal('min_qty', ...QTY).notNullable();
    t.string('valid_from', 10).notNullable();
    t.decimal('unit_price', 18, 4).notNullable();
    t.string('valid_to', 10);
    t.string('row_hash', 40).notNullable();
    t.string('updated_at', TS).notNullable();
    t.primary(['sku', 'erp_customer_id', 'currency', 'min_qty', 'valid_from'], 'erp_prices_pk');
  });

  await knex.schema.createTable('erp_stock', (t) => {
    t.string('sku', 40).notNullable();
    t.string('site_code', 20).notNullable();
    t.decimal('on_hand', ...QTY).notNullable();
    t.decimal('blocked', ...QTY).notNullable();
    t.string('row_hash', 40).notNullable();
    t.string('closed_at', TS);
    t.string('updated_at', TS).notNullable();
    t.primary(['sku', 'site_code'], 'erp_stock_pk');
  });

  await knex.schema.createTable('erp_supply', (t) => {
    t.string('ref', 60).primary('erp_supply_pk');
    t.string('kind', 12).notNullable();
    t.string('sku', 40).notNullable();
    t.string('site_code', 20).notNullable();
    t.decimal('open_qty', ...QTY).notNullable();
    t.string('due_date', 10).notNullable();
    t.string('status', 12);
    t.string('row_hash', 40).notNullable();
    t.string('closed_at', TS);
    t.string('updated_at', TS).notNullable();
    t.index(['sku', 'site_code', 'due_date'], 'erp_supply_sku_site_due_idx');
  });

  await knex.schema.createTable('erp_demand', (t) => {
    t.string('ref', 60).primary('erp_demand_pk');
    t.string('sku', 40).notNullable();
    t.string('site_code', 20).notNullable();
    t.decimal('open_qty', ...QTY).notNullable();
    t.string('due_date', 10).notNullable();
    t.string('erp_customer_id', 40);
    t.string('crm_order_ref', 60);
    t.string('row_hash', 40).notNullable();
    t.string('closed_at', TS);
    t.string('updated_at', TS).notNullable();
    t.index(['sku', 'site_code', 'due_date'], 'erp_demand_sku_site_due_idx');
  });

  await knex.schema.createTable('erp_capacity', (t) => {
    t.string('family', 40).notNullable();
    t.string('site_code', 20).notNullable();
    t.string('date', 10).notNullable();
    t.decimal('units', ...QTY).notNullable();
    t.string('row_hash', 40).notNullable();
    t.string('updated_at', TS).notNullable();
    t.primary(['family', 'site_code', 'date'], 'erp_capacity_pk');
  });

  await knex.schema.createTable('erp_shipments', (t) => {
    t.string('shipment_ref', 60).notNullable();
    t.integer('line_no').notNullable();
    t.string('order_ref', 60).notNullable();
    t.integer('order_line_no').notNullable();
    t.string('sku', 40).notNullable();
    t.decimal('quantity', ...QTY).notNullable();
    t.string('ship_date', 10).notNullable();
    t.string('carrier', 60);
    t.string('tracking_no', 60);
    t.string('delivered_date', 10);
    t.string('row_hash', 40).notNullable();
    t.string('updated_at', TS).notNullable();
    t.primary(['shipment_ref', 'line_no'], 'erp_shipments_pk');
    t.index(['order_ref', 'order_line_no'], 'erp_shipments_order_idx');
  });

  await knex.schema.createTable('erp_sync_runs', (t) => {
    t.string('id', ID).primary();
    t.string('status', 12).notNullable();
    t.string('trigger', 12).notNullable();
    t.string('connector', 20).notNullable();
    t.text('datasets_requested');
    t.boolean('force').notNullable().defaultTo(false);
    t.string('requested_by', ID);
    t.string('created_at', TS).notNullable();
    t.string('started_at', TS);
    t.string('finished_at', TS);
    t.string('heartbeat_at', TS);
    t.text('progress');
    t.text('error');
    t.index(['created_at'], 'erp_sync_runs_created_idx');
  });

  await knex.schema.createTable('erp_sync_run_datasets', (t) => {
    t.string('run_id', ID).notNullable().references('id').inTable('erp_sync_runs');
    t.string('name', 20).notNullable();
    t.string('file', 300);
    t.string('status', 12).notNullable();
    t.integer('read_count').notNullable().defaultTo(0);
    t.integer('inserted').notNullable().defaultTo(0);
    t.integer('updated').notNullable().defaultTo(0);
    t.integer('unchanged').notNullable().defaultTo(0);
    t.integer('closed').notNullable().defaultTo(0);
    t.integer('quarantined').notNullable().defaultTo(0);
    t.text('warnings');
    t.string('content_hash', 64);
    t.string('finished_at', TS);
    t.primary(['run_id', 'name'], 'erp_sync_run_datasets_pk');
  });

  await knex.schema.createTable('erp_quarantine', (t) => {
    t.bigIncrements('id').primary();
    t.string('run_id', ID).notNullable();
    t.string('dataset', 20).notNullable();
    t.string('file', 300);
    t.integer('line').notNullable();
    t.string('reason', 1000).notNullable();
    t.text('row_data');
    t.string('created_at', TS).notNullable();
    // Set when a later run of the same dataset committed: the row was retried there.
    t.string('resolved_at', TS);
    t.index(['run_id', 'line'], 'erp_quarantine_run_idx');
    t.index(['dataset', 'resolved_at'], 'erp_quarantine_open_idx');
  });

  await knex.schema.createTable('erp_loaded_files', (t) => {
    t.string('dataset', 20).primary();
    t.string('content_hash', 64).notNullable();
    t.string('run_id', ID).notNullable();
    t.string('loaded_at', TS).notNullable();
  });

  // One row: who holds the sync. Claimed by a conditional update, so two triggers never both win.
  await knex.schema.createTable('erp_sync_lock', (t) => {
    t.string('name', 20).primary();
    t.string('run_id', ID);
    t.string('claimed_at', TS);
  });
  await knex('erp_sync_lock').insert({ name: 'erp', run_id: null, claimed_at: null });

  await knex.schema.createTable('erp_watermarks', (t) => {
    t.string('dataset', 20).primary();
    t.string('value', 40).notNullable();
    t.string('updated_at', TS).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'erp_watermarks',
    'erp_sync_lock',
    'erp_loaded_files',
    'erp_quarantine',
    'erp_sync_run_datasets',
    'erp_sync_runs',
    'erp_shipments',
    'erp_capacity',
    'erp_demand',
    'erp_supply',
    'erp_stock',
    'erp_prices',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  for (const table of ['accounts', 'sites', 'items']) {
    await knex.schema.alterTable(table, (t) => t.dropColumn('row_hash'));
  }
}
