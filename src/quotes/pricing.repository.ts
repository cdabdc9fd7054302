import type { Knex } from 'knex';
import { chunks } from '../shared/db/chunks';

export interface PriceRow {
  sku: string;
  erp_customer_id: string;
  min_qty: string | number;
  valid_from: string;
  unit_price: string | number;
}

export interface QuoteItemRow {
  sku: string;
  description: string;
  uom: string;
  list_price: string | number | null;
  currency: string | null;
  active: boolean | number;
}

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

/**
 * The ERP price rows (the customer's agreement, and list prices under erp_customer_id '') of these
 * skus in one currency, valid on `date`. Choosing among them (volume breaks) is pricing.ts's.
 */
export async function findPrices(
  db: Knex,
  skus: string[],
  erpCustomerId: string | null,
  currency: string,
  date: string,
): Promise<PriceRow[]> {
  const out: PriceRow[] = [];
  for (const part of chunks([...new Set(skus)], 500)) {
    const rows = (await db('erp_prices')
      .whereIn('sku', part)
      .whereIn('erp_customer_id', erpCustomerId ? ['', erpCustomerId] : [''])
      .where('currency', currency)
      .where('valid_from', '<=', date)
      .where((w) => w.whereNull('valid_to').orWhere('valid_to', '>=', date))
      .select('sku', 'erp_customer_id', 'min_qty', 'valid_from', 'unit_price')) as PriceRow[];
    out.push(...rows);
  }
  return out;
}

export async function findQuoteItems(db: Knex, skus: string[]): Promise<QuoteItemRow[]> {
  const out: QuoteItemRow[] = [];
  for (const part of chunks([...new Set(skus)], 500)) {
    out.push(
      ...((await db('items')
        .whereIn('sku', part)
        .select('sku', 'description', 'uom', 'list_price', 'currency', 'active')) as QuoteItemRow[]),
    );
  }
  return out;
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
