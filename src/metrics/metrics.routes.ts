import type { Deps } from '../deps';
import { pageOf } from '../shared/http/openapi-helpers';
import { type AnyRoute, defineRoute } from '../shared/http/route';
import { getExportRun } from './metrics-export';
import { requestMetricsExport } from './metrics.jobs';
import {
  exportRunSchema,
  exportStartedSchema,
  type FulfillmentQuery,
  fulfillmentQuerySchema,
  type LinesQuery,
  linesQuerySchema,
  churnRowsSchema,
  metricsLineSchema,
  lossRowsSchema,
  myDeliveriesQuerySchema,
  type RangeQuery,
  rangeQuerySchema,
  rowsSchema,
  runParams,
} from './metrics.schemas';
import * as service from './metrics.service';
import * as churn from './churn.service';

const STAFF = ['admin', 'account_manager', 'planner', 'service'] as const;

export function metricsRoutes(deps: Deps): AnyRoute[] {
  const { db } = deps;
  return [
    defineRoute<unknown, FulfillmentQuery>({
      method: 'get',
      path: '/api/metrics/fulfillment',
      tag: 'Metrics',
      summary:
        'Fulfillment metrics (OTIF, on time, in full, days late, lead times, hit rate, ordered value) by period, account, family and site',
      access: STAFF,
      query: fulfillmentQuerySchema,
      responses: { 200: { description: 'One row per group', schema: rowsSchema } },
      handler: async ({ query }) => ({ status: 200, body: await service.fulfillmentRows(db, query) }),
    }),
    defineRoute<unknown, LinesQuery>({
      method: 'get',
      path: '/api/metrics/fulfillment/lines',
      tag: 'Metrics',
      summary: 'The due order lines behind a row of fulfillment metrics, a page at a time',
      access: STAFF,
      query: linesQuerySchema,
      responses: { 200: { description: 'A page of lines', schema: pageOf(metricsLineSchema) } },
      handler: async ({ query }) => ({ status: 200, body: await service.fulfillmentLines(db, query) }),
    }),
    defineRoute<unknown, RangeQuery>({
      method: 'get',
      path: '/api/metrics/promise-churn',
      tag: 'Metrics',
      summary:
        'Promise churn: how often and how far promised dates moved in each period, by reason (supplier, capacity, stock, ERP demand, customer choice, other)',
      access: STAFF,
      query: rangeQuerySchema,
      responses: { 200: { description: 'One row per group', schema: churnRowsSchema } },
      handler: async ({ query }) => ({ status: 200, body: await churn.promiseChurn(db, query) }),
    }),
    defineRoute<unknown, RangeQuery>({
      method: 'get',
      path: '/api/metrics/quote-losses',
      tag: 'Metrics',
      summary:
        'Quote lines lost in each period by reason (price, lead time, competitor, expired, other), by count and by value',
      access: STAFF,
      query: rangeQuerySchema,
      responses: { 200: { description: 'One row per group', schema: lossRowsSchema } },
      handler: async ({ query }) => ({ status: 200, body: await churn.quoteLosses(db, query) }),
    }),
    defineRoute<unknown, Omit<FulfillmentQuery, 'groupBy' | 'accountId'>>({
      method: 'get',
      path: '/api/metrics/my-deliveries',
      tag: 'Metrics',
      summary: "A customer's own delivery performance by period",
      access: ['customer'],
      query: myDeliveriesQuerySchema,
      responses: { 200: { description: 'One row per period', schema: rowsSchema } },
      handler: async ({ actor, query }) => ({
        status: 200,
        body: await service.myDeliveries(db, actor!, query),
      }),
    }),
    defineRoute<unknown, Record<string, never>>({
      method: 'post',
      path: '/api/metrics/export',
      tag: 'Metrics',
      summary: 'Write fulfillment_metrics (CSV and XLSX in EXPORT_DIR) now, as the nightly job does',
      access: ['admin', 'planner'],
      responses: { 202: { description: 'The run, queued', schema: exportStartedSchema } },
      handler: async ({ actor }) => ({
        status: 202,
        body: { runId: await requestMetricsExport(deps, actor!.userId) },
      }),
    }),
    defineRoute<unknown, Record<string, never>, { runId: string }>({
      method: 'get',
      path: '/api/metrics/exports/:runId',
      tag: 'Metrics',
      summary: 'An export run: its status and the files it wrote',
      access: ['admin', 'planner'],
      params: runParams,
      responses: { 200: { description: 'The run', schema: exportRunSchema } },
      handler: async ({ params }) => ({ status: 200, body: await getExportRun(db, params.runId) }),
    }),
  ];
}
