import type { Knex } from 'knex';
import type { Deps } from '../deps';
import { LinePromise, Promiser } from '../atp';
import { milliText, toMilli } from '../shared/quantity';
import { writeAudit } from '../shared/audit.repository';
import { readTogether } from '../shared/db/knex';
import { AppError, notFound } from '../shared/errors';
import { accountScopeOf, Actor } from '../shared/http/actor';
import { decodeCursor, parseLimit, toPage } from '../shared/http/pagination';
import { inTransaction } from '../shared/jobs';
import { nowIso } from '../shared/time';
import { OrderChanged, OrderConfirmed } from '../shared/events';
import { ListOrdersQuery, OrderStatus, TRANSITIONS } from './orders.schemas';
import * as repo from './orders.repository';
import { findCustomLinesOf } from './delivery.repository';
import { basisOfRow, datesOf, shipRequestDate } from './delivery-dates';
import { loadProgress, orderMilestone, type ProgressLine, progressKey } from './line-progress';
import { type LineProgress, milestoneOf } from './milestones';
import { ChangedBy, recordPromises, releasePromise, shipTogether } from './promise-ledger';
import { awaitsChoice, slipNotice } from './slip-choice';
import { repriceChangedLine } from './line-repricing';

const num = (v: string | number): number => Number(v);

function toLine(
  l: repo.OrderLineRow,
  confirmations: repo.ConfirmationRow[],
  ledger: repo.LedgerRow[],
  progress: LineProgress | undefined,
) {
  const dates = datesOf(l.confirmed_date, basisOfRow(l));
  return {
    id: l.id,
    lineNo: Number(l.line_no),
    sku: l.sku,
    site: l.site_code,
    quantity: num(l.quantity),
    requestedDate: l.requested_date,
    confirmations: confirmations.map((c) => ({ date: c.date, quantity: num(c.quantity) })),
    confirmedDate: dates.promisedDate,
    shipDate: dates.shipDate,
    arrivalDate: dates.arrivalDate,
    promisedBy: dates.promisedBy,
    notes: l.date_note ?? null,
    dateSource: l.date_source,
    open: Boolean(l.open),
    shippedQuantity: num(l.shipped_qty ?? 0),
    deliveredQuantity: (progress?.deliveredMilli ?? 0) / 1000,
    milestone: progress ? milestoneOf(progress) : null,
    slipped: l.slipped_at
      ? {
          at: l.slipped_at,
          reason: l.slip_reason,
          explanation: slipNotice(l),
          awaitingChoice: awaitsChoice(l),
          choice: l.slip_choice ?? null,
          chosenAt: l.slip_chosen_at ?? null,
        }
      : null,
    ...prices(l),
    promiseHistory: ledger.map((v) => ({
      version: Number(v.version),
      at: v.at,
      changedBy: v.changed_by,
      actorId: v.actor_id,
      reason: v.reason,
      requestedDate: v.requested_date,
      quantity: num(v.quantity),
      confirmations: JSON.parse(v.confirmations) as Array<{ date: string; quantity: number }>,
      confirmedDate: v.confirmed_date,
      dateSource: v.date_source,
    })),
  };
}

const money = (v: string | number | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);

/** Prices frozen from an accepted quote; null on orders taken directly (the ERP prices those). */
function prices(l: {
  unit_price?: string | number | null;
  discount_pct?: string | number | null;
  net_price?: string | number | null;
  line_total?: string | number | null;
}) {
  return {
    unitPrice: money(l.unit_price),
    discountPct: money(l.discount_pct),
    netPrice: money(l.net_price),
    lineTotal: money(l.line_total),
  };
}

function toSummary(o: repo.OrderRow) {
  return {
    id: o.id,
    number: o.number,
    accountId: o.account_id,
    customerPo: o.customer_po,
    status: o.status,
    shipComplete: Boolean(o.ship_complete),
    createdAt: o.created_at,
    quote: o.quote_id ? { id: o.quote_id, revision: Number(o.quote_revision) } : null,
    currency: o.currency ?? null,
    total: money(o.total),
    terms: {
      paymentTerms: o.payment_terms ?? null,
      incoterm: o.incoterm ?? null,
      incotermPlace: o.incoterm_place ?? null,
      shipComplete: Boolean(o.ship_complete),
      note: o.terms_note ?? null,
    },
  };
}

