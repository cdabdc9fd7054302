import type { Deps } from '../deps';
import { type AnyRoute, defineRoute } from '../shared/http/route';
import {
  accountKnowledgeSchema,
  type KnowledgeQuery,
  knowledgeParams,
  knowledgeQuerySchema,
  knowledgeRowsSchema,
} from './account-knowledge.schemas';
import { accountsKnowledge } from './account-knowledge.service';

/** The manufacturer's people who look after accounts; customers never see another's signals. */
export const STAFF = ['admin', 'account_manager', 'planner', 'service'] as const;

export function accountKnowledgeRoutes(deps: Deps): AnyRoute[] {
  const { db } = deps;
  return [
    defineRoute<unknown, KnowledgeQuery>({
      method: 'get',
      path: '/api/metrics/accounts',
      tag: 'Metrics',
      summary:
        'Accounts overview: class, 12-month value and trend, order frequency, cases, cost-to-serve and churn signals; atRisk=true lists the accounts with a signal',
      access: STAFF,
      query: knowledgeQuerySchema,
      responses: { 200: { description: 'One row per account', schema: knowledgeRowsSchema } },
      handler: async ({ query }) => ({
        status: 200,
        body: {
          rows: await accountsKnowledge(db, {
            ...(query.atRisk && { atRisk: query.atRisk === 'true' }),
            ...(query.manager && { manager: query.manager }),
          }),
        },
      }),
    }),
    defineRoute<unknown, Record<string, never>, { id: string }>({
      method: 'get',
      path: '/api/metrics/accounts/:id',
      tag: 'Metrics',
      summary: "One account's knowledge and churn signals",
      access: STAFF,
      params: knowledgeParams,
      responses: { 200: { description: 'The account', schema: accountKnowledgeSchema } },
      handler: async ({ params }) => ({
        status: 200,
        body: (await accountsKnowledge(db, { accountId: params.id }))[0]!,
      }),
    }),
  ];
}
