import { S, type Static } from '../shared/http/validation';

/** JSON Schemas of the knowledge base, cause codes and their figures; each type derived from its schema. */

const month = S.string({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' });
const timestamp = { type: 'string', format: 'date-time' };

export const searchQuery = S.object({ q: S.str(200, 0), limit: S.queryInt });
export type SearchQuery = Static<typeof searchQuery>;

export const newArticleSchema = S.object({ title: S.str(200), problem: S.str(4000), solution: S.str(4000) }, [
  'title',
  'problem',
  'solution',
]);
export type NewArticle = Static<typeof newArticleSchema>;

/** From a case: each field defaults to the case's (subject, description, resolution). */
export const articleFromCaseSchema = S.object({
  title: S.str(200),
  problem: S.str(4000),
  solution: S.str(4000),
});
export type ArticleFromCase = Static<typeof articleFromCaseSchema>;

const articleProperties = {
  id: S.id,
  title: { type: 'string' },
  problem: { type: 'string' },
  solution: { type: 'string' },
  sourceCaseId: { anyOf: [S.id, { type: 'null' }] },
  createdAt: timestamp,
  updatedAt: timestamp,
};
export const articleSchema = S.object(articleProperties);
export interface Article {
  id: string;
  title: string;
  problem: string;
  solution: string;
  sourceCaseId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SimilarCase {
  id: string;
  number: string;
  subject: string;
  status: string;
  resolution: string | null;
  score: number;
}

export const knowledgeResultSchema = S.object({
  articles: { type: 'array', items: S.object({ ...articleProperties, score: { type: 'number' } }) },
  cases: {
    type: 'array',
    items: S.object({
      id: S.id,
      number: { type: 'string' },
      subject: { type: 'string' },
      status: { type: 'string' },
      resolution: { type: ['string', 'null'] },
      score: { type: 'number' },
    }),
  },
});
export interface KnowledgeResult {
  articles: Array<Article & { score: number }>;
  cases: SimilarCase[];
}

// ---------------------------------------------------------------------------------------------
// Cause codes

const code = S.string({ minLength: 1, maxLength: 30, pattern: '^[A-Z0-9][A-Z0-9_-]*$' });

export const newCauseSchema = S.object({ code, label: S.str(200) }, ['code', 'label']);
export type NewCause = Static<typeof newCauseSchema>;
export const causeChangeSchema = S.object({ label: S.str(200), active: S.boolean }, ['label', 'active']);
export type CauseChange = Static<typeof causeChangeSchema>;
export const causeParams = S.object({ code }, ['code']);
export type CauseParams = Static<typeof causeParams>;
export const caseCauseSchema = S.object({ causeCode: code }, ['causeCode']);
export type CaseCause = Static<typeof caseCauseSchema>;

export const causeSchema = S.object({
  code: { type: 'string' },
  label: { type: 'string' },
  active: S.boolean,
});
export interface Cause {
  code: string;
  label: string;
  active: boolean;
}

export const causeQuery = S.object({ from: month, to: month, family: S.str(40), accountId: S.id });
export type CauseQuery = Static<typeof causeQuery>;

export const paretoSchema = S.object({
  from: month,
  to: month,
  total: { type: 'integer' },
  rows: {
    type: 'array',
    items: S.object({
      causeCode: { type: 'string' },
      label: { type: 'string' },
      count: { type: 'integer' },
      pct: { type: 'number' },
      cumulativePct: { type: 'number' },
    }),
  },
});

export const ratesSchema = S.object({
  from: month,
  to: month,
  rows: {
    type: 'array',
    items: S.object({
      family: { type: ['string', 'null'] },
      complaints: { type: 'integer' },
      linesShipped: { type: 'integer' },
      per100Lines: { type: ['number', 'null'] },
    }),
  },
});
