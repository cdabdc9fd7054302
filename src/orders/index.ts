export { orderRoutes } from './orders.routes';
export { getOrder } from './orders.service';
export { takeOrder } from './take-order';
export { listOrders } from './orders.service';
export { prepareOrder, writeOrder } from './take-order';
export type { FrozenQuote, TakenOrder } from './take-order';
export { newOrderSchema, ORDER_STATUSES } from './orders.schemas';
export type { NewOrder, OrderStatus } from './orders.schemas';
export { registerOrderJobs, ReconfirmJob } from './orders.jobs';
