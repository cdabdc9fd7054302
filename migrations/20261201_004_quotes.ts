import type { Knex } from 'knex';

/**
 * Quote to order: requests (RFQs), quotations with their revisions and lines, the negotiation's
 * history, the terms an order freezes on acceptance, and the mail log that makes notifications
 * idempotent. Money is stored as decimal text/numbers with 4 places and computed in integers
 * (src/quotes/money.ts); a quote line's total is already rounded to its currency's minor unit.
 */
const ID = 36;
const TS = 24;
const QTY = [18, 3] as const;
const MONEY = [18, 4] as const;
const PCT = [7, 3] as const;

export async function up(knex: Knex): Promise<void> {
  await knex('sequences').insert([
    { name: 'quote_request', value: 0 },
    { name: 'quote', value: 0 },
  ]);

  // Negotiated defaults per account; payment terms already come from the ERP (accounts.payment_terms).
  await knex.schema.alterTable('accounts', (t) => {
    t.string('default_incoterm', 3);
    t.string('default_incoterm_place', 100);
    t.boolean('default_ship_complete').notNullable().defaultTo(false);
    t.string('default_terms_note', 1000);
  });

  await knex.schema.createTable('quote_requests', (t) => {
    t.string('id', ID).primary();
    t.string('number', 30).notNullable().unique();
    t.string('account_id', ID).notNullable().references('id').inTable('accounts');
    t.string('status', 20).notNullable(); // open, quoted, declined
    t.string('assigned_to', ID).references('id').inTable('users');
    t.string('notes', 2000);
    t.string('decline_reason', 500);
    t.string('created_by', ID);
    t.string('created_at', TS).notNullable();
    t.string('updated_at', TS).notNullable();
    t.index(['account_id', 'created_at'], 'quote_requests_account_idx');
    t.index(['status', 'created_at'], 'quote_requests_status_idx');
  });

  await knex.schema.createTable('quote_request_lines', (t) => {
    t.string('id', ID).primary();
    t.string('quote_request_id', ID).notNullable().references('id').inTable('quote_requests');
    t.integer('line_no').notNullable();
    t.string('sku', 40);
    t.string('description', 500);
    t.decimal('quantity', ...QTY).notNullable();
    t.string('requested_date', 10).notNullable();
    t.string('notes', 1000);
    t.unique(['quote_request_id', 'line_no'], { indexName: 'quote_request_lines_uq' });
  });

  await knex.schema.createTable('quotes', (t) => {
    t.string('id', ID).primary();
    t.string('number', 30).notNullable().unique();
    t.string('account_id', ID).notNullable().references('id').inTable('accounts');
    t.string('quote_request_id', ID).references('id').inTable('quote_requests');
    // The current revision's status, kept here so lists and the expiry job need no join.
    t.string('status', 20).notNullable();
    t.integer('revision').notNullable();
    t.string('currency', 3).notNullable();
    t.string('valid_until', 10).notNullable();
    t.string('account_manager_id', ID).references('id').inTable('users');
    t.string('created_by', ID);
    // Set once, by the one acceptance that wins: later accepts answer with the same order.
    t.string('order_id', ID).references('id').inTable('orders');
    t.integer('accepted_revision');
    t.string('created_at', TS).notNullable();
    t.string('updated_at', TS).notNullable();
    t.index(['account_id', 'created_at'], 'quotes_account_idx');
    t.index(['status', 'valid_until'], 'quotes_status_valid_idx');
  });

  await knex.schema.createTable('quote_revisions', (t) => {
    t.string('id', ID).primary();
    t.string('quote_id', ID).notNullable().references('id').inTable('quotes');
    t.integer('revision').notNullable();
    t.string('status', 20).notNullable();
    t.string('reason', 500);
    t.string('valid_until', 10).notNullable();
    t.string('payment_terms', 60);
    t.string('incoterm', 3);
    t.string('incoterm_place', 100);
    t.boolean('ship_complete').notNullable().defaultTo(false);
    t.string('terms_note', 1000);
    t.decimal('total', ...MONEY).notNullable();
    // The largest effective discount of any line against its agreement or list price.
    t.decimal('max_discount_pct', ...PCT).notNullable();
    t.string('approved_by', ID);
    t.string('approved_at', TS);
    t.decimal('approved_discount_pct', ...PCT);
    t.string('sent_by', ID);
    t.string('sent_at', TS);
    t.string('created_by', ID);
    t.string('created_at', TS).notNullable();
    t.unique(['quote_id', 'revision'], { indexName: 'quote_revisions_uq' });
  });

  await knex.schema.createTable('quote_lines', (t) => {
    t.string('id', ID).primary();
    t.string('revision_id', ID).notNullable().references('id').inTable('quote_revisions');
    t.integer('line_no').notNullable();
    t.string('sku', 40);
    t.string('description', 500);
    t.string('site_code', 20);
    t.decimal('quantity', ...QTY).notNullable();
    t.string('requested_date', 10).notNullable();
    t.decimal('reference_price', ...MONEY); // agreement or list price the discount is measured from
    t.string('price_source', 12).notNullable(); // agreement, list, manual
    t.decimal('unit_price', ...MONEY).notNullable();
    t.decimal('discount_pct', ...PCT).notNullable();
    t.decimal('net_price', ...MONEY).notNullable();
    t.decimal('line_total', ...MONEY).notNullable();
    t.string('quoted_date', 10);
    t.string('date_source', 12).notNullable();
    t.integer('lead_time_days');
    t.unique(['revision_id', 'line_no'], { indexName: 'quote_lines_uq' });
  });

  // The negotiation's trail: created, revised, sent, approval asked and given, counter-offers,
  // acceptance, rejection, expiry. `detail` is JSON text (counter-offer lines, discounts).
  await knex.schema.createTable('quote_events', (t) => {
    t.bigIncrements('id').primary();
    t.string('quote_id', ID).notNullable().references('id').inTable('quotes');
    t.integer('revision').notNullable();
    t.string('kind', 30).notNullable();
    t.string('actor_id', ID);
    t.string('at', TS).notNullable();
    t.string('reason', 1000);
    t.text('detail');
    t.index(['quote_id'], 'quote_events_quote_idx');
  });

  // What an order froze from the accepted quote.
  await knex.schema.alterTable('orders', (t) => {
    t.string('quote_id', ID);
    t.integer('quote_revision');
    t.string('currency', 3);
    t.string('payment_terms', 60);
    t.string('incoterm', 3);
    t.string('incoterm_place', 100);
    t.string('terms_note', 1000);
    t.decimal('total', ...MONEY);
  });
  await knex.schema.alterTable('order_lines', (t) => {
    t.decimal('unit_price', ...MONEY);
    t.decimal('discount_pct', ...PCT);
    t.decimal('net_price', ...MONEY);
    t.decimal('line_total', ...MONEY);
  });

  // Non-catalog lines of an accepted quote (a custom flange): priced and dated by the account
  // manager's lead time, not promised from ATP, since the ERP has no item for them yet.
  await knex.schema.createTable('order_custom_lines', (t) => {
    t.string('id', ID).primary();
    t.string('order_id', ID).notNullable().references('id').inTable('orders');
    t.integer('line_no').notNullable();
    t.string('description', 500).notNullable();
    t.decimal('quantity', ...QTY).notNullable();
    t.string('requested_date', 10).notNullable();
    t.string('promised_date', 10);
    t.integer('lead_time_days');
    t.decimal('unit_price', ...MONEY).notNullable();
    t.decimal('discount_pct', ...PCT).notNullable();
    t.decimal('net_price', ...MONEY).notNullable();
    t.decimal('line_total', ...MONEY).notNullable();
    t.unique(['order_id', 'line_no'], { indexName: 'order_custom_lines_uq' });
  });

  // One row per notification ever queued; the unique key makes a redelivered job send nothing twice.
  await knex.schema.createTable('mail_log', (t) => {
    t.string('id', ID).primary();
    t.string('dedupe_key', 200).notNullable().unique();
    t.string('kind', 40).notNullable();
    t.string('recipients', 2000).notNullable();
    t.string('subject', 300).notNullable();
    t.string('status', 20).notNullable(); // sent, written (to the outbox), failed
    t.string('transport', 10).notNullable(); // smtp, outbox
    t.string('location', 500); // the outbox file, or the SMTP message id
    t.string('error', 1000);
    t.string('created_at', TS).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'mail_log',
    'order_custom_lines',
    'quote_events',
    'quote_lines',
    'quote_revisions',
    'quotes',
    'quote_request_lines',
    'quote_requests',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.schema.alterTable('order_lines', (t) => {
    for (const c of ['unit_price', 'discount_pct', 'net_price', 'line_total']) t.dropColumn(c);
  });
  await knex.schema.alterTable('orders', (t) => {
    for (const c of [
      'quote_id',
      'quote_revision',
      'currency',
      'payment_terms',
      'incoterm',
      'incoterm_place',
      'terms_note',
      'total',
    ])
      t.dropColumn(c);
  });
  await knex.schema.alterTable('accounts', (t) => {
    for (const c of [
      'default_incoterm',
      'default_incoterm_place',
      'default_ship_complete',
      'default_terms_note',
    ])
      t.dropColumn(c);
  });
  await knex('sequences').whereIn('name', ['quote_request', 'quote']).delete();
}
