export { erpRoutes } from './erp.routes';
export { registerErpJobs, scheduleErpJobs, NIGHTLY_SYNC_JOB, NIGHTLY_SYNC_SCHEDULE_ID } from './erp.jobs';
export type { SyncedListener } from './erp.jobs';
export { startRun, runSync, requestSync, SYNC_JOB, SYNCED_EVENT } from './sync.service';
export { getRun } from './erp-read.service';
export { DATASETS, datasetSpec } from './datasets';
