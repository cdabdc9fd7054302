import type { Knex } from 'knex';
import { lineTotal, moneyText, parseMoney } from '../shared/money';
import { toMilli } from '../shared/quantity';
import * as repo from './orders.repository';

/**
 * A line whose quantity changed keeps its net price (as quoted or as priced at intake) and its total
 * follows: net price x the new quantity, and the order's total moves by the difference. An unpriced
 * line (the ERP prices it) or an order without a total stays as it is.
 */
export async function repriceChangedLine(
  trx: Knex,
  order: repo.OrderRow,
  line: repo.OrderLineRow,
  quantity: string,
): Promise<void> {
  if (line.net_price === null || line.net_price === undefined) return;
  const currency = order.currency ?? 'EUR';
  const before = line.line_total === null || line.line_total === undefined ? 0n : parseMoney(line.line_total);
  const after = lineTotal(parseMoney(line.net_price), toMilli(quantity), currency);
  if (after === before) return;
  await repo.updateLine(trx, line.id, { line_total: moneyText(after) });
  if (order.total !== null && order.total !== undefined)
    await repo.updateOrderTotal(trx, order.id, moneyText(parseMoney(order.total) - before + after));
}
