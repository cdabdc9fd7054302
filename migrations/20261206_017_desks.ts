import type { Knex } from 'knex';

const ID = 36;
const TS = 24;

/**
 * The desks (issue 16): interactions logged against an account (a call, a visit, an e-mail, a
 * meeting; FactoryDesk's own mails to the customer are logged too) and follow-ups, a person's
 * dated to-do on an account, with the reminder's bookkeeping.
 *
 * `internal` marks what the customer never sees (everything staff log; a mail we sent to the
 * customer is not internal). `reminded_at` is set once the reminder mail was handled, so the
 * sweep does not look at it again; the mail log's dedupe key is what makes it sent once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('interactions', (t) => {
    t.string('id', ID).primary();
    t.string('account_id', ID).notNullable().references('id').inTable('accounts');
    t.string('kind', 10).notNullable(); // call, visit, email, meeting
    t.string('occurred_at', TS).notNullable();
    t.string('subject', 200).notNullable();
    t.string('note', 4000);
    t.string('people', 500);
    t.string('quote_id', ID);
    t.string('order_id', ID);
    t.string('case_id', ID);
    t.boolean('internal').notNullable().defaultTo(true);
    t.string('source', 10).notNullable(); // staff, mail
    t.string('created_by', ID);
    t.string('created_at', TS).notNullable();
    t.index(['account_id', 'occurred_at'], 'interactions_account_idx');
  });

  await knex.schema.createTable('follow_ups', (t) => {
    t.string('id', ID).primary();
    t.string('owner_id', ID).notNullable().references('id').inTable('users');
    t.string('account_id', ID).notNullable().references('id').inTable('accounts');
    t.string('quote_id', ID);
    t.string('order_id', ID);
    t.string('case_id', ID);
    t.string('subject', 200).notNullable();
    t.string('due_at', TS).notNullable();
    t.string('status', 10).notNullable(); // open, done
    t.string('reminded_at', TS);
    t.string('done_at', TS);
    t.string('created_by', ID);
    t.string('created_at', TS).notNullable();
    t.string('updated_at', TS).notNullable();
    t.index(['owner_id', 'due_at'], 'follow_ups_owner_due_idx');
    t.index(['status', 'due_at'], 'follow_ups_status_due_idx');
    t.index(['account_id', 'due_at'], 'follow_ups_account_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('follow_ups');
  await knex.schema.dropTableIfExists('interactions');
}
