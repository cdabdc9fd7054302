import type { Knex } from 'knex';
import { accountScopeOf, Actor } from '../shared/http/actor';
import { addDays } from '../shared/time';
import { buyerReason } from './buyer-words';
import * as repo from './buyer.repository';

const line = (r: repo.BuyerLineRow) => ({
  orderId: r.order_id,
  number: r.number,
  customerPo: r.customer_po,
  lineNo: Number(r.line_no),
  sku: r.sku,
  quantity: Number(r.quantity),
  promisedDate: r.confirmed_date,
});

/**
 * What a buyer's home page shows of its orders: the slipped lines waiting for its choice (with the
 * reason in its words), what is due in the coming week, and what shipped or arrived in the last
 * 30 days. Scoped like every read: a customer sees its own account only.
 */
export async function buyerOverview(db: Knex, actor: Actor, today: string) {
  const scope = accountScopeOf(actor);
  const [choices, due, recent] = [
    await repo.findLinesAwaitingChoice(db, scope),
    await repo.findLinesDue(db, scope, today, addDays(today, 6)),
    await repo.findRecentShipments(db, scope, addDays(today, -30)),
  ];
  return {
    choices: choices.map((r) => ({ ...line(r), because: buyerReason(r.slip_reason) })),
    dueThisWeek: due.map(line),
    recent: recent.map((s) => ({
      orderId: s.order_id,
      number: s.number,
      lineNo: Number(s.order_line_no),
      sku: s.sku,
      quantity: Number(s.quantity),
      shipDate: s.ship_date,
      deliveredDate: s.delivered_date,
      carrier: s.carrier,
      trackingNo: s.tracking_no,
    })),
  };
}
