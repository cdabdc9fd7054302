import type { Deps } from '../deps';
import { AnyRoute, defineRoute } from '../shared/http/route';
import { S } from '../shared/http/validation';
import { availabilityQuery, availabilitySchema, checkResultSchema, checkSchema } from './atp.schemas';
import { availability, check } from './atp.service';

const STAFF = ['admin', 'account_manager', 'planner', 'service'] as const;

export function atpRoutes({ db }: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/items/:sku/availability',
      tag: 'Availability',
      summary:
        'ATP buckets for one item at one site: one per day with supply or demand, plus from; atp is cumulative with look-ahead',
      access: STAFF,
      params: S.object({ sku: S.str(40) }, ['sku']),
      query: availabilityQuery,
      responses: { 200: { description: 'The buckets', schema: availabilitySchema } },
      handler: async ({ params, query }) => ({
        status: 200,
        body: await availability(db, params.sku, query),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/atp/check',
      tag: 'Availability',
      summary:
        'What could be promised for these lines now (each line sees the ones before it); reserves nothing',
      access: 'any',
      body: checkSchema,
      responses: { 200: { description: 'Confirmations per line', schema: checkResultSchema } },
      handler: async ({ body }) => ({ status: 200, body: await check(db, body) }),
    }),
  ];
}
