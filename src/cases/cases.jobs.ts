import type { Deps } from '../deps';
import { defineJob } from '../shared/jobs/job-queue';
import { compileValidator, S } from '../shared/http/validation';
import { sweepSla } from './cases.service';
import { registerRmaJobs } from './rma.service';

export const SLA_SWEEP_JOB = 'cases.sla-sweep';
/** Fixed id: restarts and many workers keep exactly one schedule. */
export const SLA_SWEEP_SCHEDULE_ID = 'cases-sla-sweep';
/** Every minute: a breach is on record within a minute of happening. */
const SWEEP_CRON = '* * * * *';

export function registerCaseJobs(deps: Deps): void {
  deps.jobs.register(
    defineJob<Record<string, never>>({
      name: SLA_SWEEP_JOB,
      attempts: 3,
      backoff: { type: 'fixed', delayMs: 10_000 },
      key: () => 'sla-sweep',
      validate: compileValidator<Record<string, never>>(S.object({}), 'Job payload is invalid'),
      handle: async () => {
        const n = await sweepSla(deps);
        if (n) deps.logger.info({ breaches: n }, 'SLA breaches recorded');
      },
    }),
  );
  registerRmaJobs(deps);
}

export async function scheduleCaseJobs(deps: Deps): Promise<void> {
  await deps.jobs.schedule(SLA_SWEEP_JOB, {}, { id: SLA_SWEEP_SCHEDULE_ID, cron: SWEEP_CRON, tz: 'UTC' });
}
