import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { createConnector } from '../../connectors';
import { DATASET_NAMES, DatasetName, DatasetSource, ErpConnector } from '../../connectors/connector';
import { xlsxLimitsOf } from '../config';
import type { Deps } from '../deps';
import { writeAudit } from '../shared/audit.repository';
import { AppError } from '../shared/errors';
import type { Actor } from '../shared/http/actor';
import { compileValidator, S } from '../shared/http/validation';
import { defineJob, publishAfterCommit } from '../shared/jobs';
import { redactError } from '../shared/logger';
import { nowIso } from '../shared/time';
import { DATASETS } from './datasets';
import { ErpSynced, ShipmentRecorded } from '../shared/events';
import type { SyncRequest } from './erp.schemas';
import { DatasetResult, loadDataset, toRunDatasetRow } from './load-dataset';
import { holderIsGone, keepLease, THIS_PROCESS } from './sync-lock';
import * as runs from './sync-runs.repository';

export type { SyncRequest };

/** Runs one claimed run; the erp jobs bind it to runSync. */
export const SyncJob = defineJob<{ runId: string }>({
  name: 'erp.sync',
  attempts: 1,
  backoff: { type: 'fixed', delayMs: 0 },
  key: (p) => `sync-${p.runId}`,
  validate: compileValidator<{ runId: string }>(
    S.object({ runId: S.id }, ['runId']),
    'Job payload is invalid',
  ),
});

export function watermarkStore(db: Knex) {
  return {
    get: (dataset: DatasetName) => runs.findWatermark(db, dataset),
    set: (dataset: DatasetName, value: string) => runs.saveWatermark(db, dataset, value, nowIso()),
  };
}

/**
 * Claims the one sync lock and records a queued run, in one transaction: of two triggers at the
 * same moment exactly one wins; the other is refused with 409 naming the running sync.
 */
export async function startRun(
  db: Knex,
  config: Deps['config'],
  req: SyncRequest,
  trigger: string,
  actor: Actor | null,
): Promise<string> {
  const id = crypto.randomUUID();
  const now = nowIso();
  await db.transaction(async (trx) => {
    const holder = await runs.findLockHolder(trx);
    const gone = !holder || holderIsGone(holder, Date.parse(now), config);
    const replacing = gone ? (holder?.run_id ?? null) : undefined;
    if (replacing === undefined || !(await runs.claimLock(trx, id, now, replacing, THIS_PROCESS))) {
      // Read again: a claim that blocked ours committed after the first read.
      const winner = (await runs.findLockHolder(trx))?.run_id ?? holder?.run_id;
      throw new AppError(
        'sync_in_progress',
        `An ERP sync is already running (run ${winner}); wait for it to finish`,
        [{ path: '/runId', message: String(winner) }],
      );
    }
    if (replacing && (holder?.run_status === 'queued' || holder?.run_status === 'running')) {
      await runs.updateRun(trx, replacing, {
        status: 'failed',
        finished_at: now,
        error: 'abandoned: the process running it stopped',
      });
    }
    await runs.insertRun(trx, {
      id,
      status: 'queued',
      trigger,
      connector: req.connector ?? config.erpConnector,
      datasets_requested: req.datasets ? JSON.stringify(req.datasets) : null,
      force: Boolean(req.force),
      requested_by: actor?.userId ?? null,
      created_at: now,
      started_at: null,
      finished_at: null,
      heartbeat_at: now,
      progress: null,
      error: null,
    });
    if (actor)
      await writeAudit(trx, {
        actor,
        action: 'erp.sync.requested',
        entity: 'erp_sync_run',
        entityId: id,
        detail: { ...req },
      });
  });
  return id;
}

/** POST /api/erp/sync: claim, then run as a job (after the commit). */
export async function requestSync(deps: Deps, actor: Actor, req: SyncRequest): Promise<string> {
  const runId = await startRun(deps.db, deps.config, req, 'manual', actor);
  await deps.jobs.enqueue(SyncJob, { runId });
  return runId;
}

function runStatus(results: DatasetResult[]): runs.RunStatus {
  if (results.some((r) => r.status === 'failed')) return 'failed';
  if (results.some((r) => r.status === 'refused')) return 'refused';
  if (results.some((r) => r.status === 'partial')) return 'partial';
  return 'succeeded';
}

export type ConnectorFactory = (name: string) => Promise<ErpConnector>;

export function configuredConnector(deps: Deps): ConnectorFactory {
  const { config, db } = deps;
  return (name) =>
    createConnector({
      name,
      dropDir: config.erpDropDir,
      mappingFile: config.erpMappingFile,
      mssqlUrl: config.erpMssqlUrl,
      watermarks: watermarkStore(db),
      xlsxLimits: xlsxLimitsOf(config),
    });
}

