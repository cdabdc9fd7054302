export { erpRoutes } from './erp.routes';
export { registerErpJobs, scheduleErpJobs, NightlySyncJob, NIGHTLY_SYNC_SCHEDULE_ID } from './erp.jobs';
export { startRun, runSync, requestSync, SyncJob } from './sync.service';
export { getRun } from './erp-read.service';
export { linesNamedByDemand, rebuildDailySums } from './daily-sums.repository';
export { DATASETS, datasetSpec } from './datasets';
export { OrdersOutJob, ReconfirmedOrdersOutJob } from './orders-out.jobs';
export { exportOrders, ORDERS_OUT_COLUMNS, ORDERS_OUT_FILES } from './orders-out';
export type { ExportOrdersOptions, ExportOrdersResult, OrdersOutRow } from './orders-out';
