export { orderRoutes } from './orders.routes';
export { cancelOrder, changeLine, changeStatus, getOrder } from './orders.service';
export { takeOrder } from './take-order';
export { listOrders } from './orders.service';
export { prepareOrder, writeOrder } from './take-order';
export type { FrozenQuote, TakenOrder } from './take-order';
export {
  cancelSchema,
  lineChangeSchema,
  newOrderSchema,
  ORDER_STATUSES,
  statusChangeSchema,
  TRANSITIONS,
} from './orders.schemas';
export type { NewOrder, OrderStatus } from './orders.schemas';
export { registerOrderJobs, ReconfirmJob } from './orders.jobs';
export { awaitsChoice, chooseOnSlip, SLIP_CHOICES, slipNotice } from './slip-choice';
export type { SlipChoice } from './slip-choice';
export { buyerDate, buyerReason } from './buyer-words';
export { buyerOverview } from './buyer-overview';
export {
  basisColumns,
  basisOfRow,
  datesOf,
  D_TERMS,
  resolveBases,
  SHIP_BASIS,
  shipRequestDate,
} from './delivery-dates';
export type { DateBasis, PromisedBy } from './delivery-dates';
export { MILESTONES } from './milestones';
export type { Milestone } from './milestones';
export { deliveryDateFields } from './orders.schemas';
