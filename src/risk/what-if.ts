import type { Knex } from 'knex';
import { findAvailableStockOf } from '../atp';
import { AppError, type ErrorDetail } from '../shared/errors';
import { fromMilli, toMilli } from '../shared/quantity';
import { todayIn } from '../shared/time';
import { daysBetween } from './risk.engine';
import * as repo from './risk.repository';
import type { WhatIfBody } from './risk.schemas';
import { simulatePromises, type WhatIfLine } from './what-if.engine';

/** The open receipts of one sku at one site, by due date: what a planner may move on the what-if page. */
export async function openReceiptsOf(db: Knex, sku: string, site: string) {
  return (await repo.findOpenSupply(db, [sku]))
    .filter((r) => r.site_code === site)
    .map((r) => ({
      ref: r.ref,
      kind: r.kind,
      status: r.status,
      dueDate: r.due_date,
      quantity: fromMilli(toMilli(r.open_qty)),
    }))
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.ref < b.ref ? -1 : 1));
}

/**
 * POST /api/risk/what-if: the open lines of one sku at one site that would slip if its receipts
 * moved, changed quantity or were joined by new ones. Reads only; nothing is written. The answer
 * is the difference between serving the lines against today's supply and against the changed
 * supply, so slips the data already holds (an over-promised picture) are not blamed on the change.
 */
export async function whatIf(db: Knex, body: WhatIfBody) {
  const { sku, site } = body;
  const [items, zones] = [await repo.findItems(db, [sku]), await repo.findSiteTimezones(db)];
  const zone = zones.find((z) => z.site_code === site);
  if (!items.length) throw new AppError('not_found', 'Item not found');
  if (!zone) throw new AppError('not_found', 'Site not found');
  const today = todayIn(zone.timezone);

  const supply = (await repo.findOpenSupply(db, [sku])).filter((r) => r.site_code === site);
  const byRef = new Map(supply.map((r) => [r.ref, { date: r.due_date, qty: toMilli(r.open_qty) }]));
  const changed = new Map(byRef);
  const added: Array<{ date: string; qty: number }> = [];
  const problems: ErrorDetail[] = [];
  body.receipts.forEach((c, i) => {
    if (c.ref !== undefined) {
      const r = changed.get(c.ref);
      if (!r)
        problems.push({
          path: `/receipts/${i}/ref`,
          message: `no open receipt ${c.ref} of ${sku} at ${site}`,
        });
      else if (c.dueDate === undefined && c.quantity === undefined)
        problems.push({ path: `/receipts/${i}`, message: 'must change dueDate or quantity' });
      else
        changed.set(c.ref, {
          date: c.dueDate ?? r.date,
          qty: c.quantity === undefined ? r.qty : toMilli(String(c.quantity)),
        });
    } else if (c.dueDate === undefined || c.quantity === undefined)
      problems.push({ path: `/receipts/${i}`, message: 'a new receipt needs dueDate and quantity' });
    else added.push({ date: c.dueDate, qty: toMilli(String(c.quantity)) });
  });
  if (problems.length) throw new AppError('validation_failed', 'Request is invalid', problems);

  const lines = (await repo.findOpenLines(db, [sku])).filter(
    (l): l is repo.OpenLineRow & { confirmed_date: string } =>
      l.site_code === site && l.confirmed_date !== null,
  );
  const ids = lines.map((l) => l.id);
  const [reserved, priorities, stock, demand] = [
    await repo.findReservedQty(db, ids),
    await repo.findAccountPriorities(
      db,
      lines.map((l) => l.account_id),
    ),
    (await findAvailableStockOf(db, [sku])).find((s) => s.site_code === site),
    (await repo.findErpDemand(db, [sku])).filter((d) => d.site_code === site),
  ];
  const qtyOf = new Map(reserved.map((r) => [r.order_line_id, toMilli(r.qty)]));
  const priorityOf = new Map(priorities.map((p) => [p.id, Number(p.promise_priority)]));
  // Stable sort: intake order (as read) within one priority.
  const served = [...lines].sort(
    (a, b) => (priorityOf.get(b.account_id) ?? 0) - (priorityOf.get(a.account_id) ?? 0),
  );
  const asLines: WhatIfLine[] = served.map((l) => ({
    id: l.id,
    promisedDate: l.confirmed_date,
    qty: qtyOf.get(l.id) ?? toMilli(l.quantity),
    newSupply: toMilli(l.new_supply),
  }));
  const picture = (receipts: Array<{ date: string; qty: number }>) => ({
    today,
    onHand: stock ? Math.max(0, toMilli(stock.on_hand) - toMilli(stock.blocked)) : 0,
    receipts,
    erpDemand: demand.map((d) => ({ date: d.due_date, qty: toMilli(d.open_qty) })),
  });
  const before = simulatePromises(picture([...byRef.values()]), asLines);
  const after = simulatePromises(picture([...changed.values(), ...added]), asLines);
  return {
    sku,
    site,
    linesChecked: served.length,
    lines: served
      .filter((l) => after.get(l.id) !== before.get(l.id))
      .map((l) => {
        const wouldBe = after.get(l.id) ?? null;
        return {
          orderId: l.order_id,
          orderNumber: l.order_number,
          lineNo: Number(l.line_no),
          accountId: l.account_id,
          promisedDate: l.confirmed_date,
          wouldBe,
          days: wouldBe === null ? null : daysBetween(l.confirmed_date, wouldBe),
        };
      }),
  };
}
