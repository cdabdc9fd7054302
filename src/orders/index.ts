export { orderRoutes } from './orders.routes';
export { getOrder } from './orders.service';
export { takeOrder } from './take-order';
