import type { Knex } from 'knex';

/** The cases other domains count (account knowledge): when each was opened, for which account, of which type. */
export interface CaseDateRow {
  account_id: string;
  type: string;
  created_at: string;
}

/** Cases opened on or after `fromDate` (YYYY-MM-DD), of every account or of one. */
export async function findCaseDates(db: Knex, fromDate: string, accountId?: string): Promise<CaseDateRow[]> {
  const q = db('cases')
    .select('account_id', 'type', 'created_at')
    .where('created_at', '>=', fromDate)
    .orderBy([{ column: 'created_at' }, { column: 'id' }]);
  if (accountId !== undefined) q.where('account_id', accountId);
  return (await q) as CaseDateRow[];
}
