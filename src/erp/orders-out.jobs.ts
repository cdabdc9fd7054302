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

/**
 * The whole picture for the targets that take it (the export folder's files), once for every change
 * made while it waited: its fixed key makes a burst of order changes one write.
 */
export const OrdersOutPictureJob = defineJob<Record<string, never>>({
  name: 'erp.orders-out-picture',
  ...RETRY,
  key: () => 'orders-out-picture',
  validate: compileValidator<Record<string, never>>(S.object({}), 'Job payload is invalid'),
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
 * is caught up by the nightly run, which exports every order. A target that upserts gets each
 * changed order at once; the files, rewritten whole each time, are coalesced (ORDERS_OUT_COALESCE_SECONDS):
 * one write per window however many orders changed in it, or none until the night with 'night'.
 */
export function registerOrdersOutJobs(deps: Deps): void {
  const coalescePicture = async () => {
    const seconds = deps.config.ordersOutCoalesce;
    if (typeof seconds === 'number' && seconds > 0)
      await deps.jobs.enqueue(OrdersOutPictureJob, {}, { delayMs: seconds * 1000 });
  };
  deps.jobs.register(
    handleJob(OrdersOutPictureJob, async () => {
      await exportOrders(deps, {});
    }),
  );
  deps.jobs.subscribe(
    OrderChanged,
    handleJob(OrdersOutJob, async ({ orderId }) => {
      await exportOrders(deps, { orderIds: [orderId], changesOnly: deps.config.ordersOutCoalesce !== 0 });
      await coalescePicture();
    }),
  );
  deps.jobs.subscribe(
    OrdersReconfirmed,
    handleJob(ReconfirmedOrdersOutJob, async () => {
      await exportOrders(deps, { changesOnly: deps.config.ordersOutCoalesce !== 0 });
      await coalescePicture();
    }),
  );
}
