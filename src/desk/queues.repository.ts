import type { Knex } from 'knex';
import { byThenId } from './queue-order';

/**
 * The reads behind the work queues and the account page: rows of other domains' tables, read
 * here only to show and count them (each links to the page where its domain acts on it).
 */
export interface QueueRequestRow {
  id: string;
  number: string;
  account_id: string;
  account_name: string;
  assigned_to: string | null;
  created_at: string;
}

/** Open quote requests assigned to the user or to nobody, oldest first. */
export async function findOpenRequestsFor(
  db: Knex,
  userId: string,
  limit: number,
): Promise<QueueRequestRow[]> {
  return db('quote_requests as r')
    .join('accounts as a', 'a.id', 'r.account_id')
    .where('r.status', 'open')
    .where((w) => w.where('r.assigned_to', userId).orWhereNull('r.assigned_to'))
    .select('r.id', 'r.number', 'r.account_id', 'a.name as account_name', 'r.assigned_to', 'r.created_at')
    .orderBy(byThenId('r.created_at'))
    .limit(limit);
}

export async function countOpenRequestsFor(db: Knex, userId: string): Promise<number> {
  const row = await db('quote_requests')
    .where('status', 'open')
    .where((w) => w.where('assigned_to', userId).orWhereNull('assigned_to'))
    .count({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

export interface LastSyncRow {
  id: string;
  status: string;
  trigger: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export async function findLastSyncRun(db: Knex): Promise<LastSyncRow | undefined> {
  return db('erp_sync_runs')
    .select('id', 'status', 'trigger', 'created_at', 'started_at', 'finished_at')
    .orderBy(byThenId('created_at', 'desc'))
    .first();
}

export async function countQuarantined(db: Knex, runId: string): Promise<number> {
  const row = await db('erp_quarantine').where('run_id', runId).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export async function countActiveUsersByRole(db: Knex): Promise<Array<{ role: string; n: number | string }>> {
  const rows = await db('users')
    .where('active', true)
    .groupBy('role')
    .select('role')
    .count({ n: '*' })
    .orderBy('role');
  return rows as unknown as Array<{ role: string; n: number | string }>;
}
