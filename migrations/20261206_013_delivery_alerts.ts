import type { Knex } from 'knex';

/**
 * Delivery alerts and the in-app inbox (issue 15, items 3 and 4). An alert row is the claim of
 * one alert: its key (line, kind, promised date) is unique, so a job run twice — or a date that
 * comes back — never alerts twice. Inbox items are per user. A slipped line remembers the
 * customer's choice, so a second choice for the same slip is refused.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('delivery_alerts', (t) => {
    t.string('id', 36).primary('delivery_alerts_pk');
    t.string('alert_key', 120).notNullable().unique('delivery_alerts_key_uq');
    t.string('kind', 16).notNullable();
    t.string('account_id', 36).notNullable();
    t.string('order_id', 36).notNullable();
    t.string('order_line_id', 36).notNullable();
    t.integer('line_no').notNullable();
    t.string('promised_date', 10);
    t.integer('days').notNullable().defaultTo(0);
    t.string('reason', 500);
    t.boolean('customer_visible').notNullable();
    t.string('created_at', 24).notNullable();
    t.index(['order_id'], 'delivery_alerts_order_ix');
  });
  await knex.schema.createTable('inbox_items', (t) => {
    t.string('id', 36).primary('inbox_items_pk');
    t.string('user_id', 36).notNullable();
    t.string('alert_id', 36);
    t.string('kind', 16).notNullable();
    t.string('subject', 300).notNullable();
    t.string('link', 300).notNullable();
    t.string('order_id', 36);
    t.integer('line_no');
    t.string('created_at', 24).notNullable();
    t.string('read_at', 24);
    t.index(['user_id', 'created_at', 'id'], 'inbox_items_user_ix');
  });
  await knex.schema.alterTable('order_lines', (t) => {
    t.string('slip_choice', 8);
    t.string('slip_chosen_at', 24);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('order_lines', (t) => {
    t.dropColumn('slip_choice');
    t.dropColumn('slip_chosen_at');
  });
  await knex.schema.dropTableIfExists('inbox_items');
  await knex.schema.dropTableIfExists('delivery_alerts');
}
