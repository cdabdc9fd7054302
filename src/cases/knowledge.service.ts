import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Deps } from '../deps';
import { currentTime } from '../shared/clock';
import { AppError, notFound } from '../shared/errors';
import { type Actor, accountScopeOf } from '../shared/http/actor';
import { findCase } from './cases.repository';
import { setCaseResolution } from './causes.repository';
import * as repo from './knowledge.repository';
import type { Article, ArticleFromCase, KnowledgeResult, NewArticle } from './knowledge.schemas';

/**
 * The knowledge base: articles (a problem and its solution) and resolved cases, searched in full
 * text; the suggestions shown when a case is opened; a case's resolution made into an article.
 */

type Db = Pick<Deps, 'db'>;

/** Words too common to tell problems apart (FTS5 has no stop list; PostgreSQL's would drop them anyway). */
const STOP_WORDS = new Set(
  'the and for with that this from have has had was were are not but our your you they them its after before when then than into out about there their what which would could should after also been being does did just very some more most other only over same such too can will'.split(
    ' ',
  ),
);
const MAX_TERMS = 12;

/**
 * The search terms of a text: letters and digits only (so no term carries FTS5 or tsquery syntax),
 * lower case, three characters or more, no stop words, each once, the first twelve.
 */
export function searchTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<string>();
  for (const w of words) {
    if (w.length < 3 || STOP_WORDS.has(w)) continue;
    out.add(w);
    if (out.size === MAX_TERMS) break;
  }
  return [...out];
}

const toArticle = (r: repo.ArticleRow): Article => ({
  id: r.id,
  title: r.title,
  problem: r.problem,
  solution: r.solution,
  sourceCaseId: r.source_case_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const articleDoc = (r: Pick<repo.ArticleRow, 'id' | 'title' | 'problem' | 'solution' | 'updated_at'>) => ({
  kind: 'article' as const,
  doc_id: r.id,
  title: r.title,
  body: `${r.problem}\n${r.solution}`.slice(0, 4000),
  updated_at: r.updated_at,
});

/**
 * On resolving: the reason given is the case's resolution (or, without one, its last public staff
 * message), and the case is indexed so later cases find it. The caller holds the case's lock.
 */
export async function resolutionOf(
  trx: Knex,
  row: { id: string; subject: string; description: string },
  reason: string | null,
  at: string,
): Promise<void> {
  const resolution = reason ?? (await repo.lastStaffReply(trx, row.id));
  if (resolution) await setCaseResolution(trx, row.id, resolution.slice(0, 4000));
  await indexResolvedCase(trx, row, resolution, at);
}

async function indexResolvedCase(
  trx: Knex,
  row: { id: string; subject: string; description: string },
  resolution: string | null,
  at: string,
): Promise<void> {
  await repo.indexDoc(trx, {
    kind: 'case',
    doc_id: row.id,
    title: row.subject,
    body: `${row.description}\n${resolution ?? ''}`.slice(0, 4000),
    updated_at: at,
  });
}

async function search(
  db: Knex,
  text: string,
  withCases: boolean,
  limit: number,
  exclude: { kind: repo.DocKind; docId: string } | null,
): Promise<KnowledgeResult> {
  const terms = searchTerms(text);
  const hits = await repo.searchDocs(
    db,
    terms,
    withCases ? ['article', 'case'] : ['article'],
    limit * 2,
    exclude,
  );
  const articleHits = hits.filter((h) => h.kind === 'article').slice(0, limit);
  const caseHits = hits.filter((h) => h.kind === 'case').slice(0, limit);
  const [articles, cases] = await Promise.all([
    repo.findArticles(
      db,
      articleHits.map((h) => h.doc_id),
    ),
    repo.findCaseBriefs(
      db,
      caseHits.map((h) => h.doc_id),
    ),
  ]);
  const articleById = new Map(articles.map((a) => [a.id, a]));
  const caseById = new Map(cases.map((c) => [c.id, c]));
  return {
    articles: articleHits.flatMap((h) => {
      const a = articleById.get(h.doc_id);
      return a ? [{ ...toArticle(a), score: h.score }] : [];
    }),
    cases: caseHits.flatMap((h) => {
      const c = caseById.get(h.doc_id);
      return c ? [{ ...c, score: h.score }] : [];
    }),
  };
}

/** Articles and (for staff) resolved cases matching the text; customers never see other cases. */
export async function searchKnowledge(
  deps: Db,
  actor: Actor,
  query: { q?: string; limit?: string },
): Promise<KnowledgeResult> {
  const limit = Math.min(Math.max(Number(query.limit ?? 10), 1), 50);
  return search(deps.db, query.q ?? '', actor.role !== 'customer', limit, null);
}

/** Resolved cases and articles like this case (its subject and description), the case itself left out. */
export async function suggestForCase(deps: Db, actor: Actor, caseId: string): Promise<KnowledgeResult> {
  const row = await findCase(deps.db, accountScopeOf(actor), caseId);
  if (!row) throw notFound('Case');
  return search(deps.db, `${row.subject} ${row.description}`, true, 5, { kind: 'case', docId: caseId });
}

export async function getArticle(deps: Db, id: string): Promise<Article> {
  const row = await repo.findArticle(deps.db, id);
  if (!row) throw notFound('Article');
  return toArticle(row);
}

export async function createArticle(
  deps: Db,
  actor: Actor,
  input: NewArticle,
  sourceCaseId: string | null = null,
  now = currentTime(),
): Promise<Article> {
  const at = now.toISOString();
  const row: repo.ArticleRow = {
    id: crypto.randomUUID(),
    ...input,
    source_case_id: sourceCaseId,
    created_by: actor.userId,
    created_at: at,
    updated_at: at,
  };
  await deps.db.transaction(async (trx) => {
    await repo.insertArticle(trx, row);
    await repo.indexDoc(trx, articleDoc(row));
  });
  return toArticle(row);
}

export async function changeArticle(
  deps: Db,
  id: string,
  input: NewArticle,
  now = currentTime(),
): Promise<Article> {
  const patch = { ...input, updated_at: now.toISOString() };
  await deps.db.transaction(async (trx) => {
    if (!(await repo.updateArticle(trx, id, patch))) throw notFound('Article');
    await repo.indexDoc(trx, articleDoc({ id, ...patch }));
  });
  return getArticle(deps, id);
}

/** A resolved (or closed) case's problem and resolution as an article; what the body gives overrides. */
export async function articleFromCase(
  deps: Db,
  actor: Actor,
  caseId: string,
  input: ArticleFromCase,
): Promise<Article> {
  const row = await findCase(deps.db, accountScopeOf(actor), caseId);
  if (!row) throw notFound('Case');
  if (row.status !== 'resolved' && row.status !== 'closed')
    throw new AppError('illegal_state', 'Only a resolved or closed case can become an article');
  const { resolution } = (await repo.findCaseBriefs(deps.db, [caseId]))[0]!;
  const solution = input.solution ?? resolution;
  if (!solution)
    throw new AppError('validation_failed', 'The case has no resolution to use', [
      { path: '/solution', message: 'is required when the case was resolved without a resolution' },
    ]);
  return createArticle(
    deps,
    actor,
    { title: input.title ?? row.subject, problem: input.problem ?? row.description, solution },
    caseId,
  );
}

/** The newest articles, for the knowledge page before anything is searched. */
export async function listRecentArticles(deps: Db, limit = 20): Promise<Article[]> {
  return (await repo.listArticles(deps.db, limit)).map(toArticle);
}
