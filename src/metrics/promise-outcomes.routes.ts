import type { Deps } from '../deps';
import { type AnyRoute, defineRoute } from '../shared/http/route';
import { S } from '../shared/http/validation';
import { STAFF } from './account-knowledge.routes';
import { pipelineForecastRows } from './pipeline.service';
import { promiseOutcomeRows } from './promise-outcomes.service';

const querySchema = S.object({ family: S.str(40), site: S.str(20) });
const outcomeSchema = S.object({
  family: S.nullable(S.str(40)),
  site: S.nullable(S.str(20)),
  linesDue: S.integer(),
  firstPromiseOtifPct: S.nullable(S.number()),
  distribution: S.array(S.object({ days: S.integer(), lines: S.integer() })),
  slipP50Days: S.integer(),
  slipP95Days: S.integer(),
});

export function promiseOutcomeRoutes(deps: Deps): AnyRoute[] {
  return [
    ...pipelineRoutes(deps),
    defineRoute<unknown, { family?: string; site?: string }>({
      method: 'get',
      path: '/api/metrics/promise-outcomes',
      tag: 'Metrics',
      summary:
        'How first promises of the last 6 months ended, per family and site: completion − first promise as a distribution, first-promise OTIF, and the days to add for a promise kept 95 % of the time',
      access: STAFF,
      query: querySchema,
      responses: {
        200: {
          description: 'One row per family and site',
          schema: S.object({ rows: S.array(outcomeSchema) }),
        },
      },
      handler: async ({ query }) => ({
        status: 200,
        body: { rows: await promiseOutcomeRows(deps.db, query) },
      }),
    }),
  ];
}

const pipelineRowSchema = S.object({
  family: S.nullable(S.str(40)),
  month: S.str(7),
  openLines: S.integer(),
  openValue: S.number(),
  weightedValue: S.number(),
});

/** The pipeline forecast beside the promise outcomes: both are what history says of open quotes. */
export function pipelineRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute<unknown, Record<string, never>>({
      method: 'get',
      path: '/api/metrics/pipeline-forecast',
      tag: 'Metrics',
      summary:
        'Open quote lines per family and month of their quoted date, weighted by the hit probability learned from the last 12 months (account class, family, lead time, discount)',
      access: STAFF,
      responses: {
        200: {
          description: 'One row per family and month',
          schema: S.object({ rows: S.array(pipelineRowSchema) }),
        },
      },
      handler: async () => ({ status: 200, body: { rows: await pipelineForecastRows(deps.db) } }),
    }),
  ];
}
