import { Money, parseMoney } from '../shared/money';
import type { PriceRow, QuoteItemRow } from './prices.repository';

export type PriceSource = 'agreement' | 'list' | 'manual' | 'missing';

export interface ChosenPrice {
  unitPrice: Money;
  source: 'agreement' | 'list';
}

const QTY_SCALE = 1000;

/** Of one price list's rows, the volume break that applies: the largest min_qty the quantity reaches, then the latest valid_from. */
function breakFor(rows: PriceRow[], qtyMilli: number): PriceRow | undefined {
  let best: PriceRow | undefined;
  for (const r of rows) {
    if (Math.round(Number(r.min_qty) * QTY_SCALE) > qtyMilli) continue;
    if (
      !best ||
      Number(r.min_qty) > Number(best.min_qty) ||
      (Number(r.min_qty) === Number(best.min_qty) && r.valid_from > best.valid_from)
    )
      best = r;
  }
  return best;
}

/**
 * The customer's agreement price for this quantity, else the list price (ERP price list with its
 * breaks, else the item's list price in the same currency). The rows are already filtered to the
 * sku, the currency and the validity date.
 */
export function choosePrice(
  rows: PriceRow[],
  erpCustomerId: string | null,
  qtyMilli: number,
  item: QuoteItemRow,
  currency: string,
): ChosenPrice | null {
  const agreement = erpCustomerId
    ? breakFor(
        rows.filter((r) => r.erp_customer_id === erpCustomerId),
        qtyMilli,
      )
    : undefined;
  if (agreement) return { unitPrice: parseMoney(agreement.unit_price), source: 'agreement' };
  const list = breakFor(
    rows.filter((r) => r.erp_customer_id === ''),
    qtyMilli,
  );
  if (list) return { unitPrice: parseMoney(list.unit_price), source: 'list' };
  // An item without a currency is priced in the company's own currency, which any quote may use.
  if (
    item.list_price !== null &&
    item.list_price !== undefined &&
    (item.currency === null || item.currency === currency)
  ) {
    return { unitPrice: parseMoney(item.list_price), source: 'list' };
  }
  return null;
}
