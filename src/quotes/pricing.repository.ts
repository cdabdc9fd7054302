import type { Knex } from 'knex';

export { findPrices, findQuoteItems } from '../catalog';
export type { PriceRow, QuoteItemRow } from '../catalog';

export interface QuoteAccountRow {
  id: string;
  name: string;
  erp_customer_id: string | null;
  country: string | null;
  currency: string | null;
  payment_terms: string | null;
  account_manager_email: string | null;
  default_incoterm: string | null;
  default_incoterm_place: string | null;
  default_ship_complete: boolean | number;
  default_terms_note: string | null;
}

export async function findQuoteAccount(db: Knex, id: string): Promise<QuoteAccountRow | undefined> {
  return (await db('accounts')
    .where({ id })
    .first(
      'id',
      'name',
      'erp_customer_id',
      'country',
      'currency',
      'payment_terms',
      'account_manager_email',
      'default_incoterm',
      'default_incoterm_place',
      'default_ship_complete',
      'default_terms_note',
    )) as QuoteAccountRow | undefined;
}

/** The staff user (account manager or admin) the ERP names as the account's manager, if one signs in here. */
export async function findStaffIdByEmail(db: Knex, email: string): Promise<string | undefined> {
  const row = (await db('users')
    .whereRaw('lower(??) = ?', ['email', email.toLowerCase()])
    .whereIn('role', ['account_manager', 'admin'])
    .where('active', true)
    .first('id')) as { id: string } | undefined;
  return row?.id;
}

export async function findUserSummary(
  db: Knex,
  id: string,
): Promise<{ id: string; email: string; name: string | null } | undefined> {
  return (await db('users').where({ id }).first('id', 'email', 'name')) as
    | { id: string; email: string; name: string | null }
    | undefined;
}

export async function updateAccountDefaults(
  db: Knex,
  id: string,
  patch: Pick<
    QuoteAccountRow,
    'default_incoterm' | 'default_incoterm_place' | 'default_ship_complete' | 'default_terms_note'
  > & { updated_at: string },
): Promise<boolean> {
  return (await db('accounts').where({ id }).update(patch)) === 1;
}

/** Active skus with a price row of this customer ('' = the price list), for the demo's inquiries. */
export async function findPricedSkus(db: Knex, erpCustomerId: string, limit: number): Promise<string[]> {
  const rows = (await db('erp_prices')
    .join('items', 'items.sku', 'erp_prices.sku')
    .where('erp_prices.erp_customer_id', erpCustomerId)
    .where('items.active', true)
    .distinct('erp_prices.sku')
    .orderBy('erp_prices.sku')
    .limit(limit)) as Array<{ sku: string }>;
  return rows.map((r) => r.sku);
}
