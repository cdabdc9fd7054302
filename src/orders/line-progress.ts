import type { Knex } from 'knex';
import { toMilli } from '../shared/quantity';
import { findSupplyUpTo, sumShipments } from './delivery.repository';
import { type LineProgress, type Milestone, milestoneOf } from './milestones';

/** A line as progress needs it: catalog lines and non-catalog lines alike. */
export interface ProgressLine {
  orderNumber: string;
  lineNo: number;
  quantity: string | number;
  /** The line's last confirmed (ship) date; null when undated. */
  shipDate: string | null;
  open: boolean;
  /** Catalog lines dated from ERP supply: the receipt covering them may be released. */
  sku?: string;
  site?: string;
  dateSource?: string;
}

export const progressKey = (orderNumber: string, lineNo: number) => `${orderNumber}\u0000${lineNo}`;

/**
 * Each line's progress from the ERP: its shipments (shipped, and delivered where the shipment has
 * a delivery date) and, for a line dated from supply and not yet shipped, whether the covering
 * receipt (the latest open one of its sku and site due by its date) is released.
 */
export async function loadProgress(
  db: Knex,
  lines: ProgressLine[],
  /** One order's shipments when the caller has read them already (the order's own read): not read twice. */
  shipmentsOfOrder?: { orderNumber: string; rows: ShipmentRow[] },
): Promise<Map<string, LineProgress>> {
  const out = new Map<string, LineProgress>();
  const shipped = shipmentsOfOrder
    ? sumRows(shipmentsOfOrder.orderNumber, shipmentsOfOrder.rows)
    : new Map(
        (await sumShipments(db, [...new Set(lines.map((l) => l.orderNumber))])).map((s) => [
          progressKey(s.order_ref, Number(s.order_line_no)),
          { shipped: toMilli(s.shipped), delivered: toMilli(s.delivered ?? 0) },
        ]),
      );
  const fromSupply = lines.filter(
    (l) => l.dateSource === 'supply' && l.sku && l.site && l.shipDate && l.open,
  );
  const until = fromSupply.reduce((max, l) => (l.shipDate! > max ? l.shipDate! : max), '');
  const supply = fromSupply.length
    ? await findSupplyUpTo(
        db,
        fromSupply.map((l) => l.sku!),
        until,
      )
    : [];
  for (const l of lines) {
    const s = shipped.get(progressKey(l.orderNumber, l.lineNo));
    const qtyMilli = toMilli(l.quantity);
    const covering =
      l.dateSource === 'supply' && l.shipDate
        ? supply.find((r) => r.sku === l.sku && r.site_code === l.site && r.due_date <= l.shipDate!)
        : undefined;
    const shippedMilli = s?.shipped ?? 0;
    out.set(progressKey(l.orderNumber, l.lineNo), {
      qtyMilli,
      shippedMilli,
      deliveredMilli: s?.delivered ?? 0,
      dated: l.shipDate !== null,
      released: covering?.status === 'released',
      cancelled: !l.open && shippedMilli < qtyMilli,
    });
  }
  return out;
}

interface ShipmentRow {
  order_line_no: unknown;
  quantity: unknown;
  delivered_date: unknown;
}

/** What sumShipments would answer for one order, from its shipment rows. */
function sumRows(
  orderNumber: string,
  rows: ShipmentRow[],
): Map<string, { shipped: number; delivered: number }> {
  const out = new Map<string, { shipped: number; delivered: number }>();
  for (const r of rows) {
    const key = progressKey(orderNumber, Number(r.order_line_no));
    const sum = out.get(key) ?? out.set(key, { shipped: 0, delivered: 0 }).get(key)!;
    const qty = toMilli(r.quantity as string | number);
    sum.shipped += qty;
    if (r.delivered_date !== null && r.delivered_date !== undefined) sum.delivered += qty;
  }
  return out;
}

/** The order's milestone: how far all its lines have come (partly when some have, fully when all have). */
export function orderMilestone(progress: LineProgress[]): Milestone | null {
  const live = progress.filter((p) => !p.cancelled);
  if (!live.length) return null;
  const ms = live.map(milestoneOf);
  const all = (m: Milestone) => ms.every((x) => x === m);
  const some = (...m: Milestone[]) => ms.some((x) => x !== null && m.includes(x));
  if (all('delivered')) return 'delivered';
  if (some('delivered', 'partially_delivered')) return 'partially_delivered';
  if (ms.every((x) => x === 'shipped' || x === 'delivered')) return 'shipped';
  if (some('shipped', 'partially_shipped')) return 'partially_shipped';
  if (some('in_production')) return 'in_production';
  return ms.every((x) => x !== null) ? 'confirmed' : null;
}
