export { caseRoutes } from './cases.routes';
export {
  registerCaseJobs,
  scheduleCaseJobs,
  SlaSweepJob,
  SLA_SWEEP_SCHEDULE_ID,
  RmaOutJob,
} from './cases.jobs';
export { applyErpReturns, exportRmas } from './rma.service';
export {
  changeStatus,
  getCase,
  listCases,
  openCase,
  postMessage,
  sweepSla,
  TRANSITIONS,
} from './cases.service';
export { CASE_STATUSES, CASE_TYPES, SEVERITIES } from './cases.schemas';
export type { CaseDetail, CaseStatus, CaseSummary, CaseType, NewCase, Severity } from './cases.schemas';
export { listCaseDates } from './case-counts';
