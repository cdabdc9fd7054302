import type { Deps } from '../deps';
import { AppError } from '../shared/errors';
import { defineJob } from '../shared/jobs/job-queue';
import { compileValidator, S } from '../shared/http/validation';
import { redactError } from '../shared/logger';
import { exportOrders } from './orders-out';
import { registerOrdersOutJobs } from './orders-out.jobs';
import { startRun, SYNC_JOB, SYNCED_EVENT } from './sync.service';
import { runSyncOffThread } from './sync-thread';

export const NIGHTLY_SYNC_JOB = 'erp.nightly-sync';
/** Fixed id: restarts and many workers keep exactly one nightly schedule. */
export const NIGHTLY_SYNC_SCHEDULE_ID = 'erp-nightly-sync';

/** Work that follows a successful load (re-confirming promises) registers here. */
export type SyncedListener = (deps: Deps, runId: string) => Promise<void>;

const runPayload = compileValidator<{ runId: string }>(
  S.object({ runId: S.id }, ['runId']),
  'Job payload is invalid',
);
const emptyPayload = compileValidator<Record<string, never>>(S.object({}), 'Job payload is invalid');

export function registerErpJobs(deps: Deps, listeners: SyncedListener[] = []): void {
  deps.jobs.register(
    defineJob<{ runId: string }>({
      name: SYNC_JOB,
      attempts: 1,
      backoff: { type: 'fixed', delayMs: 0 },
      key: (p) => `sync-${p.runId}`,
      validate: runPayload,
      handle: async ({ runId }) => {
        await runSyncOffThread(deps, runId);
      },
    }),
  );
  deps.jobs.register(
    defineJob<Record<string, never>>({
      name: NIGHTLY_SYNC_JOB,
      attempts: 1,
      backoff: { type: 'fixed', delayMs: 0 },
      validate: emptyPayload,
      handle: async () => {
        try {
          await runNightlySync(deps);
        } finally {
          // The orders owe nothing to the sync's outcome: they are exported whatever it was.
          await exportOrders(deps, {}).catch((err: unknown) =>
            deps.logger.error({ err: redactError(err) }, 'nightly orders export failed'),
          );
        }
      },
    }),
  );
  deps.jobs.register(
    defineJob<{ runId: string }>({
      name: SYNCED_EVENT,
      attempts: 5,
      backoff: { type: 'exponential', delayMs: 2000 },
      key: (p) => `synced-${p.runId}`,
      validate: runPayload,
      handle: async ({ runId }) => {
        for (const listener of listeners) await listener(deps, runId);
      },
    }),
  );
  registerOrdersOutJobs(deps);
}

async function runNightlySync(deps: Deps): Promise<void> {
  let runId: string;
  try {
    runId = await startRun(deps.db, deps.config, {}, 'schedule', null);
  } catch (err) {
    if (err instanceof AppError && err.code === 'sync_in_progress') {
      deps.logger.warn('nightly sync skipped: a sync is already running');
      return;
    }
    throw err;
  }
  await runSyncOffThread(deps, runId);
}

export async function scheduleErpJobs(deps: Deps): Promise<void> {
  await deps.jobs.schedule(
    NIGHTLY_SYNC_JOB,
    {},
    { id: NIGHTLY_SYNC_SCHEDULE_ID, cron: deps.config.syncCron, tz: 'UTC' },
  );
}
