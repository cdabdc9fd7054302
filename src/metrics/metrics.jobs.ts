import type { Deps } from '../deps';
import { compileValidator, S } from '../shared/http/validation';
import { defineJob, handleJob } from '../shared/jobs';
import { createExportRun, runExport } from './metrics-export';

/** One export run, queued by POST /api/metrics/export. */
export const MetricsExportJob = defineJob<{ runId: string }>({
  name: 'metrics.export',
  // The run is claimed with a conditional update, so a redelivered job finds it done and stops.
  attempts: 1,
  backoff: { type: 'fixed', delayMs: 0 },
  key: (p) => `metrics-export-${p.runId}`,
  validate: compileValidator<{ runId: string }>(
    S.object({ runId: S.id }, ['runId']),
    'Job payload is invalid',
  ),
});

/** POST /api/metrics/export and the ERP sync page's button: a run recorded, then the job queued after it. */
export async function requestMetricsExport(deps: Deps, requestedBy: string): Promise<string> {
  const runId = await createExportRun(deps.db, 'manual', requestedBy);
  await deps.jobs.enqueue(MetricsExportJob, { runId });
  return runId;
}

export const NightlyMetricsJob = defineJob<Record<string, never>>({
  name: 'metrics.nightly-export',
  attempts: 1,
  backoff: { type: 'fixed', delayMs: 0 },
  validate: compileValidator<Record<string, never>>(S.object({}), 'Job payload is invalid'),
});
/** Fixed id: restarts and many workers keep exactly one nightly schedule. */
export const NIGHTLY_METRICS_SCHEDULE_ID = 'metrics-nightly-export';
/** After the nightly ERP sync (SYNC_CRON, 02:00 UTC by default) has brought the day's shipments. */
const NIGHTLY_METRICS_CRON = '30 3 * * *';

export function registerMetricsJobs(deps: Deps): void {
  deps.jobs.register(
    handleJob(MetricsExportJob, async ({ runId }) => {
      await runExport(deps, runId);
    }),
  );
  deps.jobs.register(
    handleJob(NightlyMetricsJob, async () => {
      await runExport(deps, await createExportRun(deps.db, 'schedule', null));
    }),
  );
}

export async function scheduleMetricsJobs(deps: Deps): Promise<void> {
  await deps.jobs.schedule(
    NightlyMetricsJob,
    {},
    { id: NIGHTLY_METRICS_SCHEDULE_ID, cron: NIGHTLY_METRICS_CRON, tz: 'UTC' },
  );
}
