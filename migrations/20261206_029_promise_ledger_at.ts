import type { Knex } from 'knex';

/**
 * Promise churn reads the ledger versions recorded in a range of months (GET
 * /api/metrics/promise-churn, the metrics page): without an index on `at` that is a scan of the
 * whole ledger, which grows by a version per line each night a promise moves. The line id is in
 * the index so the lookup of the lines never reads the table.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('promise_ledger', (t) => {
    t.index(['at', 'order_line_id'], 'promise_ledger_at_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('promise_ledger', (t) => {
    t.dropIndex(['at', 'order_line_id'], 'promise_ledger_at_idx');
  });
}
