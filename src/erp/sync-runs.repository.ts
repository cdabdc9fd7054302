import type { Knex } from 'knex';
import type { DatasetName } from '../../connectors/connector';
import type { ProcessIdentity } from '../shared/process-identity';

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed' | 'refused';
export type DatasetStatus = 'running' | 'loaded' | 'partial' | 'unchanged' | 'refused' | 'failed' | 'missing';

export interface RunRow {
  id: string;
  status: RunStatus;
  trigger: string;
  connector: string;
  datasets_requested: string | null;
  force: boolean | number;
  requested_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  heartbeat_at: string | null;
  progress: string | null;
  error: string | null;
}

export interface RunDatasetRow {
  run_id: string;
  name: DatasetName;
  file: string | null;
  status: DatasetStatus;
  read_count: number;
  inserted: number;
  updated: number;
  unchanged: number;
  closed: number;
  quarantined: number;
  warnings: string | null;
  content_hash: string | null;
  finished_at: string | null;
}

export interface QuarantineRow {
  id: number | string;
  run_id: string;
  dataset: string;
  file: string | null;
  line: number;
  reason: string;
  row_data: string | null;
  created_at: string;
  resolved_at: string | null;
}

export async function insertRun(db: Knex, row: RunRow): Promise<void> {
  await db('erp_sync_runs').insert(row);
}

export async function findRun(db: Knex, id: string): Promise<RunRow | undefined> {
  return db<RunRow>('erp_sync_runs').where({ id }).first();
}

export async function listRuns(db: Knex, limit: number, after: [string, string] | null): Promise<RunRow[]> {
  const q = db<RunRow>('erp_sync_runs')
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit + 1);
  if (after)
    q.where((w) =>
      w
        .where('created_at', '<', after[0])
        .orWhere((x) => x.where('created_at', after[0]).andWhere('id', '<', after[1])),
    );
  return q;
}

/** queued → running by a conditional update: of two deliveries of the same job, one starts it. */
export async function claimQueuedRun(db: Knex, id: string, now: string): Promise<boolean> {
  return (
    (await db('erp_sync_runs')
      .where({ id, status: 'queued' })
      .update({ status: 'running', started_at: now, heartbeat_at: now })) === 1
  );
}

/** Takes over a running run whose process died; the heartbeat seen makes it conditional. */
export async function resumeRun(
  db: Knex,
  id: string,
  seenHeartbeat: string | null,
  now: string,
): Promise<boolean> {
  const changed = await db('erp_sync_runs')
    .where({ id, status: 'running' })
    .andWhere((w) =>
      seenHeartbeat === null ? w.whereNull('heartbeat_at') : w.where('heartbeat_at', seenHeartbeat),
    )
    .update({ heartbeat_at: now, error: null });
  return changed === 1;
}

export async function updateRun(db: Knex, id: string, patch: Partial<RunRow>): Promise<void> {
  await db('erp_sync_runs').where({ id }).update(patch);
}

export async function findRunDatasets(db: Knex, runId: string): Promise<RunDatasetRow[]> {
  return db<RunDatasetRow>('erp_sync_run_datasets').where({ run_id: runId });
}

/** Delete-then-insert: the same on the three dialects, inside the caller's transaction. */
export async function saveRunDataset(db: Knex, row: RunDatasetRow): Promise<void> {
  await db('erp_sync_run_datasets').where({ run_id: row.run_id, name: row.name }).delete();
  await db('erp_sync_run_datasets').insert(row);
}

/** The process holding the sync lock: its pid is checked only on its own host. */
export type LockHolder = ProcessIdentity;

export interface LockRow {
  run_id: string | null;
  claimed_at: string | null;
  holder_pid: number | null;
  holder_host: string | null;
  /** The held run's status, null when the run is gone. */
  run_status: RunStatus | null;
}

/**
 * The sync lock: one row, claimed by a conditional update naming the holder the caller judged
 * free or dead, so of two simultaneous claims exactly one changes the row.
 */
export async function claimLock(
  db: Knex,
  runId: string,
  now: string,
  replacing: string | null,
  holder: LockHolder,
): Promise<boolean> {
  const changed = await db('erp_sync_lock')
    .where({ name: 'erp' })
    .andWhere((w) => (replacing === null ? w.whereNull('run_id') : w.where('run_id', replacing)))
    .update({ run_id: runId, claimed_at: now, holder_pid: holder.pid, holder_host: holder.host });
  return changed === 1;
}

