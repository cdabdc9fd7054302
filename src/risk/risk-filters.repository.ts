import type { Knex } from 'knex';

/**
 * The accounts with stored scores and their names, in one read for the risk page's filter (the
 * page asked for each account's name on its own: hundreds of reads a view).
 */
export async function findRiskAccountNames(db: Knex): Promise<Array<{ id: string; name: string }>> {
  return db('accounts as a')
    .whereIn('a.id', db('risk_lines').distinct('account_id'))
    .select('a.id', 'a.name')
    .orderBy([{ column: 'a.name' }, { column: 'a.id' }]);
}

/** What tells whether the stored scores changed: the newest computed_at and the row count (indexed). */
export async function findRiskVersion(db: Knex): Promise<string> {
  const row = await db('risk_lines').first(
    db.raw('max(??) as ??', ['computed_at', 'at']),
    db.raw('count(*) as ??', ['n']),
  );
  return `${row?.at ?? ''}/${row?.n ?? 0}`;
}
