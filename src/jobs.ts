import type { Deps } from './deps';
import { registerErpJobs, scheduleErpJobs } from './erp';

/**
 * Every domain's background jobs, registered on the queue in one place so the web server
 * (in-process driver) and `npm run worker` (bull) run the same set. Domains add theirs here.
 */
export function registerAllJobs(deps: Deps): void {
  registerErpJobs(deps, []);
}

/** Repeatable schedules (fixed ids, so restarts and several workers never duplicate one). */
export async function scheduleAll(deps: Deps): Promise<void> {
  await scheduleErpJobs(deps);
}