/** The process that runs a claimed run becomes the lock's holder (with bull, not the one that queued it). */
export async function takeLock(db: Knex, runId: string, now: string, holder: LockHolder): Promise<void> {
  await db('erp_sync_lock')
    .where({ name: 'erp', run_id: runId })
    .update({ claimed_at: now, holder_pid: holder.pid, holder_host: holder.host });
}

/** The holder's heartbeat: a lease not refreshed for SYNC_LEASE_SECONDS belongs to a dead process. */
export async function refreshLock(db: Knex, runId: string, now: string): Promise<void> {
  await db('erp_sync_lock').where({ name: 'erp', run_id: runId }).update({ claimed_at: now });
}

export async function releaseLock(db: Knex, runId: string): Promise<void> {
  await db('erp_sync_lock')
    .where({ name: 'erp', run_id: runId })
    .update({ run_id: null, claimed_at: null, holder_pid: null, holder_host: null });
}

export async function findLockHolder(db: Knex): Promise<LockRow | undefined> {
  const row = await db('erp_sync_lock as l')
    .leftJoin('erp_sync_runs as r', 'r.id', 'l.run_id')
    .where('l.name', 'erp')
    .first('l.run_id', 'l.claimed_at', 'l.holder_pid', 'l.holder_host', 'r.status as run_status');
  return row as LockRow | undefined;
}

export async function findLoadedHash(db: Knex, dataset: DatasetName): Promise<string | null> {
  const row = await db('erp_loaded_files').where({ dataset }).first('content_hash');
  return (row as { content_hash: string } | undefined)?.content_hash ?? null;
}

export async function saveLoadedHash(
  db: Knex,
  dataset: DatasetName,
  hash: string,
  runId: string,
  now: string,
): Promise<void> {
  await db('erp_loaded_files').where({ dataset }).delete();
  await db('erp_loaded_files').insert({ dataset, content_hash: hash, run_id: runId, loaded_at: now });
}

export async function insertQuarantine(
  db: Knex,
  rows: Array<Omit<QuarantineRow, 'id' | 'resolved_at'>>,
): Promise<void> {
  // 7 columns a row: 250 rows stay below SQL Server's 2,100 parameters.
  for (let i = 0; i < rows.length; i += 250) await db('erp_quarantine').insert(rows.slice(i, i + 250));
}

export async function countOpenQuarantine(db: Knex, dataset: DatasetName): Promise<number> {
  const row = await db('erp_quarantine')
    .where({ dataset })
    .whereNull('resolved_at')
    .count({ n: '*' })
    .first();
  return Number((row as { n: number | string } | undefined)?.n ?? 0);
}

/** A later run of the dataset retried these rows: they are settled (loaded, or quarantined again under that run). */
export async function resolveQuarantine(
  db: Knex,
  dataset: DatasetName,
  exceptRunId: string,
  now: string,
): Promise<void> {
  await db('erp_quarantine')
    .where({ dataset })
    .whereNull('resolved_at')
    .whereNot({ run_id: exceptRunId })
    .update({ resolved_at: now });
}

export async function listQuarantine(
  db: Knex,
  filter: { runId?: string; dataset?: string; openOnly: boolean },
  limit: number,
  afterId: number | null,
): Promise<QuarantineRow[]> {
  const q = db<QuarantineRow>('erp_quarantine')
    .orderBy('id')
    .limit(limit + 1);
  if (filter.runId) q.where('run_id', filter.runId);
  if (filter.dataset) q.where('dataset', filter.dataset);
  if (filter.openOnly) q.whereNull('resolved_at');
  if (afterId !== null) q.where('id', '>', afterId);
  return q;
}

export async function findWatermark(db: Knex, dataset: DatasetName): Promise<string | null> {
  const row = await db('erp_watermarks').where({ dataset }).first('value');
  return (row as { value: string } | undefined)?.value ?? null;
}

export async function saveWatermark(
  db: Knex,
  dataset: DatasetName,
  value: string,
  now: string,
): Promise<void> {
  await db('erp_watermarks').where({ dataset }).delete();
  await db('erp_watermarks').insert({ dataset, value, updated_at: now });
}

export async function findQuarantineRow(db: Knex, id: number): Promise<QuarantineRow | undefined> {
  return db<QuarantineRow>('erp_quarantine').where({ id }).first();
}
