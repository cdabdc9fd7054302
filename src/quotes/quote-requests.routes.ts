import type { Deps } from '../deps';
import { pageOf } from '../shared/http/openapi-helpers';
import { AnyRoute, defineRoute } from '../shared/http/route';
import { assignSchema, listRequestsQuery, newRequestSchema, requestSchema } from './quote-requests.schemas';
import * as service from './quote-requests.service';
import { quoteIdParams, reasonSchema } from './quotes.schemas';

const STAFF = ['admin', 'account_manager'] as const;

export function quoteRequestRoutes(deps: Deps): AnyRoute[] {
  const { db } = deps;
  return [
    defineRoute({
      method: 'post',
      path: '/api/quote-requests',
      tag: 'Quotes',
      summary:
        "Ask for a quotation (catalog skus or described non-catalog items); a customer only for its own account. Assigned to the account's manager from the ERP",
      access: [...STAFF, 'customer'],
      body: newRequestSchema,
      responses: { 201: { description: 'The request, status open', schema: requestSchema } },
      handler: async ({ actor, body, req }) => ({
        status: 201,
        body: await service.createRequest(deps, actor!, body, req.id),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/quote-requests',
      tag: 'Quotes',
      summary: "Quote requests, newest first (a customer sees only its own account's)",
      access: [...STAFF, 'customer'],
      query: listRequestsQuery,
      responses: { 200: { description: 'A page of requests', schema: pageOf(requestSchema) } },
      handler: async ({ actor, query }) => ({
        status: 200,
        body: await service.listRequests(db, actor!, query),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/quote-requests/:id',
      tag: 'Quotes',
      summary: 'A quote request with its lines',
      access: [...STAFF, 'customer'],
      params: quoteIdParams,
      responses: { 200: { description: 'The request', schema: requestSchema } },
      handler: async ({ actor, params }) => ({
        status: 200,
        body: await service.getRequest(db, actor!, params.id),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/quote-requests/:id/decline',
      tag: 'Quotes',
      summary: 'Decline an open request (we will not quote it), with the reason',
      access: STAFF,
      params: quoteIdParams,
      body: reasonSchema,
      responses: { 200: { description: 'The declined request', schema: requestSchema } },
      handler: async ({ actor, params, body }) => ({
        status: 200,
        body: await service.declineRequest(db, actor!, params.id, body.reason),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/quote-requests/:id/assign',
      tag: 'Quotes',
      summary: 'Assign the request to another account manager',
      access: STAFF,
      params: quoteIdParams,
      body: assignSchema,
      responses: { 200: { description: 'The request', schema: requestSchema } },
      handler: async ({ actor, params, body }) => ({
        status: 200,
        body: await service.assignRequest(db, actor!, params.id, body.userId),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/quote-requests/:id/take',
      tag: 'Quotes',
      summary: 'Take an open request nobody is assigned to (409 when someone has it already)',
      access: STAFF,
      params: quoteIdParams,
      responses: { 200: { description: 'The request, assigned to the caller', schema: requestSchema } },
      handler: async ({ actor, params }) => ({
        status: 200,
        body: await service.takeRequest(db, actor!, params.id),
      }),
    }),
  ];
}
