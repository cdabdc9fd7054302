export { attachmentRoutes } from './attachments.routes';
export { ATTACHMENT_TYPE_NAMES, MAX_ATTACHMENT_BYTES } from './attachment-types';
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
export { listAssignableStaff, reassignAll } from './bulk-reassign';
export { getSlaTargets, putSlaTargets } from './sla-targets';
export { PRIORITIES, slaTargetsSchema } from './cases.schemas';
export type { SlaTargets } from './cases.schemas';
export { attachFile, listAttachments } from './case-attachments.service';
export { listTriageMail } from './mail-intake.service';
