import type { Knex } from 'knex';
import { chunks } from '../shared/db/chunks';

export interface AccountClassRow {
  account_id: string;
  class: string;
  class_value: string | number;
  computed_on: string;
  computed_at: string;
}

export async function findAccountClass(db: Knex, accountId: string): Promise<AccountClassRow | undefined> {
  return db<AccountClassRow>('account_classes').where({ account_id: accountId }).first();
}

/** Every account's id and ERP id: the ABC ranking covers accounts without orders too (they are C). */
export async function listAccountKeys(
  db: Knex,
): Promise<Array<{ id: string; erp_customer_id: string | null }>> {
  return db('accounts').select('id', 'erp_customer_id').orderBy('id');
}

/**
 * Replaces the classes whole: a ranking is one picture, never merged with an older one. Delete and
 * insert in one transaction (the caller's) is the same statement shape on all three databases.
 */
export async function replaceAccountClasses(trx: Knex.Transaction, rows: AccountClassRow[]): Promise<void> {
  await trx('account_classes').delete();
  // 5 columns a row: 150 rows stay far below SQL Server's 2100 parameters.
  for (const part of chunks(rows, 150)) await trx('account_classes').insert(part);
}
