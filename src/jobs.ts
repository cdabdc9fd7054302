import type { Deps } from './deps';
import { registerErpJobs, scheduleErpJobs } from './erp';
import { reconfirmOpenLines } from './orders/reconfirm';

/**
 * Every domain's background jobs, registered on the queue in one place so the web server
 * (in-process driver) and `npm run worker` (bull) run the same set. Domains add theirs here.
 */
export function registerAllJobs(deps: Deps): void {
  // After every sync that changed data: re-earn every open promise against the new supply.
  registerErpJobs(deps, [async (d, runId) => void (await reconfirmOpenLines(d, runId))]);
}

/** Repeatable schedules (fixed ids, so restarts and several workers never duplicate one). */
export async function scheduleAll(deps: Deps): Promise<void> {
  await scheduleErpJobs(deps);
}
