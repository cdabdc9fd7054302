export * from './fulfillment.engine';
export * from './commercial.engine';
export * from './churn.engine';
export { metricsRoutes } from './metrics.routes';
export {
  registerMetricsJobs,
  scheduleMetricsJobs,
  MetricsExportJob,
  NightlyMetricsJob,
} from './metrics.jobs';
export { exportRows, recomputeAccountClasses, runExport } from './metrics-export';
