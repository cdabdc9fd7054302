import type { Knex } from 'knex';

const ID = 36;
const TS = 24;

/**
 * Knowledge from cases: articles (a problem and its solution), the cause codes admins keep and
 * each case's cause and resolution, and one full-text index over articles and resolved cases;
 * and indexes for the queue's filtered first page (bench:cases).
 *
 * `knowledge_docs` holds the searchable text of both, so one query finds either. The index is the
 * database's own: on SQLite an FTS5 table over knowledge_docs (external content, kept by
 * triggers, Porter stemming so "leaks" finds "leak"); on PostgreSQL a stored tsvector column with
 * a GIN index; SQL Server has no index here (full-text needs a catalog the DBA creates) and the
 * repository falls back to LIKE. The dialect is read from the client as written here, not from
 * application code, so the migration stays as it was when written.
 */
export async function up(knex: Knex): Promise<void> {
  const client = String(knex.client.config.client);
  await knex.schema.createTable('cause_codes', (t) => {
    t.string('code', 30).primary('cause_codes_pk');
    t.string('label', 200).notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.string('created_at', TS).notNullable();
    t.string('updated_at', TS).notNullable();
  });

  await knex.schema.alterTable('cases', (t) => {
    t.string('cause_code', 30).references('code').inTable('cause_codes');
    t.string('resolution', 4000);
    // The queue filtered by status, type or team member, first page: a range of one index in the
    // queue's order, so no sort (SQLite, without statistics, otherwise sorts every case of a type).
    t.index(['status', 'priority', 'sla_next_due', 'id'], 'cases_status_queue_idx');
    t.index(['type', 'priority', 'sla_next_due', 'id'], 'cases_type_queue_idx');
    t.index(['assignee_id', 'priority', 'sla_next_due', 'id'], 'cases_assignee_queue_idx');
  });

  await knex.schema.createTable('kb_articles', (t) => {
    t.string('id', ID).primary();
    t.string('title', 200).notNullable();
    t.string('problem', 4000).notNullable();
    t.string('solution', 4000).notNullable();
    t.string('source_case_id', ID).references('id').inTable('cases');
    t.string('created_by', ID);
    t.string('created_at', TS).notNullable();
    t.string('updated_at', TS).notNullable();
  });

  await knex.schema.createTable('knowledge_docs', (t) => {
    t.string('kind', 8).notNullable();
    t.string('doc_id', ID).notNullable();
    t.string('title', 200).notNullable();
    t.string('body', 4000).notNullable();
    t.string('updated_at', TS).notNullable();
    t.primary(['kind', 'doc_id'], 'knowledge_docs_pk');
  });

  if (client === 'better-sqlite3' || client === 'sqlite3') {
    await knex.raw(
      `create virtual table knowledge_fts using fts5(title, body, content='knowledge_docs', content_rowid='rowid', tokenize='porter unicode61')`,
    );
    await knex.raw(`create trigger knowledge_docs_ai after insert on knowledge_docs begin
      insert into knowledge_fts(rowid, title, body) values (new.rowid, new.title, new.body); end`);
    await knex.raw(`create trigger knowledge_docs_ad after delete on knowledge_docs begin
      insert into knowledge_fts(knowledge_fts, rowid, title, body) values ('delete', old.rowid, old.title, old.body); end`);
    await knex.raw(`create trigger knowledge_docs_au after update on knowledge_docs begin
      insert into knowledge_fts(knowledge_fts, rowid, title, body) values ('delete', old.rowid, old.title, old.body);
      insert into knowledge_fts(rowid, title, body) values (new.rowid, new.title, new.body); end`);
  } else if (client === 'pg' || client === 'postgres' || client === 'postgresql') {
    await knex.raw(
      `alter table knowledge_docs add column search tsvector generated always as (to_tsvector('english', title || ' ' || body)) stored`,
    );
    await knex.raw('create index knowledge_docs_search_idx on knowledge_docs using gin (search)');
  }
}

export async function down(knex: Knex): Promise<void> {
  const client = String(knex.client.config.client);
  if (client === 'better-sqlite3' || client === 'sqlite3')
    await knex.raw('drop table if exists knowledge_fts');
  await knex.schema.dropTableIfExists('knowledge_docs');
  await knex.schema.dropTableIfExists('kb_articles');
  await knex.schema.alterTable('cases', (t) => {
    t.dropIndex(['status', 'priority', 'sla_next_due', 'id'], 'cases_status_queue_idx');
    t.dropIndex(['type', 'priority', 'sla_next_due', 'id'], 'cases_type_queue_idx');
    t.dropIndex(['assignee_id', 'priority', 'sla_next_due', 'id'], 'cases_assignee_queue_idx');
    t.dropForeign(['cause_code']);
    t.dropColumn('cause_code');
    t.dropColumn('resolution');
  });
  await knex.schema.dropTableIfExists('cause_codes');
}
