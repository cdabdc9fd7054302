import type { Deps } from './deps';

/**
 * Every domain's background jobs, registered on the queue in one place so the web server
 * (in-process driver) and `npm run worker` (bull) run the same set. Domains add theirs here.
 */
export function registerAllJobs(_deps: Deps): void {
  // The ERP sync issue registers the nightly sync and order export jobs here.
}

/** Repeatable schedules (fixed ids, so restarts and several workers never duplicate one). */
export async function scheduleAll(_deps: Deps): Promise<void> {
  // The ERP sync issue schedules the nightly run (SYNC_CRON) here.
}
