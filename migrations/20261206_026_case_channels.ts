import type { Knex } from 'knex';

const ID = 36;
const TS = 24;

/**
 * Cases' channels: every e-mail a case received or sent (`case_mail`, its Message-ID unique, so a
 * mailbox read twice or by two workers processes a message once), the channel of each timeline
 * message (a logged phone call is a message with channel `phone`), and the files attached to a
 * case (stored outside the web root under a generated key, `case_attachments`).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_mail', (t) => {
    t.string('id', ID).primary();
    // RFC 5322 puts no limit on a Message-ID; longer ones are stored by their hash (see the reader).
    t.string('message_id', 250).notNullable().unique('case_mail_message_id_uq');
    t.string('case_id', ID).references('id').inTable('cases');
    t.string('direction', 3).notNullable();
    // opened (a new case), threaded (into a case), triage (unknown sender), sent (our reply)
    t.string('status', 10).notNullable();
    t.string('from_address', 254);
    t.string('subject', 200);
    t.string('body', 8000);
    t.string('at', TS).notNullable();
    t.index(['case_id'], 'case_mail_case_idx');
    t.index(['status', 'at'], 'case_mail_status_idx');
  });

  await knex.schema.alterTable('case_events', (t) => {
    t.string('channel', 8);
  });

  await knex.schema.createTable('case_attachments', (t) => {
    t.string('id', ID).primary();
    t.string('case_id', ID).notNullable().references('id').inTable('cases');
    t.string('file_name', 200).notNullable();
    t.string('content_type', 100).notNullable();
    t.integer('size_bytes').notNullable();
    t.string('storage_key', 64).notNullable();
    t.boolean('internal').notNullable().defaultTo(false);
    t.string('uploaded_by', ID);
    t.string('uploaded_at', TS).notNullable();
    t.index(['case_id'], 'case_attachments_case_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('case_attachments');
  await knex.schema.alterTable('case_events', (t) => {
    t.dropColumn('channel');
  });
  await knex.schema.dropTableIfExists('case_mail');
}
