import type { Knex } from 'knex';

/**
 * The risk page's summaries (band counts, heatmap, filter lists) are kept between views while the
 * stored scores stay the same; whether they did is read as the newest computed_at and the row
 * count, which this index answers without reading the 100,000 rows.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('risk_lines', (t) => {
    t.index(['computed_at'], 'risk_lines_computed_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('risk_lines', (t) => {
    t.dropIndex(['computed_at'], 'risk_lines_computed_idx');
  });
}