function toCustomLine(c: repo.CustomLineRow, progress: LineProgress | undefined) {
  return {
    lineNo: Number(c.line_no),
    description: c.description,
    quantity: num(c.quantity),
    requestedDate: c.requested_date,
    promisedDate: c.promised_date,
    shippedQuantity: (progress?.shippedMilli ?? 0) / 1000,
    deliveredQuantity: (progress?.deliveredMilli ?? 0) / 1000,
    milestone: progress ? milestoneOf(progress) : null,
    leadTimeDays: c.lead_time_days === null ? null : Number(c.lead_time_days),
    ...prices(c),
  };
}

/** The order with its lines, current promises and their history, shipments and status history. */
export async function getOrder(db: Knex, actor: Actor, id: string) {
  const order = await repo.findOrder(db, accountScopeOf(actor), id);
  if (!order) throw notFound('Order');
  const lines = await repo.findLines(db, [order.id]);
  const ids = lines.map((l) => l.id);
  const [confirmations, ledger, shipments, history, custom] = await readTogether(db, [
    () => repo.findConfirmations(db, ids),
    () => repo.findLedger(db, ids),
    () => repo.findShipments(db, order.number),
    () => repo.findStatusHistory(db, order.id),
    () => repo.findCustomLines(db, order.id),
  ] as const);
  const progress = await loadProgress(db, progressLines(order.number, lines, custom));
  const of = (lineNo: number | string) => progress.get(progressKey(order.number, Number(lineNo)));
  return {
    ...toSummary(order),
    milestone: orderMilestone([...progress.values()]),
    lines: lines.map((l) =>
      toLine(
        l,
        confirmations.filter((c) => c.order_line_id === l.id),
        ledger.filter((v) => v.order_line_id === l.id),
        of(l.line_no),
      ),
    ),
    customLines: custom.map((c) => toCustomLine(c, of(c.line_no))),
    shipments: shipments.map((s: Record<string, unknown>) => ({
      shipmentRef: String(s.shipment_ref),
      lineNo: Number(s.line_no),
      orderLineNo: Number(s.order_line_no),
      sku: String(s.sku),
      quantity: Number(s.quantity),
      shipDate: String(s.ship_date),
      carrier: s.carrier as string | null,
      trackingNo: s.tracking_no as string | null,
      deliveredDate: s.delivered_date as string | null,
    })),
    statusHistory: history.map((h: Record<string, unknown>) => ({
      from: h.from_status,
      to: h.to_status,
      at: h.at,
      actorId: h.actor_id,
      reason: h.reason,
    })),
  };
}

/** Catalog and non-catalog lines of one order as progress reads them. */
export function progressLines(
  orderNumber: string,
  lines: repo.OrderLineRow[],
  custom: repo.CustomLineRow[],
): ProgressLine[] {
  return [
    ...lines.map((l) => ({
      orderNumber,
      lineNo: Number(l.line_no),
      quantity: l.quantity,
      shipDate: l.confirmed_date,
      open: Boolean(l.open),
      sku: l.sku,
      site: l.site_code,
      dateSource: l.date_source,
    })),
    ...custom.map((c) => ({
      orderNumber,
      lineNo: Number(c.line_no),
      quantity: c.quantity,
      shipDate: c.promised_date,
      open: true,
    })),
  ];
}

/**
 * The list, each order with its milestone (how far its lines have come) and its promised date: the
 * latest promise of the lines not yet delivered (of all lines once everything is delivered).
 */
