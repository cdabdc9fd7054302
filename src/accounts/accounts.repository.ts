import type { Knex } from 'knex';
import { AccountScope, scopeToAccount } from '../shared/http/actor';

export interface AccountRow {
  id: string;
  erp_customer_id: string | null;
  name: string;
  country: string | null;
  currency: string | null;
  payment_terms: string | null;
  credit_limit: string | number | null;
  account_manager_email: string | null;
  active: boolean | number;
  created_at: string;
  updated_at: string;
}

export interface ContactRow {
  id: string;
  account_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  created_at: string;
  updated_at: string;
}

export async function listAccounts(
  db: Knex,
  scope: AccountScope,
  filter: { erpCustomerId?: string },
  limit: number,
  after: [string, string] | null,
): Promise<AccountRow[]> {
  const q = scopeToAccount(db<AccountRow>('accounts').select('*'), scope, 'id');
  if (filter.erpCustomerId !== undefined) q.where('erp_customer_id', filter.erpCustomerId);
  if (after)
    q.where((w) =>
      w.where('name', '>', after[0]).orWhere((x) => x.where('name', after[0]).andWhere('id', '>', after[1])),
    );
  return q.orderBy([{ column: 'name' }, { column: 'id' }]).limit(limit + 1);
}

export async function findAccount(
  db: Knex,
  scope: AccountScope,
  id: string,
): Promise<AccountRow | undefined> {
  return scopeToAccount(db<AccountRow>('accounts').where('id', id), scope, 'id').first();
}

/** The names of the accounts among `ids` the scope may see, in one read (for lists of records). */
export async function findAccountNames(
  db: Knex,
  scope: AccountScope,
  ids: readonly string[],
): Promise<Array<{ id: string; name: string }>> {
  if (ids.length === 0) return [];
  return scopeToAccount(db('accounts').whereIn('id', [...ids]), scope, 'id').select('id', 'name');
}

export async function accountExists(db: Knex, id: string): Promise<boolean> {
  return (await db('accounts').where({ id }).first('id')) !== undefined;
}

export async function insertAccount(db: Knex, row: AccountRow): Promise<void> {
  await db('accounts').insert(row);
}

export async function listContacts(db: Knex, accountId: string): Promise<ContactRow[]> {
  return db<ContactRow>('contacts')
    .where({ account_id: accountId })
    .orderBy([{ column: 'name' }, { column: 'id' }]);
}

export async function insertContact(db: Knex, row: ContactRow): Promise<void> {
  await db('contacts').insert(row);
}

export async function findContact(db: Knex, accountId: string, id: string): Promise<ContactRow | undefined> {
  return db<ContactRow>('contacts').where({ id, account_id: accountId }).first();
}

export async function updateContact(
  db: Knex,
  id: string,
  patch: Pick<ContactRow, 'name' | 'email' | 'phone' | 'title' | 'updated_at'>,
): Promise<void> {
  await db('contacts').where({ id }).update(patch);
}

export async function findFirstAccount(db: Knex): Promise<AccountRow | undefined> {
  return db<AccountRow>('accounts')
    .orderBy([{ column: 'name' }, { column: 'id' }])
    .first();
}
