import type { Deps } from '../deps';
import { ErpSynced, OrderSlipped } from '../shared/events';
import { compileValidator, S } from '../shared/http/validation';
import { defineJob, handleJob } from '../shared/jobs';
import { checkDeliveryAlerts } from './alerts.service';

/*
 * Three ways in to the same idempotent check: hourly, after each sync, after each slip (the slip
 * comes from re-confirmation, itself a job after the sync, so the after-sync check may run before
 * it). Each is a job of its own: one failing never re-runs the others, and every run claims only
 * the alerts no run has claimed.
 */
const RETRY = { attempts: 5, backoff: { type: 'exponential' as const, delayMs: 5000 } };

export const HourlyAlertsJob = defineJob<Record<string, never>>({
  name: 'alerts.hourly',
  ...RETRY,
  validate: compileValidator<Record<string, never>>(S.object({}), 'Job payload is invalid'),
});
export const HOURLY_ALERTS_SCHEDULE_ID = 'alerts-hourly';
const HOURLY_CRON = '5 * * * *';

export const AlertsAfterSyncJob = defineJob<{ runId: string }>({
  name: 'alerts.after-sync',
  ...RETRY,
  key: (p) => `alerts-sync-${p.runId}`,
  validate: compileValidator<{ runId: string }>(
    S.object({ runId: S.id }, ['runId']),
    'Job payload is invalid',
  ),
});

export const AlertsAfterSlipJob = defineJob<{ orderId: string; runId: string | null }>({
  name: 'alerts.after-slip',
  ...RETRY,
  key: (p) => `alerts-slip-${p.orderId}-${p.runId ?? 'none'}`,
  validate: compileValidator<{ orderId: string; runId: string | null }>(
    S.object({ orderId: S.id, runId: S.nullable(S.id) }, ['orderId', 'runId']),
    'Job payload is invalid',
  ),
});

export function registerAlertJobs(deps: Deps): void {
  const check = async () => {
    await checkDeliveryAlerts(deps);
  };
  deps.jobs.register(handleJob(HourlyAlertsJob, check));
  deps.jobs.subscribe(ErpSynced, handleJob(AlertsAfterSyncJob, check));
  deps.jobs.subscribe(OrderSlipped, handleJob(AlertsAfterSlipJob, check));
}

export async function scheduleAlertJobs(deps: Deps): Promise<void> {
  await deps.jobs.schedule(
    HourlyAlertsJob,
    {},
    { id: HOURLY_ALERTS_SCHEDULE_ID, cron: HOURLY_CRON, tz: 'UTC' },
  );
}
