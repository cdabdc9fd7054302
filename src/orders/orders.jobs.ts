import type { Deps } from '../deps';
import { ErpSynced } from '../shared/events';
import { compileValidator, S } from '../shared/http/validation';
import { defineJob, handleJob } from '../shared/jobs';
import { reconfirmOpenLines } from './reconfirm';

/**
 * Re-earns every open promise against the supply a sync loaded. Its own job, apart from the
 * sync and from the export that follows it (OrdersReconfirmed), so each retries alone; running
 * it twice on the same data changes nothing the second time.
 */
export const ReconfirmJob = defineJob<{ runId: string }>({
  name: 'orders.reconfirm',
  attempts: 5,
  backoff: { type: 'exponential', delayMs: 2000 },
  key: (p) => `reconfirm-${p.runId}`,
  validate: compileValidator<{ runId: string }>(
    S.object({ runId: S.id }, ['runId']),
    'Job payload is invalid',
  ),
});

export function registerOrderJobs(deps: Deps): void {
  deps.jobs.subscribe(
    ErpSynced,
    handleJob(ReconfirmJob, async ({ runId }) => {
      await reconfirmOpenLines(deps, runId);
    }),
  );
}
