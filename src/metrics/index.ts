export * from './fulfillment.engine';
export * from './commercial.engine';
export { metricsRoutes } from './metrics.routes';
export {
  registerMetricsJobs,
  scheduleMetricsJobs,
  MetricsExportJob,
  NightlyMetricsJob,
} from './metrics.jobs';
export { exportRows, recomputeAccountClasses, runExport } from './metrics-export';
export { accountKnowledgeRoutes } from './account-knowledge.routes';
export { accountsKnowledge, type AccountKnowledgeView } from './account-knowledge.service';
export { promiseOutcomeRoutes } from './promise-outcomes.routes';
export { promiseOutcomeRows, promiseSuggestions, type PromiseSuggestion } from './promise-outcomes.service';
export { keptDate, type PromiseOutcome } from './promise-outcomes.engine';