export async function listOrders(db: Knex, actor: Actor, q: ListOrdersQuery) {
  const limit = parseLimit(q.limit);
  const after = decodeCursor(q.cursor, 2) as [string, string] | null;
  const filter = {
    ...(q.accountId && { accountId: q.accountId }),
    ...(q.status && { status: q.status }),
    ...(q.q && { search: q.q }),
  };
  const rows = await repo.listOrders(db, accountScopeOf(actor), filter, limit, after);
  const page = rows.slice(0, limit);
  const lines = await repo.findLines(
    db,
    page.map((o) => o.id),
  );
  const custom = await findCustomLinesOf(
    db,
    page.map((o) => o.id),
  );
  const numberOf = new Map(page.map((o) => [o.id, o.number]));
  const all = [...numberOf].flatMap(([id, number]) =>
    progressLines(
      number,
      lines.filter((l) => l.order_id === id),
      custom.filter((c) => c.order_id === id),
    ),
  );
  const progress = await loadProgress(db, all);
  const extra = new Map(
    page.map((o) => {
      const mine = lines.filter((l) => l.order_id === o.id);
      const entries = [
        ...mine.map((l) => ({
          p: progress.get(progressKey(o.number, Number(l.line_no))),
          date: datesOf(l.confirmed_date, basisOfRow(l)).promisedDate,
        })),
        ...custom
          .filter((c) => c.order_id === o.id)
          .map((c) => ({ p: progress.get(progressKey(o.number, Number(c.line_no))), date: c.promised_date })),
      ];
      const pending = entries.filter((e) => e.p && !e.p.cancelled && e.p.deliveredMilli < e.p.qtyMilli);
      const dates = (pending.length ? pending : entries).map((e) => e.date);
      const promisedDate =
        dates.length && dates.every((d) => d !== null) ? (dates as string[]).sort().at(-1)! : null;
      return [o.id, { milestone: orderMilestone(entries.flatMap((e) => (e.p ? [e.p] : []))), promisedDate }];
    }),
  );
  return toPage(
    rows,
    limit,
    (o) => ({ ...toSummary(o), ...(extra.get(o.id) ?? { milestone: null, promisedDate: null }) }),
    (r) => [r.created_at, r.id],
  );
}

async function transition(
  deps: Deps,
  actor: Actor,
  id: string,
  to: OrderStatus,
  reason: string | null,
  extra?: (trx: Knex, order: repo.OrderRow, now: string) => Promise<void>,
) {
  const now = nowIso();
  await inTransaction(deps, async (trx, publish) => {
    const order = await repo.findOrder(trx, accountScopeOf(actor), id);
    if (!order) throw notFound('Order');
    const from = order.status as OrderStatus;
    if (!TRANSITIONS[from].includes(to)) {
      throw new AppError('illegal_state', `An order that is ${from} cannot become ${to}`, [
        { path: '/status', message: `allowed from ${from}: ${TRANSITIONS[from].join(', ') || 'nothing'}` },
      ]);
    }
    if (!(await repo.updateOrderStatus(trx, id, from, to, now)))
      throw new AppError('conflict', 'The order changed meanwhile; reload it and try again');
    await extra?.(trx, order, now);
    await repo.insertStatusHistory(trx, {
      order_id: id,
      from_status: from,
      to_status: to,
      at: now,
      actor_id: actor.userId,
      reason,
    });
    await writeAudit(trx, {
      actor,
      action: `order.${to}`,
      entity: 'order',
      entityId: id,
      detail: { from, to, reason },
    });
    publish(OrderChanged, { orderId: id });
    // A draft confirmed by hand is the customer's confirmation, as an order confirmed at intake is.
    if (to === 'confirmed') publish(OrderConfirmed, { orderId: id });
  });
  return getOrder(deps.db, actor, id);
}

export async function changeStatus(deps: Deps, actor: Actor, id: string, to: OrderStatus, reason?: string) {
  return transition(deps, actor, id, to, reason ?? null);
}

/** Cancelling releases every line's reservation and capacity, with a ledger version per line. */
export async function cancelOrder(deps: Deps, actor: Actor, id: string, reason: string) {
  if (actor.role === 'customer') {
    const order = await repo.findOrder(deps.db, accountScopeOf(actor), id);
    if (order && !['draft', 'confirmed'].includes(order.status))
      throw new AppError(
        'illegal_state',
        'Production has started: ask your account manager to cancel this order',
      );
  }
  return transition(deps, actor, id, 'cancelled', reason, async (trx, order, now) => {
    for (const line of await repo.findLines(trx, [order.id])) {
      if (line.open)
        await releasePromise(trx, line, {
          changedBy: 'cancellation',
          actorId: actor.userId,
          reason,
          at: now,
        });
    }
  });
}

const changedByOf = (actor: Actor): ChangedBy =>
  actor.role === 'customer' ? 'customer' : actor.role === 'planner' ? 'planner' : 'account_manager';

