import { defineEvent } from '../jobs';

/**
 * What the orders domain announces. Published inside the transaction that made the change
 * (inTransaction) and delivered after its commit; who listens is declared in the listeners'
 * own *.jobs.ts, never here.
 */

/** An order or its lines changed by a person or at intake: status, quantity, date, promise. */
export const OrderChanged = defineEvent<{ orderId: string }>('order.changed');

/** The order is confirmed to the customer: at intake with every line dated, or by hand from draft. */
export const OrderConfirmed = defineEvent<{ orderId: string }>('order.confirmed');

/** Re-confirmation moved a line of the order to a later date (or to none); runId is the sync's. */
export const OrderSlipped = defineEvent<{ orderId: string; runId: string | null }>('order.slipped');

/**
 * Re-confirmation moved at least one promise: one event per run, not per order, since what
 * follows (the ERP export) handles every order at once.
 */
export const OrdersReconfirmed = defineEvent<{ runId: string | null }>('orders.reconfirmed');
