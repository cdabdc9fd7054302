import type { Knex } from 'knex';

/**
 * The fulfillment risk of every open order line, as last computed (after each sync and each order
 * change): pages and the API read it instead of scoring on every request. One row per line,
 * replaced whole for the skus recomputed. `reason_codes` is the codes between commas
 * (`,past_due,thin_cover,`), so a filter by one reason is a portable LIKE; `reasons` the codes and
 * their texts as JSON.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('risk_lines', (t) => {
    t.string('order_line_id', 36).primary('risk_lines_pk');
    t.string('order_id', 36).notNullable();
    t.string('order_number', 30).notNullable();
    t.integer('line_no').notNullable();
    t.string('account_id', 36).notNullable();
    t.string('sku', 40).notNullable();
    t.string('site_code', 20).notNullable();
    t.string('family', 40);
    t.string('promised_date', 10);
    t.integer('score').notNullable();
    t.string('band', 6).notNullable();
    t.string('reason_codes', 300).notNullable();
    t.text('reasons').notNullable();
    t.string('cover_kind', 12);
    t.string('cover_ref', 60);
    t.string('cover_due_date', 10);
    t.string('cover_status', 12);
    t.string('computed_at', 24).notNullable();
    t.index(['score', 'order_line_id'], 'risk_lines_score_idx');
    t.index(['sku'], 'risk_lines_sku_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('risk_lines');
}
