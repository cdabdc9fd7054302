import type { Deps } from '../deps';
import { AppError } from '../shared/errors';
import { compileValidator, S } from '../shared/http/validation';
import { defineJob, handleJob } from '../shared/jobs';
import { redactError } from '../shared/logger';
import { exportOrders } from './orders-out';
import { registerOrdersOutJobs } from './orders-out.jobs';
import { startRun, SyncJob } from './sync.service';
import { runSyncOffThread } from './sync-thread';

export const NightlySyncJob = defineJob<Record<string, never>>({
  name: 'erp.nightly-sync',
  attempts: 1,
  backoff: { type: 'fixed', delayMs: 0 },
  validate: compileValidator<Record<string, never>>(S.object({}), 'Job payload is invalid'),
});
/** Fixed id: restarts and many workers keep exactly one nightly schedule. */
export const NIGHTLY_SYNC_SCHEDULE_ID = 'erp-nightly-sync';

/** The sync jobs, and the ERP's subscriptions (orders out after every order change). */
export function registerErpJobs(deps: Deps): void {
  deps.jobs.register(
    handleJob(SyncJob, async ({ runId }) => {
      await runSyncOffThread(deps, runId);
    }),
  );
  deps.jobs.register(
    handleJob(NightlySyncJob, async () => {
      try {
        await runNightlySync(deps);
      } finally {
        // The orders owe nothing to the sync's outcome: they are exported whatever it was.
        await exportOrders(deps, {}).catch((err: unknown) =>
          deps.logger.error({ err: redactError(err) }, 'nightly orders export failed'),
        );
      }
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
    NightlySyncJob,
    {},
    { id: NIGHTLY_SYNC_SCHEDULE_ID, cron: deps.config.syncCron, tz: 'UTC' },
  );
}
