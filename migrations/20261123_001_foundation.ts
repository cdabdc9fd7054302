import type { Knex } from 'knex';

/**
 * Portable across SQLite, PostgreSQL and SQL Server: string ids (UUIDs made by the app), dates
 * and timestamps as ISO text, no dialect-specific types, and on SQL Server no two cascade paths
 * to one table (it refuses them).
 */
const ID = 36;
const TS = 24;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('accounts', (t) => {
    t.string('id', ID).primary();
    t.string('erp_customer_id', 40).unique();
    t.string('name', 200).notNullable();
    t.string('country', 60);
    t.string('currency', 3);
    t.string('payment_terms', 60);
    t.decimal('credit_limit', 18, 2);
    t.string('account_manager_email', 254);
    t.boolean('active').notNullable().defaultTo(true);
    t.string('created_at', TS).notNullable();
    t.string('updated_at', TS).notNullable();
    t.index(['name', 'id'], 'accounts_name_id_idx');
  });

  await knex.schema.createTable('contacts', (t) => {
    t.string('id', ID).primary();
    t.string('account_id', ID).notNullable().references('id').inTable('accounts');
    t.string('name', 200).notNullable();
    t.string('email', 254);
    t.string('phone', 40);
    t.string('title', 100);
    t.string('created_at', TS).notNullable();
    t.string('updated_at', TS).notNullable();
    t.index(['account_id'], 'contacts_account_idx');
  });

  await knex.schema.createTable('users', (t) => {
    t.string('id', ID).primary();
    t.string('email', 254).notNullable().unique();
    t.string('name', 200);
    t.string('password_hash', 200).notNullable();
    t.string('role', 20).notNullable();
    t.string('account_id', ID).references('id').inTable('accounts');
    t.boolean('active').notNullable().defaultTo(true);
    t.string('created_at', TS).notNullable();
    t.string('updated_at', TS).notNullable();
    t.index(['account_id'], 'users_account_idx');
  });

  await knex.schema.createTable('api_tokens', (t) => {
    t.string('id', ID).primary();
    t.string('user_id', ID).notNullable().references('id').inTable('users');
    // SHA-256 of the opaque token: a stolen database does not yield usable tokens.
    t.string('token_hash', 64).notNullable().unique();
    t.string('kind', 10).notNullable(); // 'api' (bearer) or 'session' (cookie)
    t.string('expires_at', TS).notNullable();
    t.string('revoked_at', TS);
    t.string('last_used_at', TS);
    t.string('created_at', TS).notNullable();
    t.index(['user_id'], 'api_tokens_user_idx');
  });

  await knex.schema.createTable('login_attempts', (t) => {
    t.bigIncrements('id').primary();
    t.string('email', 254).notNullable();
    t.string('ip', 64).notNullable();
    t.boolean('succeeded').notNullable();
    t.string('at', TS).notNullable();
    t.index(['email', 'at'], 'login_attempts_email_idx');
    t.index(['ip', 'at'], 'login_attempts_ip_idx');
  });

  await knex.schema.createTable('sites', (t) => {
    t.string('site_code', 20).primary();
    t.string('name', 200).notNullable();
    t.string('timezone', 64);
    t.string('created_at', TS).notNullable();
    t.string('updated_at', TS).notNullable();
  });

  await knex.schema.createTable('items', (t) => {
    t.string('sku', 40).primary();
    t.string('description', 200).notNullable();
    t.string('uom', 10).notNullable();
    t.string('family', 40);
    t.string('make_or_buy', 4).notNullable();
    t.integer('lead_time_days').notNullable();
    t.decimal('list_price', 18, 4);
    t.string('currency', 3);
    t.boolean('active').notNullable().defaultTo(true);
    t.string('created_at', TS).notNullable();
    t.string('updated_at', TS).notNullable();
    t.index(['family'], 'items_family_idx');
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id').primary();
    t.string('at', TS).notNullable();
    t.string('actor_id', ID);
    t.string('actor_role', 20);
    t.string('action', 60).notNullable();
    t.string('entity', 40).notNullable();
    t.string('entity_id', 60);
    t.text('detail');
    t.string('request_id', 64);
    t.index(['entity', 'entity_id'], 'audit_log_entity_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'audit_log',
    'items',
    'sites',
    'login_attempts',
    'api_tokens',
    'users',
    'contacts',
    'accounts',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
