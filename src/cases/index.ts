export { caseRoutes } from './cases.routes';
export { registerCaseJobs, scheduleCaseJobs, SLA_SWEEP_JOB, SLA_SWEEP_SCHEDULE_ID } from './cases.jobs';
export { applyErpReturns, exportRmas, RMA_OUT_JOB } from './rma.service';
export { sweepSla } from './cases.service';
