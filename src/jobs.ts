import type { Deps } from './deps';
import { exportOrders, registerErpJobs, scheduleErpJobs } from './erp';
import { registerNotificationJobs } from './notifications';
import { reconfirmOpenLines } from './orders/reconfirm';
import { registerQuoteJobs, scheduleQuoteJobs } from './quotes';
import { recomputeRiskAfterSync, registerRiskJobs } from './risk';

/**
 * Every domain's background jobs, registered on the queue in one place so the web server
 * (in-process driver) and `npm run worker` (bull) run the same set. Domains add theirs here.
 */
export function registerAllJobs(deps: Deps): void {
  // After every sync that changed data: re-earn every open promise against the new supply, and
  // tell the ERP the dates that moved (the nightly export ran before this).
  registerErpJobs(deps, [
    async (d, runId) => {
      const { moved } = await reconfirmOpenLines(d, runId);
      if (moved > 0) await exportOrders(d, {});
      // Scores read the promises re-confirmation just kept or moved.
      await recomputeRiskAfterSync(d);
    },
  ]);
  registerNotificationJobs(deps);
  registerQuoteJobs(deps);
  registerRiskJobs(deps);
}

/** Repeatable schedules (fixed ids, so restarts and several workers never duplicate one). */
export async function scheduleAll(deps: Deps): Promise<void> {
  await scheduleErpJobs(deps);
  await scheduleQuoteJobs(deps);
}