/**
 * Only a queued run is started, by a conditional update, so a second delivery of the job finds
 * it taken. A running run is taken over only when its process died (bull delivers the job again
 * once the killed worker's job lock lapsed); datasets it loaded are found unchanged by their hash.
 */
async function claimRun(deps: Deps, run: runs.RunRow, now: string): Promise<boolean> {
  if (run.status === 'queued') return runs.claimQueuedRun(deps.db, run.id, now);
  if (run.status !== 'running') return false;
  const lock = await runs.findLockHolder(deps.db);
  if (lock?.run_id !== run.id || !holderIsGone(lock, Date.parse(now), deps.config)) return false;
  const resumed = await runs.resumeRun(deps.db, run.id, run.heartbeat_at, now);
  if (resumed) deps.logger.warn({ runId: run.id }, 'erp sync resumed: the process running it stopped');
  return resumed;
}

export async function runSync(
  deps: Deps,
  runId: string,
  connect: ConnectorFactory = configuredConnector(deps),
): Promise<runs.RunStatus | null> {
  const { db, config, logger } = deps;
  const run = await runs.findRun(db, runId);
  const started = nowIso();
  if (!run || !(await claimRun(deps, run, started))) return null;
  await runs.takeLock(db, runId, started, THIS_PROCESS);
  const stopLease = keepLease(db, runId, config.syncLeaseSeconds, logger);

  const wanted = run.datasets_requested
    ? (JSON.parse(run.datasets_requested) as DatasetName[])
    : [...DATASET_NAMES];
  const results: DatasetResult[] = [];
  let status: runs.RunStatus = 'failed';
  let connector: ErpConnector | undefined;
  // A throttle measures elapsed time only, so it reads the monotonic timer, not the business clock.
  let lastBeat = Number.NEGATIVE_INFINITY;
  const onProgress = async (dataset: string, rows: number) => {
    if (performance.now() - lastBeat < 250) return;
    lastBeat = performance.now();
    const now = nowIso();
    await runs.updateRun(db, runId, { progress: JSON.stringify({ dataset, rows }), heartbeat_at: now });
    await runs.refreshLock(db, runId, now);
  };
  try {
    const opened = await connect(run.connector);
    connector = opened;
    for (const spec of DATASETS.filter((d) => wanted.includes(d.name))) {
      let source: DatasetSource | null = null;
      try {
        // Opening reads the header, so a file unreadable from its start fails its dataset here, not the run.
        source = await opened.open(spec.name);
        if (!source) continue;
        lastBeat = 0;
        await onProgress(spec.name, 0);
        const loaded = await loadDataset(
          { db, runId, force: Boolean(run.force), shrinkGuard: config.snapshotShrinkGuard, onProgress },
          spec,
          source,
        );
        results.push(loaded);
        // The dataset's transaction has committed: its shipments, and the shipped quantities
        // they wrote on the order lines, stand whatever the rest of the run does.
        if (spec.name === 'shipments' && loaded.inserted + loaded.updated > 0)
          await publishAfterCommit(deps, ShipmentRecorded, { runId });
      } catch (err) {
        logger.error({ runId, dataset: spec.name, err: redactError(err) }, 'dataset failed');
        const failed: DatasetResult = {
          name: spec.name,
          file: source?.file ?? '',
          status: 'failed',
          read: 0,
          inserted: 0,
          updated: 0,
          unchanged: 0,
          closed: 0,
          quarantined: 0,
          warnings: [redactError(err).message],
        };
        results.push(failed);
        await runs.saveRunDataset(db, toRunDatasetRow(runId, failed, source?.contentHash ?? null));
      }
    }
    status = runStatus(results);
    await runs.updateRun(db, runId, { status, finished_at: nowIso(), progress: null });
    logger.info(
      { runId, status, datasets: results.map((r) => `${r.name}:${r.status}`) },
      'erp sync finished',
    );
  } catch (err) {
    await runs.updateRun(db, runId, {
      status: 'failed',
      finished_at: nowIso(),
      error: redactError(err).message.slice(0, 2000),
    });
    throw err;
  } finally {
    stopLease();
    await runs.releaseLock(db, runId);
    await connector?.close().catch(() => undefined);
  }
  // After the commit: later work (re-confirming promises) subscribes to this one event. The loads
  // stand whatever happens here; a lost event is said on the run for the operator.
  if (results.some((r) => r.inserted + r.updated + r.closed > 0)) {
    await deps.jobs.publish(ErpSynced, { runId }).catch(async (err: unknown) => {
      logger.error({ runId, err: redactError(err) }, 'synced event could not be enqueued');
      await runs.updateRun(db, runId, {
        error: `loaded, but the synced event could not be enqueued: ${redactError(err).message}`,
      });
    });
  }
  return status;
}
