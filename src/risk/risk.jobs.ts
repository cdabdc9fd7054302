import type { Deps } from '../deps';
import { compileValidator, S } from '../shared/http/validation';
import { defineJob } from '../shared/jobs';
import { recomputeRisk, skusOfOrder } from './risk.service';

export const RISK_ORDER_JOB = 'risk.recompute-order';

const orderPayload = compileValidator<{ orderId: string }>(
  S.object({ orderId: S.id }, ['orderId']),
  'Job payload is invalid',
);

/**
 * After an order change: re-scores the open lines of the order's skus (the order's own lines and
 * every line competing with them for the same supply). Idempotent: it reads the current state and
 * replaces those skus' scores whole.
 */
export function registerRiskJobs(deps: Deps): void {
  deps.jobs.register(
    defineJob<{ orderId: string }>({
      name: RISK_ORDER_JOB,
      attempts: 5,
      backoff: { type: 'exponential', delayMs: 2000 },
      key: (p) => `risk-order-${p.orderId}`,
      validate: orderPayload,
      handle: async ({ orderId }) => {
        await recomputeRisk(deps.db, await skusOfOrder(deps.db, orderId));
      },
    }),
  );
}

/**
 * After a sync (and the re-confirmation it triggers): every open line, not only the skus the ERP
 * changed, because the day moved too (past due, "due in N days") and capacity is shared by family.
 */
export async function recomputeRiskAfterSync(deps: Deps): Promise<void> {
  await recomputeRisk(deps.db, null);
}
