import type { Knex } from 'knex';

/**
 * Orders, their promises and the promise ledger. The current confirmations of open lines are the
 * reservations: ATP counts them as demand, so a confirmation and its reservation cannot diverge.
 */
const ID = 36;
const TS = 24;
const QTY = [18, 3] as const;

export async function up(knex: Knex): Promise<void> {
  // Order intake locks the item rows it promises from (sorted), so racing orders for the same
  // sku serialize on every dialect; the column exists only to be written.
  await knex.schema.alterTable('items', (t) => {
    t.integer('atp_version').notNullable().defaultTo(0);
  });

  // Re-confirmation serves higher priorities first, then the earliest intake.
  await knex.schema.alterTable('accounts', (t) => {
    t.integer('promise_priority').notNullable().defaultTo(0);
  });

  // What the last sync changed, so a slipped promise can say why (MO-123 moved from 03-02 to 03-09).
  await knex.schema.alterTable('erp_supply', (t) => {
    t.string('prev_due_date', 10);
    t.decimal('prev_open_qty', ...QTY);
    t.string('changed_run_id', ID);
  });
  await knex.schema.alterTable('erp_stock', (t) => {
    t.decimal('prev_on_hand', ...QTY);
    t.string('changed_run_id', ID);
  });

  await knex.schema.createTable('sequences', (t) => {
    t.string('name', 40).primary();
    t.integer('value').notNullable();
  });
  await knex('sequences').insert({ name: 'order', value: 0 });

  await knex.schema.createTable('orders', (t) => {
    t.string('id', ID).primary();
    t.string('number', 30).notNullable().unique();
    t.string('account_id', ID).notNullable().references('id').inTable('accounts');
    t.string('customer_po', 60);
    t.string('site_code', 20);
    t.boolean('ship_complete').notNullable().defaultTo(false);
    t.string('status', 20).notNullable();
    t.string('created_by', ID);
    t.string('created_at', TS).notNullable();
    t.string('updated_at', TS).notNullable();
    t.index(['account_id', 'created_at'], 'orders_account_idx');
    t.index(['status', 'created_at'], 'orders_status_idx');
  });

  await knex.schema.createTable('order_lines', (t) => {
    t.string('id', ID).primary();
    t.string('order_id', ID).notNullable().references('id').inTable('orders');
    t.integer('line_no').notNullable();
    t.string('sku', 40).notNullable();
    t.string('site_code', 20).notNullable();
    t.decimal('quantity', ...QTY).notNullable();
    t.string('requested_date', 10).notNullable();
    t.string('confirmed_date', 10);
    t.string('date_source', 12).notNullable();
    // What the promise counts on beyond scheduled supply (lead time or capacity): a receipt, on
    // the confirmed date, that ATP adds for this line until the ERP plans the real order.
    t.decimal('new_supply', ...QTY)
      .notNullable()
      .defaultTo(0);
    // The ERP's crm_order_ref for this line: ERP demand naming it is the same demand, not more.
    t.string('erp_ref', 60).notNullable().unique();
    t.boolean('open').notNullable().defaultTo(true);
    // Set when a re-confirmation moved the promise later; cleared when a person acknowledges it.
    t.string('slipped_at', TS);
    t.string('slip_reason', 500);
    t.unique(['order_id', 'line_no'], { indexName: 'order_lines_order_line_uq' });
    t.index(['sku', 'site_code'], 'order_lines_sku_site_idx');
  });

  await knex.schema.createTable('order_line_confirmations', (t) => {
    t.bigIncrements('id').primary();
    t.string('order_line_id', ID).notNullable().references('id').inTable('order_lines');
    t.string('sku', 40).notNullable();
    t.string('site_code', 20).notNullable();
    t.string('date', 10).notNullable();
    t.decimal('quantity', ...QTY).notNullable();
    t.index(['sku', 'site_code', 'date'], 'olc_sku_site_date_idx');
    t.index(['order_line_id'], 'olc_line_idx');
  });

  await knex.schema.createTable('capacity_reservations', (t) => {
    t.bigIncrements('id').primary();
    t.string('order_line_id', ID).notNullable().references('id').inTable('order_lines');
    t.string('family', 40).notNullable();
    t.string('site_code', 20).notNullable();
    t.string('date', 10).notNullable();
    t.decimal('units', ...QTY).notNullable();
    t.index(['family', 'site_code', 'date'], 'capres_family_site_date_idx');
    t.index(['order_line_id'], 'capres_line_idx');
  });

  await knex.schema.createTable('promise_ledger', (t) => {
    t.bigIncrements('id').primary();
    t.string('order_line_id', ID).notNullable().references('id').inTable('order_lines');
    t.integer('version').notNullable();
    t.string('at', TS).notNullable();
    t.string('changed_by', 20).notNullable(); // intake, reconfirmation, planner, customer, cancellation
    t.string('actor_id', ID);
    t.string('reason', 1000);
    t.string('requested_date', 10).notNullable();
    t.decimal('quantity', ...QTY).notNullable();
    t.text('confirmations').notNullable();
    t.string('confirmed_date', 10);
    t.string('date_source', 12).notNullable();
    t.unique(['order_line_id', 'version'], { indexName: 'promise_ledger_line_version_uq' });
  });

  await knex.schema.createTable('order_status_history', (t) => {
    t.bigIncrements('id').primary();
    t.string('order_id', ID).notNullable().references('id').inTable('orders');
    t.string('from_status', 20);
    t.string('to_status', 20).notNullable();
    t.string('at', TS).notNullable();
    t.string('actor_id', ID);
    t.string('reason', 500);
    t.index(['order_id'], 'order_status_history_order_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'order_status_history',
    'promise_ledger',
    'capacity_reservations',
    'order_line_confirmations',
    'order_lines',
    'orders',
    'sequences',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.schema.alterTable('items', (t) => t.dropColumn('atp_version'));
  await knex.schema.alterTable('accounts', (t) => t.dropColumn('promise_priority'));
  await knex.schema.alterTable('erp_supply', (t) => {
    t.dropColumn('prev_due_date');
    t.dropColumn('prev_open_qty');
    t.dropColumn('changed_run_id');
  });
  await knex.schema.alterTable('erp_stock', (t) => {
    t.dropColumn('prev_on_hand');
    t.dropColumn('changed_run_id');
  });
}
