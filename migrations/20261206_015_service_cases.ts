import type { Knex } from 'knex';

const ID = 36;
const TS = 24;
const QTY = [18, 3] as const;

/** The contract's default SLA targets in business hours, per priority (api.md, "Service cases"). */
const DEFAULT_TARGETS = [
  { priority: 'P1', first_response_minutes: 60, resolution_minutes: 8 * 60 },
  { priority: 'P2', first_response_minutes: 4 * 60, resolution_minutes: 24 * 60 },
  { priority: 'P3', first_response_minutes: 8 * 60, resolution_minutes: 40 * 60 },
  { priority: 'P4', first_response_minutes: 16 * 60, resolution_minutes: 80 * 60 },
];

/**
 * After-sales service: cases on an account (optionally an order line), their timeline, the SLA
 * targets per priority and the return authorizations (RMAs) with their lines.
 *
 * Each SLA clock (fr_ = first response, res_ = resolution) is kept on the case as the business
 * time it has spent paused, since when it is paused now, when it stopped and when it breached, so
 * the queue computes every case's state from its row alone; `sla_next_due` is the nearest due time
 * of a clock still counting, for the queue's order and the breach sweep's index.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sla_targets', (t) => {
    t.string('priority', 2).primary('sla_targets_pk');
    t.integer('first_response_minutes').notNullable();
    t.integer('resolution_minutes').notNullable();
    t.string('updated_at', TS).notNullable();
    t.string('updated_by', ID);
  });
  const now = new Date().toISOString();
  await knex('sla_targets').insert(DEFAULT_TARGETS.map((r) => ({ ...r, updated_at: now, updated_by: null })));

  await knex.schema.createTable('cases', (t) => {
    t.string('id', ID).primary();
    t.string('number', 30).notNullable().unique();
    t.string('account_id', ID).notNullable().references('id').inTable('accounts');
    t.string('type', 12).notNullable();
    t.string('subject', 200).notNullable();
    t.string('description', 4000).notNullable();
    t.string('order_id', ID).references('id').inTable('orders');
    t.integer('line_no');
    t.string('serial_or_batch', 60);
    t.string('severity', 8).notNullable();
    t.string('priority', 2).notNullable();
    t.string('channel', 8).notNullable();
    t.string('status', 20).notNullable();
    t.string('assignee_id', ID).references('id').inTable('users');
    t.string('created_by', ID);
    t.string('created_at', TS).notNullable();
    t.string('updated_at', TS).notNullable();
    t.string('resolved_at', TS);
    t.string('first_response_at', TS);
    for (const clock of ['fr', 'res']) {
      t.integer(`${clock}_target_minutes`).notNullable();
      t.bigInteger(`${clock}_paused_ms`).notNullable().defaultTo(0);
      t.string(`${clock}_paused_since`, TS);
      t.string(`${clock}_stopped_at`, TS);
      t.string(`${clock}_due`, TS).notNullable();
      t.string(`${clock}_breached_at`, TS);
    }
    t.string('sla_next_due', TS);
    t.boolean('breached').notNullable().defaultTo(false);
    t.boolean('warranty_applies');
    t.string('warranty_until', 10);
    t.string('warranty_reason', 200);
    t.index(['priority', 'sla_next_due'], 'cases_queue_idx');
    t.index(['account_id', 'priority', 'sla_next_due'], 'cases_account_queue_idx');
    t.index(['sla_next_due'], 'cases_next_due_idx');
    t.index(['order_id', 'line_no'], 'cases_order_line_idx');
  });

  await knex.schema.createTable('case_events', (t) => {
    t.string('case_id', ID).notNullable().references('id').inTable('cases');
    t.integer('seq').notNullable();
    t.string('at', TS).notNullable();
    t.string('kind', 20).notNullable();
    t.string('actor_id', ID);
    t.boolean('internal').notNullable().defaultTo(false);
    t.string('body', 8000);
    t.string('from_value', 36);
    t.string('to_value', 36);
    t.string('detail', 1000);
    t.primary(['case_id', 'seq'], 'case_events_pk');
  });

  await knex.schema.createTable('rmas', (t) => {
    t.string('id', ID).primary();
    t.string('rma_number', 30).notNullable().unique();
    t.string('case_id', ID).notNullable().references('id').inTable('cases');
    t.string('disposition', 20).notNullable();
    t.string('status', 20).notNullable();
    t.string('created_by', ID);
    t.string('created_at', TS).notNullable();
    t.string('updated_at', TS).notNullable();
    t.index(['case_id'], 'rmas_case_idx');
  });

  await knex.schema.createTable('rma_lines', (t) => {
    t.string('rma_id', ID).notNullable().references('id').inTable('rmas');
    t.integer('line_no').notNullable();
    t.string('order_id', ID).notNullable().references('id').inTable('orders');
    t.integer('order_line_no').notNullable();
    t.string('sku', 40).notNullable();
    t.decimal('quantity', ...QTY).notNullable();
    t.decimal('received_quantity', ...QTY)
      .notNullable()
      .defaultTo(0);
    t.string('reason', 500).notNullable();
    t.primary(['rma_id', 'line_no'], 'rma_lines_pk');
    t.index(['order_id', 'order_line_no'], 'rma_lines_order_line_idx');
  });

  await knex('sequences').insert([
    { name: 'case', value: 0 },
    { name: 'rma', value: 0 },
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await knex('sequences').whereIn('name', ['case', 'rma']).delete();
  await knex.schema.dropTableIfExists('rma_lines');
  await knex.schema.dropTableIfExists('rmas');
  await knex.schema.dropTableIfExists('case_events');
  await knex.schema.dropTableIfExists('cases');
  await knex.schema.dropTableIfExists('sla_targets');
}
