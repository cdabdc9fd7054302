import type { Knex } from 'knex';
import { rowsPerStatement } from '../shared/db/knex';
import type { CaseEventRow, CaseRow } from './cases.repository';

/** The breach sweep's set-wise statements: a page of cases locked, read and appended to at once. */

/**
 * Locks a page of cases the way lockCase locks one (a write of updated_at to itself: row locks on
 * PostgreSQL and SQL Server, the one writer on SQLite), then reads them under the lock.
 */
export async function lockCases(trx: Knex, ids: readonly string[]): Promise<CaseRow[]> {
  if (ids.length === 0) return [];
  await trx('cases')
    .whereIn('id', ids)
    .update({ updated_at: trx.ref('updated_at') });
  return trx('cases').whereIn('id', ids).orderBy('id');
}

/** The last timeline seq of each case (0 for none); the caller holds the cases' locks. */
export async function lastSeqs(trx: Knex, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows: Array<{ case_id: string; seq: number | string | null }> = await trx('case_events')
    .whereIn('case_id', ids)
    .groupBy('case_id')
    .select('case_id')
    .max({ seq: 'seq' });
  return new Map(rows.map((r) => [r.case_id, Number(r.seq ?? 0)]));
}

export async function insertEvents(trx: Knex, events: readonly CaseEventRow[]): Promise<void> {
  if (events.length === 0) return;
  const per = Math.min(500, rowsPerStatement(trx, Object.keys(events[0]!).length));
  for (let i = 0; i < events.length; i += per) await trx('case_events').insert(events.slice(i, i + per));
}
