import type { Knex } from 'knex';

/**
 * What an account has agreed or asked for beyond its master data: the window in which a delivery
 * counts as on time, how short a delivery may fall and still count as in full, how many days ahead
 * it is told of a delivery, and (for planners) how it fares when supply is short. A missing row
 * means the contract's defaults.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('account_settings', (t) => {
    t.string('account_id', 36).primary('account_settings_pk').references('id').inTable('accounts');
    t.integer('otif_early_days');
    t.integer('otif_late_days').notNullable().defaultTo(0);
    t.decimal('in_full_tolerance_pct', 6, 3).notNullable().defaultTo(0);
    t.integer('alert_days_before').notNullable().defaultTo(3);
    t.string('allocation', 4);
    t.string('updated_at', 24).notNullable();
    t.string('updated_by', 36);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('account_settings');
}
