import type { Knex } from 'knex';
import { dialectOf, rowsPerStatement } from '../shared/db/knex';
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

/** What the sweep writes of one case: its clock columns, and the breaches it records (null: none new). */
export interface SweptCase {
  id: string;
  fr_breached_at: string | null;
  res_breached_at: string | null;
  fr_due: string;
  res_due: string;
  sla_next_due: string;
  fr_paused_ms: number;
  fr_paused_since: string | null;
  fr_stopped_at: string | null;
  res_paused_ms: number;
  res_paused_since: string | null;
  res_stopped_at: string | null;
}
const SWEPT_COLUMNS = [
  'id',
  'fr_breached_at',
  'res_breached_at',
  'fr_due',
  'res_due',
  'sla_next_due',
  'fr_paused_ms',
  'fr_paused_since',
  'fr_stopped_at',
  'res_paused_ms',
  'res_paused_since',
  'res_stopped_at',
] as const;

/**
 * Writes a page of swept cases in one statement on SQLite and PostgreSQL (UPDATE … FROM a VALUES
 * list, which both have), one update per case on SQL Server. A breach is only ever added
 * (coalesce keeps one already recorded), so the write never undoes one.
 */
export async function updateSweptCases(trx: Knex, rows: readonly SweptCase[]): Promise<void> {
  if (rows.length === 0) return;
  if (dialectOf(trx) === 'mssql') {
    for (const { id, fr_breached_at, res_breached_at, ...clock } of rows)
      await trx('cases')
        .where({ id })
        .update({
          ...clock,
          ...(fr_breached_at && { fr_breached_at }),
          ...(res_breached_at && { res_breached_at }),
          ...((fr_breached_at || res_breached_at) && { breached: true }),
        });
    return;
  }
  const row = `(${SWEPT_COLUMNS.map(() => '?').join(', ')})`;
  const set = [
    'fr_breached_at = coalesce(cases.fr_breached_at, v.fr_breached_at)',
    'res_breached_at = coalesce(cases.res_breached_at, v.res_breached_at)',
    'breached = case when v.fr_breached_at is not null or v.res_breached_at is not null then ? else cases.breached end',
    ...[
      'fr_due',
      'res_due',
      'sla_next_due',
      'fr_paused_since',
      'fr_stopped_at',
      'res_paused_since',
      'res_stopped_at',
    ].map((c) => `${c} = v.${c}`),
    // VALUES parameters arrive as text on PostgreSQL; the paused times are bigint columns.
    'fr_paused_ms = cast(v.fr_paused_ms as bigint)',
    'res_paused_ms = cast(v.res_paused_ms as bigint)',
  ];
  await trx.raw(
    `with v(${SWEPT_COLUMNS.join(', ')}) as (values ${rows.map(() => row).join(', ')}) ` +
      `update cases set ${set.join(', ')} from v where cases.id = v.id`,
    [...rows.flatMap((r) => SWEPT_COLUMNS.map((c) => (c.endsWith('_ms') ? String(r[c]) : r[c]))), true],
  );
}