// Partially shipped too: the status now follows the ERP's shipments, and what is left of a line may still change.
const CHANGEABLE = ['draft', 'confirmed', 'in_production', 'partially_shipped'];

/**
 * A change of quantity or requested date re-promises the line (a ship-complete order: all its open
 * lines, so they still ship together). The order is locked before it is read, so a racing cancel
 * or second change waits and then sees this one.
 */
export async function changeLine(
  deps: Deps,
  actor: Actor,
  id: string,
  lineNo: number,
  change: { quantity?: number; requestedDate?: string; reason: string },
) {
  const now = nowIso();
  const scope = accountScopeOf(actor);
  await inTransaction(deps, async (trx, publish) => {
    if (!(await repo.lockOrder(trx, scope, id, CHANGEABLE, now))) {
      const order = await repo.findOrder(trx, scope, id);
      if (!order) throw notFound('Order');
      throw new AppError('illegal_state', `The lines of a ${order.status} order cannot change`);
    }
    const order = (await repo.findOrder(trx, scope, id))!;
    const all = await repo.findLines(trx, [id]);
    const lines = all.filter((l) => Boolean(l.open));
    const target = lines.find((l) => Number(l.line_no) === lineNo);
    if (!target) {
      if (!all.some((l) => Number(l.line_no) === lineNo)) throw notFound('Order line');
      throw new AppError(
        'illegal_state',
        `Line ${lineNo} is closed (shipped in full or cancelled): it reserves nothing and cannot change`,
      );
    }
    const shipped = toMilli(target.shipped_qty ?? 0);
    if (change.quantity !== undefined && toMilli(change.quantity) < shipped) {
      throw new AppError(
        'business_rule',
        `The quantity cannot be less than the ${milliText(shipped)} already shipped`,
        [{ path: '/quantity', message: `at least ${milliText(shipped)}` }],
      );
    }
    const affected = order.ship_complete ? lines : [target];
    await repo.lockSkus(
      trx,
      affected.map((l) => l.sku),
    );
    const updated = affected.map((l) =>
      l.id !== target.id
        ? l
        : {
            ...l,
            quantity: change.quantity !== undefined ? milliText(toMilli(change.quantity)) : l.quantity,
            requested_date: change.requestedDate ?? l.requested_date,
          },
    );
    if (change.quantity !== undefined)
      await repriceChangedLine(trx, order, target, milliText(toMilli(change.quantity)));
    // Release first: the lines are promised again against supply without their own reservations.
    await repo.deleteConfirmations(
      trx,
      updated.map((l) => l.id),
    );
    await repo.deleteCapacityBookings(
      trx,
      updated.map((l) => l.id),
    );
    for (const l of updated)
      await repo.updateLine(trx, l.id, {
        quantity: l.quantity,
        requested_date: l.requested_date,
        new_supply: '0',
        slipped_at: null,
        slip_reason: null,
      });
    const promiser = new Promiser(trx);
    let promises: LinePromise[] = [];
    // What shipped has left the stock already: a line is promised what it still has to ship.
    const toShip = (l: repo.OrderLineRow) => Math.max(0, toMilli(l.quantity) - toMilli(l.shipped_qty ?? 0));
    for (const l of updated)
      promises.push(
        await promiser.promiseLine(l.sku, l.site_code, {
          qty: toShip(l),
          requestedDate: shipRequestDate(l.requested_date, basisOfRow(l)),
          allowPartial: !order.ship_complete,
        }),
      );
    if (order.ship_complete) promises = shipTogether(promises);
    await recordPromises(
      trx,
      updated.map((l, i) => ({
        line: l,
        promise: promises[i]!,
        change: {
          changedBy: changedByOf(actor),
          actorId: actor.userId,
          reason: l.id === target.id ? change.reason : `ships complete with line ${lineNo}: ${change.reason}`,
          at: now,
        },
      })),
    );
    await writeAudit(trx, {
      actor,
      action: 'order.line_changed',
      entity: 'order',
      entityId: id,
      detail: { lineNo, ...change },
    });
    publish(OrderChanged, { orderId: id });
  });
  return getOrder(deps.db, actor, id);
}
