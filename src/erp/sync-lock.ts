import type { Knex } from 'knex';
import type { Config } from '../config';
import type { Logger } from '../shared/logger';
import { redactError } from '../shared/logger';
import { processIsAlive, THIS_PROCESS } from '../shared/process-identity';
import { nowIso } from '../shared/time';
import * as runs from './sync-runs.repository';

export { THIS_PROCESS };

type Timing = Pick<Config, 'syncLeaseSeconds' | 'syncStaleAfterSeconds'>;

/**
 * Whether the lock's holder can no longer finish its run. A running sync refreshes its lease every
 * few seconds, so one silent for SYNC_LEASE_SECONDS is dead wherever it ran; on this host its
 * process is asked directly, which settles a kill -9 at once. A queued run has no heartbeat
 * until a worker starts it, so it keeps the longer SYNC_STALE_AFTER_SECONDS.
 */
export function holderIsGone(
  lock: runs.LockRow,
  nowMs: number,
  timing: Timing,
  isAlive: (pid: number) => boolean = processIsAlive,
): boolean {
  if (lock.run_id === null) return true;
  if (lock.run_status !== 'queued' && lock.run_status !== 'running') return true;
  if (lock.holder_host === THIS_PROCESS.host && lock.holder_pid !== null && !isAlive(lock.holder_pid))
    return true;
  const silentMs = nowMs - Date.parse(lock.claimed_at ?? '');
  const allowedSeconds =
    lock.run_status === 'running' ? timing.syncLeaseSeconds : timing.syncStaleAfterSeconds;
  return !(silentMs <= allowedSeconds * 1000);
}

/** Refreshes the run's lease while it runs, also when one long statement holds up progress reports. */
export function keepLease(db: Knex, runId: string, leaseSeconds: number, logger: Logger): () => void {
  const everyMs = Math.max(500, Math.floor((leaseSeconds * 1000) / 6));
  const timer = setInterval(() => {
    const now = nowIso();
    runs
      .refreshLock(db, runId, now)
      .then(() => runs.updateRun(db, runId, { heartbeat_at: now }))
      .catch((err: unknown) => logger.warn({ runId, err: redactError(err) }, 'sync lease not refreshed'));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
