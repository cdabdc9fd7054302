import type { Deps } from '../deps';
import { defineJob } from '../shared/jobs/job-queue';
import { compileValidator, S } from '../shared/http/validation';
import { redactError } from '../shared/logger';
import { exportOrders } from './orders-out';

export const ORDERS_OUT_JOB = 'erp.orders-out';

const orderPayload = compileValidator<{ orderId: string }>(
  S.object({ orderId: S.id }, ['orderId']),
  'Job payload is invalid',
);

export function registerOrdersOutJobs(deps: Deps): void {
  deps.jobs.register(
    defineJob<{ orderId: string }>({
      name: ORDERS_OUT_JOB,
      attempts: 5,
      backoff: { type: 'exponential', delayMs: 2000 },
      // A burst of changes to one order while its export waits is one export; it reads the latest state.
      key: (p) => `orders-out-${p.orderId}`,
      validate: orderPayload,
      handle: async ({ orderId }) => {
        await exportOrders(deps, { orderIds: [orderId] });
      },
    }),
  );
}

/**
 * Called after an order change has committed. Never throws: the change stands, and failing the
 * request now would invite the client to repeat it; a lost export is caught up by the nightly run.
 */
export async function enqueueOrderExport(deps: Deps, orderId: string): Promise<void> {
  await deps.jobs.enqueue(ORDERS_OUT_JOB, { orderId }).catch((err: unknown) => {
    deps.logger.error(
      { orderId, err: redactError(err) },
      'order export could not be enqueued; the nightly run will export it',
    );
  });
}
