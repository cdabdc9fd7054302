import type { Knex } from 'knex';

/**
 * A notification being sent names the process sending it and when it claimed it, so that when
 * that process is killed mid-send, the job's next delivery can tell the claim is dead and send.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('mail_log', (t) => {
    t.integer('holder_pid');
    t.string('holder_host', 255);
    t.string('claimed_at', 24);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('mail_log', (t) => {
    t.dropColumn('holder_pid');
    t.dropColumn('holder_host');
    t.dropColumn('claimed_at');
  });
}
