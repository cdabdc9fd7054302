export * from './fulfillment.engine';
export * from './commercial.engine';
export * from './churn.engine';
export { metricsRoutes } from './metrics.routes';
export {
  registerMetricsJobs,
  scheduleMetricsJobs,
  MetricsExportJob,
  NightlyMetricsJob,
  requestMetricsExport,
} from './metrics.jobs';
export { exportRows, recomputeAccountClasses, runExport } from './metrics-export';
export {
  addMonths,
  computeRows,
  monthsOf,
  fulfillmentLines,
  groupRows,
  loadRangeFacts,
  GROUP_KEYS,
  type ComputedRow,
  type GroupKey,
  type MetricsRange,
  myDeliveries,
  parseRange,
  toApiRow,
} from './metrics.service';
export { promiseChurn, quoteLosses } from './churn.service';
export {
  linesQuerySchema,
  metricsViewQuerySchema,
  myDeliveriesQuerySchema,
  type ChurnRow,
  type LinesQuery,
  type LossRow,
  type MetricsLine,
  type MetricsRow,
  type MetricsViewQuery,
} from './metrics.schemas';
export { METRIC_COLUMNS, metricsWorkbook, type MetricsView } from './metrics-workbook';
