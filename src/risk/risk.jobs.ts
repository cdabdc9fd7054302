import type { Deps } from '../deps';
import { ErpSynced, OrderChanged, OrdersReconfirmed } from '../shared/events';
import { compileValidator, S } from '../shared/http/validation';
import { defineJob, handleJob } from '../shared/jobs';
import { recomputeRisk, skusOfOrder } from './risk.service';

const RETRY = { attempts: 5, backoff: { type: 'exponential', delayMs: 2000 } } as const;
const runPayload = compileValidator<{ runId: string | null }>(
  S.object({ runId: { anyOf: [S.id, { type: 'null' }] } }, ['runId']),
  'Job payload is invalid',
);

/**
 * After a sync: every open line, not only the skus the ERP changed, because the day moved too
 * (past due, "due in N days") and capacity is shared across a family's skus.
 */
export const RiskAfterSyncJob = defineJob<{ runId: string }>({
  name: 'risk.after-sync',
  ...RETRY,
  key: (p) => `risk-sync-${p.runId}`,
  validate: compileValidator<{ runId: string }>(
    S.object({ runId: S.id }, ['runId']),
    'Job payload is invalid',
  ),
});

/**
 * After re-confirmation moved promises. The sync's own recompute may run before or while the
 * re-confirmation does (both listen to erp.synced, each as its own job), so the moved promises
 * are scored again once they are committed.
 */
export const RiskAfterReconfirmJob = defineJob<{ runId: string | null }>({
  name: 'risk.after-reconfirm',
  ...RETRY,
  key: (p) => `risk-reconfirm-${p.runId ?? 'manual'}`,
  validate: runPayload,
});

/** After an order change: the order's skus (its lines and every line competing for the same supply). */
export const RiskAfterOrderJob = defineJob<{ orderId: string }>({
  name: 'risk.after-order',
  ...RETRY,
  key: (p) => `risk-order-${p.orderId}`,
  validate: compileValidator<{ orderId: string }>(
    S.object({ orderId: S.id }, ['orderId']),
    'Job payload is invalid',
  ),
});

/** Each handler re-reads the current state and replaces the scores it covers whole: running it twice changes nothing. */
export function registerRiskJobs(deps: Deps): void {
  deps.jobs.subscribe(
    ErpSynced,
    handleJob(RiskAfterSyncJob, async () => {
      await recomputeRisk(deps.db, null);
    }),
  );
  deps.jobs.subscribe(
    OrdersReconfirmed,
    handleJob(RiskAfterReconfirmJob, async () => {
      await recomputeRisk(deps.db, null);
    }),
  );
  deps.jobs.subscribe(
    OrderChanged,
    handleJob(RiskAfterOrderJob, async ({ orderId }) => {
      await recomputeRisk(deps.db, await skusOfOrder(deps.db, orderId));
    }),
  );
}
