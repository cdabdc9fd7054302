import type { Knex } from 'knex';
import { type DatedQty, HORIZON_DAYS, type SupplyPicture } from '../atp';
import { toMilli } from '../shared/quantity';
import { addDays } from '../shared/time';
import * as repo from './picture.repository';

type Qty = string | number;
const key = (sku: string, site: string) => `${sku}\u0001${site}`;

function byPlace<T extends { sku: string; site_code: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r.sku, r.site_code);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/**
 * The ATP pictures of many skus, as atp's loadPicture builds one (stock on hand less blocked; the
 * daily supply sums and ERP demand up to the horizon; the open lines' new supply; the open orders'
 * confirmations), from bulk reads: the stock and ERP demand the caller read, and two reads here.
 */
export async function loadPictures(
  db: Knex,
  skus: readonly string[],
  lines: ReadonlyArray<{ sku: string; site_code: string; confirmed_date: string | null; new_supply: Qty }>,
  stockAt: Map<string, { on_hand: Qty; blocked: Qty }>,
  demandAt: Map<string, Array<{ due_date: string; open_qty: Qty }>>,
): Promise<{ of(sku: string, site: string, today: string): SupplyPicture }> {
  const supplyAt = byPlace(await repo.findDailySupply(db, skus));
  const confirmedAt = byPlace(await repo.findConfirmedByDay(db, skus));
  const newSupplyAt = byPlace(lines.filter((l) => l.confirmed_date !== null && toMilli(l.new_supply) > 0));
  const dated = (rows: ReadonlyArray<{ date: string; qty: Qty }>, horizon?: string): DatedQty[] =>
    rows
      .filter((r) => horizon === undefined || r.date <= horizon)
      .map((r) => ({ date: r.date, qty: toMilli(r.qty) }));
  return {
    of(sku, site, today) {
      const k = key(sku, site);
      const horizon = addDays(today, HORIZON_DAYS);
      const stock = stockAt.get(k);
      return {
        today,
        onHand: stock ? Math.max(0, toMilli(stock.on_hand) - toMilli(stock.blocked)) : 0,
        receipts: [
          ...dated(supplyAt.get(k) ?? [], horizon),
          ...(newSupplyAt.get(k) ?? []).map((l) => ({ date: l.confirmed_date!, qty: toMilli(l.new_supply) })),
        ],
        demand: [
          ...dated(
            (demandAt.get(k) ?? []).map((d) => ({ date: d.due_date, qty: d.open_qty })),
            horizon,
          ),
          ...dated(confirmedAt.get(k) ?? []),
        ],
      };
    },
  };
}
