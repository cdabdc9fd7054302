import type { Knex } from 'knex';
import type { JobQueue } from '../jobs/job-queue';
import { AnyRoute, defineRoute } from './route';

const healthSchema = {
  type: 'object',
  properties: {
    status: { enum: ['ok', 'degraded'] },
    database: { enum: ['ok', 'down'] },
    redis: { enum: ['ok', 'down', 'not_configured'] },
  },
};

export async function checkHealth(db: Knex, jobs: JobQueue) {
  const database = await db.raw('select 1 as ok').then(
    () => 'ok' as const,
    () => 'down' as const,
  );
  const redis =
    jobs.driver === 'in-process'
      ? ('not_configured' as const)
      : (await jobs.ping())
        ? ('ok' as const)
        : ('down' as const);
  return {
    status: database === 'ok' && redis !== 'down' ? ('ok' as const) : ('degraded' as const),
    database,
    redis,
  };
}

/** /health and the OpenAPI document; the document is built lazily from every route, itself included. */
export function systemRoutes(db: Knex, jobs: JobQueue, openApi: () => Record<string, unknown>): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      tag: 'System',
      summary: 'Database and Redis reachability (503 when one is down)',
      access: 'public',
      responses: {
        200: { description: 'Healthy', schema: healthSchema },
        503: { description: 'Degraded', schema: healthSchema },
      },
      handler: async () => {
        const health = await checkHealth(db, jobs);
        return {
          status: health.status === 'ok' ? 200 : 503,
          body: health,
          headers: { 'Cache-Control': 'no-store' },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/openapi.json',
      tag: 'System',
      summary: 'This document',
      access: 'public',
      responses: { 200: { description: 'OpenAPI 3.1 document' } },
      handler: async () => ({ status: 200, body: openApi() }),
    }),
  ];
}
