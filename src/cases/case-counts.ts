import type { Knex } from 'knex';
import { findCaseDates } from './case-counts.repository';

/** Cases opened since `fromDate`: the account, the type and the day opened (YYYY-MM-DD). */
export async function listCaseDates(
  db: Knex,
  fromDate: string,
  accountId?: string,
): Promise<Array<{ accountId: string; type: string; openedOn: string }>> {
  return (await findCaseDates(db, fromDate, accountId)).map((r) => ({
    accountId: r.account_id,
    type: r.type,
    openedOn: r.created_at.slice(0, 10),
  }));
}
