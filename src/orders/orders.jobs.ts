import type { Deps } from '../deps';
import { ErpSynced, OrdersReconfirmed, ShipmentRecorded } from '../shared/events';
import { compileValidator, S } from '../shared/http/validation';
import { defineJob, handleJob } from '../shared/jobs';
import { followShipments } from './follow-shipments';
import { reconfirmOpenLines } from './reconfirm';

/**
 * Re-earns every open promise against the supply a sync loaded. Its own job, apart from the
 * sync and from the export that follows it (OrdersReconfirmed), so each retries alone; running
 * it twice on the same data changes nothing the second time.
 */
export const ReconfirmJob = defineJob<{ runId: string }>({
  name: 'orders.reconfirm',
  attempts: 5,
  backoff: { type: 'exponential', delayMs: 2000 },
  key: (p) => `reconfirm-${p.runId}`,
  validate: compileValidator<{ runId: string }>(
    S.object({ runId: S.id }, ['runId']),
    'Job payload is invalid',
  ),
});

/**
 * Moves orders on to the status their shipments and deliveries imply, after the sync recorded
 * shipments. Idempotent: the moves are forward only and conditional on the status read.
 */
export const FollowShipmentsJob = defineJob<{ runId: string }>({
  name: 'orders.follow-shipments',
  attempts: 5,
  backoff: { type: 'exponential', delayMs: 2000 },
  key: (p) => `follow-shipments-${p.runId}`,
  validate: compileValidator<{ runId: string }>(
    S.object({ runId: S.id }, ['runId']),
    'Job payload is invalid',
  ),
});

/** The same after re-confirmation closed the lines shipped in full (an order waits for that). */
export const FollowShipmentsAfterReconfirmJob = defineJob<{ runId: string | null }>({
  name: 'orders.follow-shipments-reconfirmed',
  attempts: 5,
  backoff: { type: 'exponential', delayMs: 2000 },
  key: (p) => `follow-shipments-reconfirmed-${p.runId ?? 'manual'}`,
  validate: compileValidator<{ runId: string | null }>(
    S.object({ runId: { type: ['string', 'null'], maxLength: 36 } }, ['runId']),
    'Job payload is invalid',
  ),
});

export function registerOrderJobs(deps: Deps): void {
  deps.jobs.subscribe(
    ShipmentRecorded,
    handleJob(FollowShipmentsJob, async ({ runId }) => {
      await followShipments(deps, runId);
    }),
  );
  deps.jobs.subscribe(
    OrdersReconfirmed,
    handleJob(FollowShipmentsAfterReconfirmJob, async ({ runId }) => {
      await followShipments(deps, runId ?? 'manual');
    }),
  );
  deps.jobs.subscribe(
    ErpSynced,
    handleJob(ReconfirmJob, async ({ runId }) => {
      await reconfirmOpenLines(deps, runId);
    }),
  );
}
