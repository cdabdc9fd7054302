export { orderRoutes } from './orders.routes';
export { getOrder } from './orders.service';
export { takeOrder } from './take-order';
export { OrderChanged, OrderConfirmed, OrderSlipped, OrdersReconfirmed } from './orders.events';
export { registerOrderJobs, ReconfirmJob } from './orders.jobs';
