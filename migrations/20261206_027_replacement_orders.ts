import type { Knex } from 'knex';

/**
 * Replacements of returned goods: an order may be served ahead of its account's priority
 * (`promise_boost`, added to the account's `promise_priority` when open lines are re-confirmed),
 * and an RMA with disposition `replace` names the order that replaces it, once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('orders', (t) => {
    t.integer('promise_boost').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('rmas', (t) => {
    t.string('replacement_order_id', 36);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('rmas', (t) => {
    t.dropColumn('replacement_order_id');
  });
  await knex.schema.alterTable('orders', (t) => {
    t.dropColumn('promise_boost');
  });
}
