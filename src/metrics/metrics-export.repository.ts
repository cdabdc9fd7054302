import type { Knex } from 'knex';

export interface ExportRunRow {
  id: string;
  status: string;
  trigger: string;
  requested_by: string | null;
  as_of: string | null;
  files: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export async function insertExportRun(db: Knex, row: ExportRunRow): Promise<void> {
  await db('metrics_export_runs').insert(row);
}

export async function findExportRun(db: Knex, id: string): Promise<ExportRunRow | undefined> {
  return db<ExportRunRow>('metrics_export_runs').where({ id }).first();
}

/** Claims a queued run for one worker: a second delivery of the same job finds it claimed and stops. */
export async function claimExportRun(db: Knex, id: string, now: string, asOf: string): Promise<boolean> {
  const n = await db('metrics_export_runs')
    .where({ id, status: 'queued' })
    .update({ status: 'running', started_at: now, as_of: asOf });
  return n === 1;
}

export async function finishExportRun(
  db: Knex,
  id: string,
  outcome: {
    status: 'succeeded' | 'failed';
    files: string | null;
    error: string | null;
    finished_at: string;
  },
): Promise<void> {
  await db('metrics_export_runs').where({ id, status: 'running' }).update(outcome);
}
