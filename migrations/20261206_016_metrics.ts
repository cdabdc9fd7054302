import type { Knex } from 'knex';

/**
 * Fulfillment metrics: each account's ABC class with the value behind it (recomputed nightly and
 * on every export, so a read never ranks every account), and the runs of the fulfillment_metrics
 * export, so `POST /api/metrics/export` can answer with a run id the caller follows.
 */
const ID = 36;
const TS = 24;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('account_classes', (t) => {
    t.string('account_id', ID).primary('account_classes_pk').references('id').inTable('accounts');
    t.string('class', 1).notNullable();
    // Net ordered value over the 12 months before computed_on, by order date.
    t.decimal('class_value', 18, 4).notNullable();
    t.string('computed_on', 10).notNullable();
    t.string('computed_at', TS).notNullable();
  });

  await knex.schema.createTable('metrics_export_runs', (t) => {
    t.string('id', ID).primary();
    t.string('status', 12).notNullable(); // queued, running, succeeded, failed
    t.string('trigger', 12).notNullable(); // manual, schedule
    t.string('requested_by', ID);
    t.string('as_of', 10);
    t.string('files', 500);
    t.string('error', 1000);
    t.string('created_at', TS).notNullable();
    t.string('started_at', TS);
    t.string('finished_at', TS);
    t.index(['created_at'], 'metrics_export_runs_created_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('metrics_export_runs');
  await knex.schema.dropTableIfExists('account_classes');
}
