import type { Knex } from 'knex';
import { dialectOf } from '../shared/db/knex';

/** Every SQL statement over articles, the full-text index of articles and resolved cases, and cause codes. */

export type DocKind = 'article' | 'case';

export interface KnowledgeDocRow {
  kind: DocKind;
  doc_id: string;
  title: string;
  body: string;
  updated_at: string;
}

export interface KnowledgeHit extends KnowledgeDocRow {
  /** Higher is more relevant; comparable only within one search. */
  score: number;
}

/**
 * Puts a document into the index (replacing what was indexed of it). Delete-then-insert rather
 * than an upsert: SQL Server has no ON CONFLICT, and on SQLite the triggers keep FTS5 in step.
 */
export async function indexDoc(trx: Knex, row: KnowledgeDocRow): Promise<void> {
  await trx('knowledge_docs').where({ kind: row.kind, doc_id: row.doc_id }).delete();
  await trx('knowledge_docs').insert(row);
}

/**
 * The documents matching any of `terms` (already reduced to letters and digits by the caller, so
 * they carry no query syntax), most relevant first: FTS5's bm25 on SQLite, ts_rank over the GIN-
 * indexed tsvector on PostgreSQL, and on SQL Server a LIKE on each term, newest first.
 */
export async function searchDocs(
  db: Knex,
  terms: readonly string[],
  kinds: readonly DocKind[],
  limit: number,
  exclude: { kind: DocKind; docId: string } | null = null,
): Promise<KnowledgeHit[]> {
  if (terms.length === 0) return [];
  const cols = ['d.kind', 'd.doc_id', 'd.title', 'd.body', 'd.updated_at'];
  const dialect = dialectOf(db);
  let q: Knex.QueryBuilder;
  if (dialect === 'sqlite') {
    q = db('knowledge_fts')
      .join('knowledge_docs as d', 'd.rowid', 'knowledge_fts.rowid')
      .whereRaw('?? match ?', ['knowledge_fts', terms.map((t) => `"${t}"`).join(' OR ')])
      .select(...cols, db.raw('-bm25(??) as ??', ['knowledge_fts', 'score']))
      .orderBy('score', 'desc');
  } else if (dialect === 'postgres') {
    const query = db.raw("to_tsquery('english', ?)", [terms.join(' | ')]);
    q = db('knowledge_docs as d')
      .whereRaw('?? @@ ?', ['d.search', query])
      .select(...cols, db.raw('ts_rank(??, ?) as ??', ['d.search', query, 'score']))
      .orderBy('score', 'desc');
  } else {
    q = db('knowledge_docs as d')
      .where((w) => {
        for (const t of terms) w.orWhere('d.title', 'like', `%${t}%`).orWhere('d.body', 'like', `%${t}%`);
      })
      .select(...cols, db.raw('0 as ??', ['score']))
      .orderBy('d.updated_at', 'desc');
  }
  q.whereIn('d.kind', kinds);
  if (exclude) q.whereNot((w) => w.where('d.kind', exclude.kind).where('d.doc_id', exclude.docId));
  const rows = (await q.orderBy('d.doc_id').limit(limit)) as KnowledgeHit[];
  return rows.map((r) => ({ ...r, score: Number(r.score) }));
}

// ---------------------------------------------------------------------------------------------
// Articles

export interface ArticleRow {
  id: string;
  title: string;
  problem: string;
  solution: string;
  source_case_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export async function insertArticle(trx: Knex, row: ArticleRow): Promise<void> {
  await trx('kb_articles').insert(row);
}

export async function updateArticle(
  trx: Knex,
  id: string,
  patch: Pick<ArticleRow, 'title' | 'problem' | 'solution' | 'updated_at'>,
): Promise<boolean> {
  return (await trx('kb_articles').where({ id }).update(patch)) > 0;
}

export async function findArticle(db: Knex, id: string): Promise<ArticleRow | undefined> {
  return db('kb_articles').where({ id }).first();
}

export async function findArticles(db: Knex, ids: readonly string[]): Promise<ArticleRow[]> {
  return ids.length ? db('kb_articles').whereIn('id', ids) : [];
}

/** The newest articles, for the knowledge page before anything is searched. */
export async function listArticles(db: Knex, limit: number): Promise<ArticleRow[]> {
  return db('kb_articles')
    .orderBy([{ column: 'updated_at', order: 'desc' }, { column: 'id' }])
    .limit(limit);
}

// ---------------------------------------------------------------------------------------------
// Cause codes

export interface CauseCodeRow {
  code: string;
  label: string;
  active: boolean | number;
  created_at: string;
  updated_at: string;
}

export async function listCauseCodes(db: Knex): Promise<CauseCodeRow[]> {
  return db('cause_codes').orderBy('code');
}

export async function findCauseCode(db: Knex, code: string): Promise<CauseCodeRow | undefined> {
  return db('cause_codes').where({ code }).first();
}

export async function insertCauseCode(trx: Knex, row: CauseCodeRow): Promise<void> {
  await trx('cause_codes').insert(row);
}

export async function updateCauseCode(
  trx: Knex,
  code: string,
  patch: Pick<CauseCodeRow, 'label' | 'active' | 'updated_at'>,
): Promise<boolean> {
  return (await trx('cause_codes').where({ code }).update(patch)) > 0;
}

/** What a suggestion shows of a resolved case. */
export async function findCaseBriefs(
  db: Knex,
  ids: readonly string[],
): Promise<
  Array<{ id: string; number: string; subject: string; status: string; resolution: string | null }>
> {
  return ids.length
    ? db('cases').whereIn('id', ids).select('id', 'number', 'subject', 'status', 'resolution')
    : [];
}

/** The case's last public message from staff: its resolution when none was written on resolving. */
export async function lastStaffReply(db: Knex, caseId: string): Promise<string | null> {
  const row = await db('case_events')
    .where({ case_id: caseId, kind: 'message', internal: false, detail: 'staff' })
    .orderBy('seq', 'desc')
    .first('body');
  return (row?.body as string | undefined) ?? null;
}
