export { erpRoutes } from './erp.routes';
export { registerErpJobs, scheduleErpJobs, NIGHTLY_SYNC_JOB, NIGHTLY_SYNC_SCHEDULE_ID } from './erp.jobs';
export type { SyncedListener } from './erp.jobs';
export { startRun, runSync, requestSync, SYNC_JOB, SYNCED_EVENT } from './sync.service';
export { getRun } from './erp-read.service';
export { DATASETS, datasetSpec } from './datasets';
export { enqueueOrderExport, ORDERS_OUT_JOB } from './orders-out.jobs';
export { exportOrders, ORDERS_OUT_COLUMNS, ORDERS_OUT_FILES } from './orders-out';
export type { ExportOrdersOptions, ExportOrdersResult, OrdersOutRow } from './orders-out';
