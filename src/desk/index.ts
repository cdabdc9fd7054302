export { deskRoutes } from './desk.routes';
export {
  completeFollowUp,
  createFollowUp,
  findDueUnremindedFollowUps,
  listFollowUps,
  listInteractions,
  logInteraction,
  logSentMail,
  SLOT_MINUTES,
  type FollowUp,
  type Interaction,
} from './desk.service';
export type { FollowUpView } from './desk.repository';
export { markReminded } from './desk.repository';
export {
  accountHistory,
  accountManagerQueue,
  adminQueue,
  countFollowUpsDue,
  countOpenRequestsFor,
  countPendingApprovals,
  EXPIRY_HORIZON_DAYS,
  plannerQueue,
  searchAccounts,
  type AccountSearch,
} from './queues.service';
export {
  INTERACTION_KINDS,
  type InteractionKind,
  type NewFollowUp,
  type NewInteraction,
} from './desk.schemas';
