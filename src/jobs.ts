import { registerCaseJobs, scheduleCaseJobs } from './cases';
import type { Deps } from './deps';
import { registerAlertJobs, scheduleAlertJobs } from './alerts';
import { registerErpJobs, scheduleErpJobs } from './erp';
import { registerMetricsJobs, scheduleMetricsJobs } from './metrics';
import { registerNotificationJobs } from './notifications';
import { registerOrderJobs } from './orders';
import { registerQuoteJobs, scheduleQuoteJobs } from './quotes';
import { registerRiskJobs } from './risk';

/**
 * Every domain's background jobs and event subscriptions, registered on the queue in one place
 * so the web server (in-process driver, and the publisher under bull) and `npm run worker` know
 * the same set. Who listens to what is declared in each domain's *.jobs.ts, not here.
 */
export function registerAllJobs(deps: Deps): void {
  registerErpJobs(deps);
  registerOrderJobs(deps);
  registerCaseJobs(deps);
  registerNotificationJobs(deps);
  registerQuoteJobs(deps);
  registerAlertJobs(deps);
  registerMetricsJobs(deps);
  registerRiskJobs(deps);
}

/** Repeatable schedules (fixed ids, so restarts and several workers never duplicate one). */
export async function scheduleAll(deps: Deps): Promise<void> {
  await scheduleErpJobs(deps);
  await scheduleQuoteJobs(deps);
  await scheduleAlertJobs(deps);
  await scheduleCaseJobs(deps);
  await scheduleMetricsJobs(deps);
}
