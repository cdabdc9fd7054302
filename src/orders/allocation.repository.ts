import type { Knex } from 'knex';
import { chunked } from '../shared/db/bulk';
import { OPEN_ORDER_STATUSES } from './reconfirm.repository';

/**
 * The skus of the open lines of accounts whose strategy may take a better promise (win, gain): their
 * pictures are decided line by line even when every held promise still stands, since a promise that
 * stands may still not be in full and on time.
 */
export async function findSkusOfAccounts(db: Knex, accountIds: string[]): Promise<string[]> {
  if (!accountIds.length) return [];
  const rows = await chunked(
    db,
    accountIds,
    async (c): Promise<Array<{ sku: string }>> =>
      db('order_lines as ol')
        .join('orders as o', 'o.id', 'ol.order_id')
        .where('ol.open', true)
        .whereIn('o.status', OPEN_ORDER_STATUSES)
        .whereIn('o.account_id', c)
        .distinct('ol.sku'),
  );
  return [...new Set(rows.map((r) => r.sku))];
}
