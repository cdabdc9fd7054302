import type { Deps } from '../deps';
import { OrderChanged, OrdersReconfirmed } from '../shared/events';
import { compileValidator, S } from '../shared/http/validation';
import { defineJob, handleJob } from '../shared/jobs';
import { exportOrders } from './orders-out';

const RETRY = { attempts: 5, backoff: { type: 'exponential', delayMs: 2000 } } as const;

/** One order's export after it changed. */
export const OrdersOutJob = defineJob<{ orderId: string }>({
  name: 'erp.orders-out',
  ...RETRY,
  // A burst of changes to one order while its export waits is one export; it reads the latest state.
  key: (p) => `orders-out-${p.orderId}`,
  validate: compileValidator<{ orderId: string }>(
    S.object({ orderId: S.id }, ['orderId']),
    'Job payload is invalid',
  ),
});

/** Every order's export after re-confirmation moved promises (the ERP hears the dates that moved). */
export const ReconfirmedOrdersOutJob = defineJob<{ runId: string | null }>({
  name: 'erp.orders-out-reconfirmed',
  ...RETRY,
  key: (p) => `orders-out-reconfirmed-${p.runId ?? 'manual'}`,
  validate: compileValidator<{ runId: string | null }>(
    S.object({ runId: { anyOf: [S.id, { type: 'null' }] } }, ['runId']),
    'Job payload is invalid',
  ),
});

/**
 * The ERP hears of every order change. A change whose export is lost (Redis down at the commit)
 * is caught up by the nightly run, which exports every order.
 */
export function registerOrdersOutJobs(deps: Deps): void {
  deps.jobs.subscribe(
    OrderChanged,
    handleJob(OrdersOutJob, async ({ orderId }) => {
      await exportOrders(deps, { orderIds: [orderId] });
    }),
  );
  deps.jobs.subscribe(
    OrdersReconfirmed,
    handleJob(ReconfirmedOrdersOutJob, async () => {
      await exportOrders(deps, {});
    }),
  );
}
