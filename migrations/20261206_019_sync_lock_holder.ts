import type { Knex } from 'knex';

/**
 * The sync lock names the process holding it (pid and host), so that on the same host a sync
 * whose process died is taken over at once instead of when its lease runs out.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('erp_sync_lock', (t) => {
    t.integer('holder_pid');
    t.string('holder_host', 255);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('erp_sync_lock', (t) => {
    t.dropColumn('holder_pid');
    t.dropColumn('holder_host');
  });
}
