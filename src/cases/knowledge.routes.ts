import type { Deps } from '../deps';
import { type AnyRoute, defineRoute } from '../shared/http/route';
import { S } from '../shared/http/validation';
import { type IdParams, idParams } from './cases.schemas';
import * as causes from './causes.service';
import * as knowledge from './knowledge.service';
import {
  type ArticleFromCase,
  articleFromCaseSchema,
  articleSchema,
  type CaseCause,
  type CauseChange,
  type CauseParams,
  type CauseQuery,
  caseCauseSchema,
  causeChangeSchema,
  causeParams,
  causeQuery,
  causeSchema,
  knowledgeResultSchema,
  type NewArticle,
  type NewCause,
  newArticleSchema,
  newCauseSchema,
  paretoSchema,
  ratesSchema,
  type SearchQuery,
  searchQuery,
} from './knowledge.schemas';

const STAFF = ['admin', 'account_manager', 'service'] as const;
const WRITERS = ['admin', 'service'] as const;
const TAG = 'Service knowledge';
const article = { description: 'The article', schema: articleSchema };
const cause = { description: 'The cause code', schema: causeSchema };

/** The knowledge base, suggestions for a case, cause codes and where complaints come from. */
export function knowledgeRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute<unknown, SearchQuery>({
      method: 'get',
      path: '/api/knowledge',
      tag: TAG,
      summary: 'Full-text search of articles and (staff only) resolved cases, most relevant first',
      access: [...STAFF, 'customer'],
      query: searchQuery,
      responses: { 200: { description: 'Matches', schema: knowledgeResultSchema } },
      handler: async ({ actor, query }) => ({
        status: 200,
        body: await knowledge.searchKnowledge(deps, actor!, query),
      }),
    }),
    defineRoute<NewArticle>({
      method: 'post',
      path: '/api/knowledge/articles',
      tag: TAG,
      summary: 'Write an article: a problem and its solution',
      access: WRITERS,
      body: newArticleSchema,
      responses: { 201: article },
      handler: async ({ actor, body }) => ({
        status: 201,
        body: await knowledge.createArticle(deps, actor!, body),
      }),
    }),
    defineRoute<unknown, Record<string, never>, IdParams>({
      method: 'get',
      path: '/api/knowledge/articles/:id',
      tag: TAG,
      summary: 'An article',
      access: [...STAFF, 'customer'],
      params: idParams,
      responses: { 200: article },
      handler: async ({ params }) => ({ status: 200, body: await knowledge.getArticle(deps, params.id) }),
    }),
    defineRoute<NewArticle, Record<string, never>, IdParams>({
      method: 'put',
      path: '/api/knowledge/articles/:id',
      tag: TAG,
      summary: 'Rewrite an article (the search index follows in the same transaction)',
      access: WRITERS,
      params: idParams,
      body: newArticleSchema,
      responses: { 200: article },
      handler: async ({ params, body }) => ({
        status: 200,
        body: await knowledge.changeArticle(deps, params.id, body),
      }),
    }),
    defineRoute<ArticleFromCase, Record<string, never>, IdParams>({
      method: 'post',
      path: '/api/cases/:id/article',
      tag: TAG,
      summary:
        "A resolved or closed case's resolution as an article (title, problem, solution default to the case's subject, description, resolution)",
      access: WRITERS,
      params: idParams,
      body: articleFromCaseSchema,
      responses: { 201: article },
      handler: async ({ actor, params, body }) => ({
        status: 201,
        body: await knowledge.articleFromCase(deps, actor!, params.id, body),
      }),
    }),
    defineRoute<unknown, Record<string, never>, IdParams>({
      method: 'get',
      path: '/api/cases/:id/suggestions',
      tag: TAG,
      summary: 'Resolved cases and articles like this case (by its subject and description)',
      access: STAFF,
      params: idParams,
      responses: { 200: { description: 'Suggestions', schema: knowledgeResultSchema } },
      handler: async ({ actor, params }) => ({
        status: 200,
        body: await knowledge.suggestForCase(deps, actor!, params.id),
      }),
    }),
    defineRoute<CaseCause, Record<string, never>, IdParams>({
      method: 'put',
      path: '/api/cases/:id/cause',
      tag: TAG,
      summary: "Set the case's root cause (an active code of the list)",
      access: STAFF,
      params: idParams,
      body: caseCauseSchema,
      responses: {
        200: {
          description: 'The case and its cause',
          schema: S.object({ id: S.id, causeCode: { type: 'string' } }),
        },
      },
      handler: async ({ actor, params, body }) => ({
        status: 200,
        body: await causes.setCause(deps, actor!, params.id, body.causeCode),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/case-causes',
      tag: TAG,
      summary: 'The cause codes, active and retired',
      access: STAFF,
      responses: { 200: { description: 'The list', schema: { type: 'array', items: causeSchema } } },
      handler: async () => ({ status: 200, body: await causes.listCauses(deps) }),
    }),
    defineRoute<NewCause>({
      method: 'post',
      path: '/api/case-causes',
      tag: TAG,
      summary: 'Add a cause code (admins); an existing code answers 409',
      access: ['admin'],
      body: newCauseSchema,
      responses: { 201: cause },
      handler: async ({ body }) => ({ status: 201, body: await causes.addCause(deps, body) }),
    }),
    defineRoute<CauseChange, Record<string, never>, CauseParams>({
      method: 'put',
      path: '/api/case-causes/:code',
      tag: TAG,
      summary: 'Relabel or retire a cause code (admins); cases keep the code they have',
      access: ['admin'],
      params: causeParams,
      body: causeChangeSchema,
      responses: { 200: cause },
      handler: async ({ params, body }) => ({
        status: 200,
        body: await causes.changeCause(deps, params.code, body),
      }),
    }),
    defineRoute<unknown, CauseQuery>({
      method: 'get',
      path: '/api/case-causes/pareto',
      tag: TAG,
      summary:
        'Closed complaints opened in the months from..to by cause, most frequent first with the running share; filter by family and account',
      access: STAFF,
      query: causeQuery,
      responses: { 200: { description: 'The Pareto', schema: paretoSchema } },
      handler: async ({ query }) => ({ status: 200, body: await causes.causePareto(deps, query) }),
    }),
    defineRoute<unknown, CauseQuery>({
      method: 'get',
      path: '/api/case-causes/rates',
      tag: TAG,
      summary: 'Complaints opened in the months from..to per 100 order lines shipped in them, by family',
      access: STAFF,
      query: causeQuery,
      responses: { 200: { description: 'The rates', schema: ratesSchema } },
      handler: async ({ query }) => ({ status: 200, body: await causes.complaintRatesByFamily(deps, query) }),
    }),
  ];
}
