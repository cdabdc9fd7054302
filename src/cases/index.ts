export { caseRoutes } from './cases.routes';
export {
  registerCaseJobs,
  scheduleCaseJobs,
  SlaSweepJob,
  SLA_SWEEP_SCHEDULE_ID,
  RmaOutJob,
} from './cases.jobs';
export { applyErpReturns, exportRmas } from './rma.service';
export { sweepSla } from './cases.service';
