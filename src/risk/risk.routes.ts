import type { Deps } from '../deps';
import { pageOf } from '../shared/http/openapi-helpers';
import { AnyRoute, defineRoute } from '../shared/http/route';
import {
  type RiskLinesQuery,
  riskLineSchema,
  riskLinesQuery,
  type WhatIfBody,
  whatIfResultSchema,
  whatIfSchema,
} from './risk.schemas';
import { listRisk } from './risk.service';
import { whatIf } from './what-if';

/** The contract's roles: planners work the list; account managers see their customers' exposure. */
export const RISK_ROLES = ['planner', 'account_manager', 'admin'] as const;

export function riskRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute<unknown, RiskLinesQuery>({
      method: 'get',
      path: '/api/risk/lines',
      tag: 'Fulfillment risk',
      summary:
        'Open order lines with their stored fulfillment risk (score 0–100, band, reasons), highest score first; ' +
        '`reason` (beyond the contract) keeps the lines with that reason',
      access: RISK_ROLES,
      query: riskLinesQuery,
      responses: { 200: { description: 'A page of scored lines', schema: pageOf(riskLineSchema) } },
      handler: async ({ query }) => ({ status: 200, body: await listRisk(deps.db, query) }),
    }),
    defineRoute<WhatIfBody>({
      method: 'post',
      path: '/api/risk/what-if',
      tag: 'Fulfillment risk',
      summary:
        'Beyond the contract: which open lines of one sku at one site would slip, and by how many days, if its receipts ' +
        'moved, changed quantity or were joined by new ones; computed on the real data, writing nothing',
      access: RISK_ROLES,
      body: whatIfSchema,
      responses: {
        200: { description: 'The lines whose date the change would move', schema: whatIfResultSchema },
      },
      handler: async ({ body }) => ({ status: 200, body: await whatIf(deps.db, body) }),
    }),
  ];
}
