import type { Knex } from 'knex';

/**
 * A planner's notes on an order line at risk, written on the risk page. Keyed by order and line
 * number, not by the risk_lines row, which a recompute replaces: a note outlives its score.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('risk_line_notes', (t) => {
    t.string('id', 36).primary('risk_line_notes_pk');
    t.string('order_id', 36).notNullable();
    t.integer('line_no').notNullable();
    t.string('body', 1000).notNullable();
    t.string('author_id', 36).notNullable();
    t.string('created_at', 24).notNullable();
    t.index(['order_id', 'line_no'], 'risk_line_notes_line_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('risk_line_notes');
}
