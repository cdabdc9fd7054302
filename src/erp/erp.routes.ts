import type { Deps } from '../deps';
import { pageOf } from '../shared/http/openapi-helpers';
import { AnyRoute, defineRoute } from '../shared/http/route';
import * as read from './erp-read.service';
import {
  quarantineIdParams,
  quarantineQuery,
  quarantineSchema,
  runIdParams,
  runSchema,
  syncRequestSchema,
} from './erp.schemas';
import { requestSync } from './sync.service';

const OPERATORS = ['admin', 'planner'] as const;

export function erpRoutes(deps: Deps): AnyRoute[] {
  const { db } = deps;
  return [
    defineRoute({
      method: 'post',
      path: '/api/erp/sync',
      tag: 'ERP sync',
      summary:
        'Start an ERP sync now (all datasets, or some). A second sync while one runs is refused with 409 sync_in_progress.',
      access: OPERATORS,
      body: syncRequestSchema,
      responses: {
        202: {
          description: 'Queued',
          schema: { type: 'object', properties: { runId: { type: 'string' }, status: { const: 'queued' } } },
        },
      },
      handler: async ({ actor, body }) => ({
        status: 202,
        body: { runId: await requestSync(deps, actor!, body), status: 'queued' },
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/erp/sync-runs',
      tag: 'ERP sync',
      summary: 'Recent sync runs, newest first',
      access: OPERATORS,
      query: {
        type: 'object',
        properties: {
          limit: { type: 'string', pattern: '^[0-9]{1,3}$' },
          cursor: { type: 'string', maxLength: 500 },
        },
        additionalProperties: false,
      },
      responses: { 200: { description: 'A page of runs', schema: pageOf(runSchema) } },
      handler: async ({ query }) => ({ status: 200, body: await read.listRuns(db, query) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/erp/sync-runs/:runId',
      tag: 'ERP sync',
      summary:
        'A sync run with the counts of each dataset (read = inserted + updated + unchanged + quarantined); progress while running',
      access: OPERATORS,
      params: runIdParams,
      responses: { 200: { description: 'The run', schema: runSchema } },
      handler: async ({ params }) => ({ status: 200, body: await read.getRun(db, params.runId) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/erp/quarantine',
      tag: 'ERP sync',
      summary:
        "Rows the sync refused, with file, line and reason. By default the open ones (not yet retried); ?runId= gives one run's",
      access: OPERATORS,
      query: quarantineQuery,
      responses: { 200: { description: 'A page of quarantined rows', schema: pageOf(quarantineSchema) } },
      handler: async ({ query }) => ({ status: 200, body: await read.listQuarantine(db, query) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/erp/quarantine/:id',
      tag: 'ERP sync',
      summary:
        'One quarantined row: its run, dataset, file, line, reason and the values as the ERP sent them',
      access: OPERATORS,
      params: quarantineIdParams,
      responses: { 200: { description: 'The row', schema: quarantineSchema } },
      handler: async ({ params }) => ({ status: 200, body: await read.getQuarantined(db, params.id) }),
    }),
  ];
}
