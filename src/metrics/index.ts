export * from './fulfillment.engine';
export * from './commercial.engine';
export { metricsRoutes } from './metrics.routes';
export {
  registerMetricsJobs,
  scheduleMetricsJobs,
  MetricsExportJob,
  NightlyMetricsJob,
  requestMetricsExport,
} from './metrics.jobs';
export { exportRows, recomputeAccountClasses, runExport } from './metrics-export';
