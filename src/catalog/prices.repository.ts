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
