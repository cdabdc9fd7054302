export { riskRoutes, RISK_ROLES } from './risk.routes';
export { registerRiskJobs, RiskAfterOrderJob, RiskAfterReconfirmJob, RiskAfterSyncJob } from './risk.jobs';
export {
  recomputeRisk,
  listRisk,
  countRiskByBand,
  riskHeatmap,
  listRiskFamilies,
  listRiskAccounts,
  weekOf,
  type RiskLineView,
} from './risk.service';
export { REASON_CODES, RISK_BANDS, type ReasonCode, type RiskBand } from './risk.engine';
export { riskLinesQuery, type RiskLinesQuery } from './risk.schemas';
export {
  addRiskNote,
  findRiskLine,
  NOTE_MAX_LENGTH,
  notesOfLines,
  riskLineKey,
  type RiskNote,
} from './risk-notes';
export { openReceiptsOf, whatIf } from './what-if';
export { whatIfSchema, type WhatIfBody } from './risk.schemas';
export { riskSummary, type RiskSummary } from './risk-summary';
