import type { Knex } from 'knex';

/**
 * SLA warnings: each clock's warning is sent once (`*_warned_at`), and `sla_warn_at` (the nearest
 * instant a counting clock enters its warning) lets the sweep find the cases due one. Open cases
 * of before get it now, so the first sweep looks at them once and sets it right.
 *
 * Replacements of returned goods: an order may be served ahead of its account's priority
 * (`promise_boost`, added to the account's `promise_priority` when open lines are re-confirmed),
 * and an RMA with disposition `replace` names the order that replaces it, once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.string('fr_warned_at', 24);
    t.string('res_warned_at', 24);
    t.string('sla_warn_at', 24).notNullable().defaultTo('9999-12-31T23:59:59.999Z');
    t.index(['sla_warn_at'], 'cases_warn_at_idx');
  });
  await knex('cases')
    .whereIn('status', ['new', 'open'])
    .update({ sla_warn_at: knex.ref('created_at') });
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
  await knex.schema.alterTable('cases', (t) => {
    t.dropIndex(['sla_warn_at'], 'cases_warn_at_idx');
  });
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('sla_warn_at');
    t.dropColumn('fr_warned_at');
    t.dropColumn('res_warned_at');
  });
}
