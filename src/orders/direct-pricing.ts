import type { Knex } from 'knex';
import { choosePrice, findPrices, findQuoteItems, type PriceRow } from '../catalog';
import { lineTotal, moneyText, sumMoney, type Money } from '../shared/money';
import { toMilli } from '../shared/quantity';
import { todayIso } from '../shared/time';
import type { NewOrder } from './orders.schemas';

export interface DirectPrices {
  currency: string;
  /** Null when some line has no agreement or list price: the ERP prices the order then. */
  total: string | null;
  prices: Array<{
    unit_price: string | null;
    discount_pct: string | null;
    net_price: string | null;
    line_total: string | null;
  }>;
}

/**
 * An order entered directly is priced as a quote would be: the customer's agreement, else the price
 * list, else the item's list price, in the account's currency, without discount. A line without any
 * price stays unpriced (and the order without a total) rather than refusing the order.
 */
export async function priceDirectOrder(
  db: Knex,
  account: { erp_customer_id: string | null; currency: string | null },
  input: NewOrder,
): Promise<DirectPrices> {
  const currency = account.currency ?? 'EUR';
  const skus = input.lines.map((l) => l.sku);
  const items = new Map((await findQuoteItems(db, skus)).map((i) => [i.sku, i]));
  const rows = await findPrices(db, skus, account.erp_customer_id, currency, todayIso());
  const bySku = new Map<string, PriceRow[]>();
  for (const r of rows) bySku.set(r.sku, [...(bySku.get(r.sku) ?? []), r]);
  const totals: Money[] = [];
  let complete = true;
  const prices = input.lines.map((l) => {
    const item = items.get(l.sku);
    const qtyMilli = toMilli(l.quantity);
    const chosen = item
      ? choosePrice(bySku.get(l.sku) ?? [], account.erp_customer_id, qtyMilli, item, currency)
      : null;
    if (!chosen) {
      complete = false;
      return { unit_price: null, discount_pct: null, net_price: null, line_total: null };
    }
    const total = lineTotal(chosen.unitPrice, qtyMilli, currency);
    totals.push(total);
    return {
      unit_price: moneyText(chosen.unitPrice),
      discount_pct: '0',
      net_price: moneyText(chosen.unitPrice),
      line_total: moneyText(total),
    };
  });
  return { currency, total: complete ? moneyText(sumMoney(totals)) : null, prices };
}
