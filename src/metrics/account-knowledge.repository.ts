import type { Knex } from 'knex';

/** An account as the knowledge pages list it: its names, its manager and its stored ABC class. */
export interface KnowledgeAccountRow {
  id: string;
  name: string;
  erp_customer_id: string | null;
  account_manager_email: string | null;
  class: string | null;
  class_value: string | number | null;
}

/** Every account (or one), with the class the nightly ranking stored; none yet is null. */
export async function findKnowledgeAccounts(db: Knex, accountId?: string): Promise<KnowledgeAccountRow[]> {
  const q = db('accounts as a')
    .leftJoin('account_classes as c', 'c.account_id', 'a.id')
    .select('a.id', 'a.name', 'a.erp_customer_id', 'a.account_manager_email', 'c.class', 'c.class_value')
    .orderBy([{ column: 'a.name' }, { column: 'a.id' }]);
  if (accountId !== undefined) q.where('a.id', accountId);
  return (await q) as KnowledgeAccountRow[];
}
