import type { Deps } from '../deps';
import { inTransaction } from '../shared/jobs';
import { OrderChanged } from '../shared/events';
import { nowIso } from '../shared/time';
import { toMilli } from '../shared/quantity';
import { findOrdersWithShipments } from './delivery.repository';
import { loadProgress } from './line-progress';
import { nextStatus, statusFromLines } from './milestones';
import { progressLines } from './orders.service';
import * as repo from './orders.repository';
import { ALL_ACCOUNTS } from '../shared/http/actor';

/** Statuses a shipment moves on; draft and cancelled orders, and delivered ones, stay as they are. */
const FOLLOWING = ['confirmed', 'in_production', 'partially_shipped', 'shipped'];

/**
 * After the sync records shipments, every order the ERP ships moves on to the status its lines'
 * shipments and deliveries imply (partially shipped, shipped, delivered), forward only, so nobody
 * has to set it; an order the ERP says nothing of keeps the status set by hand. Each move is a
 * conditional update from the status read, recorded in the status history, and announced
 * (order.changed) after its commit. Running it again on the same data moves nothing.
 */
export async function followShipments(deps: Deps, runId: string): Promise<number> {
  const { db } = deps;
  let moved = 0;
  for (const { id } of await findOrdersWithShipments(db, FOLLOWING)) {
    const order = await repo.findOrder(db, ALL_ACCOUNTS, id);
    if (!order) continue;
    const lines = await repo.findLines(db, [id]);
    // A line shipped in full that re-confirmation has not closed yet still holds its reservation:
    // its order waits for that run (orders.reconfirmed), which follows shipments again.
    if (lines.some((l) => l.open && toMilli(l.shipped_qty ?? 0) >= toMilli(l.quantity))) continue;
    const custom = await repo.findCustomLines(db, id);
    const progress = await loadProgress(db, progressLines(order.number, lines, custom));
    const to = nextStatus(order.status, statusFromLines([...progress.values()]));
    if (!to) continue;
    const done = await inTransaction(deps, async (trx, publish) => {
      const now = nowIso();
      if (!(await repo.updateOrderStatus(trx, id, order.status, to, now))) return false;
      await repo.insertStatusHistory(trx, {
        order_id: id,
        from_status: order.status,
        to_status: to,
        at: now,
        actor_id: null,
        reason: `from the ERP's shipments (run ${runId})`,
      });
      publish(OrderChanged, { orderId: id });
      return true;
    });
    if (done) moved++;
  }
  return moved;
}
