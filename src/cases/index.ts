export { attachmentRoutes } from './attachments.routes';
export { ATTACHMENT_TYPE_NAMES, MAX_ATTACHMENT_BYTES } from './attachment-types';
export { caseRoutes } from './cases.routes';
export { knowledgeRoutes } from './knowledge.routes';
export { caseFiguresRoutes } from './figures.routes';
export {
  registerCaseJobs,
  scheduleCaseJobs,
  SlaSweepJob,
  SLA_SWEEP_SCHEDULE_ID,
  RmaOutJob,
} from './cases.jobs';
export { applyErpReturns, authorizeRma, exportRmas } from './rma.service';
export {
  assignCase,
  changeStatus,
  getCase,
  listCases,
  openCase,
  postMessage,
  sweepSla,
  TRANSITIONS,
} from './cases.service';
export {
  assignSchema,
  CASE_STATUSES,
  CASE_TYPES,
  DISPOSITIONS,
  newRmaSchema,
  SEVERITIES,
} from './cases.schemas';
export type { Assignment, Disposition, NewRma } from './cases.schemas';
export type { CaseDetail, CaseStatus, CaseSummary, CaseType, NewCase, Severity } from './cases.schemas';
export { listCaseDates } from './case-counts';
export {
  articleFromCase,
  changeArticle,
  createArticle,
  getArticle,
  listRecentArticles,
  searchKnowledge,
  suggestForCase,
} from './knowledge.service';
export {
  addCause,
  causeOfCase,
  causePareto,
  changeCause,
  complaintRatesByFamily,
  listCauses,
  setCause,
} from './causes.service';
export { caseCauseSchema, newArticleSchema } from './knowledge.schemas';
export type { CaseCause, NewArticle } from './knowledge.schemas';
export { assigneeNames, caseFiguresOf } from './figures.service';
export { AGE_BANDS } from './figures.engine';
export type { Article, Cause, KnowledgeResult } from './knowledge.schemas';
export { listAssignableStaff, reassignAll } from './bulk-reassign';
export { getSlaTargets, putSlaTargets } from './sla-targets';
export { PRIORITIES, slaTargetsSchema } from './cases.schemas';
export type { SlaTargets } from './cases.schemas';
export { attachFile, listAttachments } from './case-attachments.service';
export { listTriageMail } from './mail-intake.service';
