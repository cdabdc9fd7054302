import type { Knex } from 'knex';
import { addDays, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import {
  addCapacity,
  addSupply,
  createItem,
  createPlace,
  createSite,
  setStock,
  uniqFamily,
} from '../support/erp-factories';
import { createAccount, createCustomer, TestUser } from '../support/factories';
import { bucketsOf, countRows, Order, placeOrder, readOrder } from './helpers';

const T = todayIso();
const day = (n: number): string => addDays(T, n);

const t = useTestApp();
const am = t.user('account_manager');
const planner = t.user('planner');

const setStatus = (user: TestUser, id: string, status: string, reason?: string) =>
  t.http
    .post(`/api/orders/${id}/status`)
    .set('authorization', user.auth)
    .send({ status, ...(reason && { reason }) });
const cancel = (user: TestUser, id: string, reason: string) =>
  t.http.post(`/api/orders/${id}/cancel`).set('authorization', user.auth).send({ reason });
const changeLine = (
  user: TestUser,
  id: string,
  lineNo: number,
  body: { quantity?: number; requestedDate?: string; reason: string },
) => t.http.patch(`/api/orders/${id}/lines/${lineNo}`).set('authorization', user.auth).send(body);

/** A buy item with 10 on the shelf and 20 arriving on D+6, and a new account: S-D today 10, D+6 30. */
async function stockedOrder(
  user: TestUser,
  accountId: string,
  quantity = 4,
): Promise<{ sku: string; site: string; order: Order }> {
  const { sku, site } = await createPlace(t.deps.db);
  await setStock(t.deps.db, sku, site, 10);
  await addSupply(t.deps.db, { sku, site, qty: 20, dueDate: day(6) });
  const order = await placeOrder(t.http, user, {
    accountId,
    site,
    lines: [{ sku, quantity, requestedDate: day(1) }],
  });
  return { sku, site, order };
}

async function walk(id: string, statuses: string[]): Promise<void> {
  for (const status of statuses) {
    const res = await setStatus(planner, id, status);
    if (res.status !== 200) throw new Error(`-> ${status}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

describe('POST /api/orders/:id/cancel', () => {
  test('cancelling releases every reservation: availability and capacity are back to before, and the ledger says why', async () => {
    const db = t.deps.db;
    const site = await createSite(db);
    const family = uniqFamily();
    const bought = await createItem(db, { makeOrBuy: 'buy' });
    const made = await createItem(db, { makeOrBuy: 'make', leadTimeDays: 1, family });
    await setStock(db, bought, site, 10);
    await addCapacity(db, family, site, day(2), 6);
    const account = await createAccount(db);
    const before = {
      bought: await bucketsOf(t.http, am, bought, site),
      made: await bucketsOf(t.http, am, made, site),
    };

    // Bought: 4 on D+1 from the shelf. Made: 3 of D+2's capacity of 6.
    const order = await placeOrder(t.http, am, {
      accountId: account.id,
      site,
      lines: [
        { sku: bought, quantity: 4, requestedDate: day(1) },
        { sku: made, quantity: 3, requestedDate: T },
      ],
    });
    expect(order.lines.map((l) => [l.confirmedDate, l.dateSource])).toEqual([
      [day(1), 'stock'],
      [day(2), 'capacity'],
    ]);
    const lineIds = order.lines.map((l) => l.id);
    const ofLines = (q: Knex.QueryBuilder) => q.whereIn('order_line_id', lineIds);
    expect([
      await countRows(db, 'order_line_confirmations', ofLines),
      await countRows(db, 'capacity_reservations', ofLines),
    ]).toEqual([2, 1]);
    expect(await bucketsOf(t.http, am, bought, site)).not.toEqual(before.bought);

    const reason = 'Customer project postponed to next year';
    const res = await cancel(am, order.id, reason);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');

    expect({
      bought: await bucketsOf(t.http, am, bought, site),
      made: await bucketsOf(t.http, am, made, site),
    }).toEqual(before);
    expect([
      await countRows(db, 'order_line_confirmations', ofLines),
      await countRows(db, 'capacity_reservations', ofLines),
    ]).toEqual([0, 0]);
    // All 6 of D+2's capacity is there again.
    const check = await t.http
      .post('/api/atp/check')
      .set('authorization', am.auth)
      .send({ site, lines: [{ sku: made, quantity: 6, requestedDate: T }] });
    expect(check.body.lines[0]).toMatchObject({ confirmedDate: day(2), source: 'capacity' });

    const cancelled = await readOrder(t.http, am, order.id);
    for (const line of cancelled.lines) {
      expect(line).toMatchObject({ open: false, confirmations: [] });
      expect(line.promiseHistory.map((v) => [v.version, v.changedBy, v.reason])).toEqual([
        [1, 'intake', 'order intake'],
        [2, 'cancellation', reason],
      ]);
      expect(line.promiseHistory[1]).toMatchObject({
        actorId: am.id,
        confirmations: [],
        confirmedDate: null,
        dateSource: 'none',
      });
    }
    expect(cancelled.statusHistory.map((h) => [h.from, h.to, h.reason])).toEqual([
      [null, 'confirmed', 'order intake'],
      ['confirmed', 'cancelled', reason],
    ]);
  });

  test('a customer may cancel its confirmed order', async () => {
    const customer = await createCustomer(t.deps.db);
    const { order } = await stockedOrder(customer, customer.account.id);
    const res = await cancel(customer, order.id, 'Ordered by mistake');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
  });

  test('a customer cannot cancel an order in production (409), and the order keeps its reservation', async () => {
    const customer = await createCustomer(t.deps.db);
    const { sku, site, order } = await stockedOrder(customer, customer.account.id);
    await walk(order.id, ['in_production']);
    const buckets = await bucketsOf(t.http, am, sku, site);
    const res = await cancel(customer, order.id, 'Changed our mind');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('illegal_state');
    const after = await readOrder(t.http, customer, order.id);
    expect(after.status).toBe('in_production');
    expect(after.lines[0]).toMatchObject({ open: true, confirmations: [{ date: day(1), quantity: 4 }] });
    expect(after.lines[0]!.promiseHistory).toHaveLength(1);
    expect(await bucketsOf(t.http, am, sku, site)).toEqual(buckets);
    // Its account manager still can.
    expect((await cancel(am, order.id, 'Customer asked, production stopped')).status).toBe(200);
  });

  test("a customer cancelling another account's order gets 404 and the order stays confirmed", async () => {
    const other = await createAccount(t.deps.db);
    const { order } = await stockedOrder(am, other.id);
    const customer = await createCustomer(t.deps.db);
    expect((await cancel(customer, order.id, 'Not mine')).status).toBe(404);
    expect((await readOrder(t.http, am, order.id)).status).toBe('confirmed');
  });
});

describe('POST /api/orders/:id/status', () => {
  test('the legal chain confirmed -> in_production -> shipped -> delivered is recorded step by step', async () => {
    const account = await createAccount(t.deps.db);
    const { order } = await stockedOrder(am, account.id);
    for (const status of ['in_production', 'shipped', 'delivered']) {
      const res = await setStatus(planner, order.id, status, `now ${status}`);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(status);
    }
    const after = await readOrder(t.http, am, order.id);
    expect(after.statusHistory.map((h) => [h.from, h.to, h.actorId, h.reason])).toEqual([
      [null, 'confirmed', am.id, 'order intake'],
      ['confirmed', 'in_production', planner.id, 'now in_production'],
      ['in_production', 'shipped', planner.id, 'now shipped'],
      ['shipped', 'delivered', planner.id, 'now delivered'],
    ]);
  });

  test.each([
    [
      'a delivered order cannot become confirmed again',
      ['in_production', 'shipped', 'delivered'],
      'confirmed',
    ],
    [
      'a delivered order cannot go back to production',
      ['in_production', 'shipped', 'delivered'],
      'in_production',
    ],
    ['a shipped order cannot be partially shipped', ['shipped'], 'partially_shipped'],
    ['a confirmed order cannot be delivered before it is shipped', [], 'delivered'],
  ])('%s: 409 and nothing changes', async (_name, path, illegal) => {
    const account = await createAccount(t.deps.db);
    const { sku, site, order } = await stockedOrder(am, account.id);
    await walk(order.id, path);
    const before = {
      order: await readOrder(t.http, am, order.id),
      buckets: await bucketsOf(t.http, am, sku, site),
    };
    const res = await setStatus(planner, order.id, illegal);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('illegal_state');
    expect({
      order: await readOrder(t.http, am, order.id),
      buckets: await bucketsOf(t.http, am, sku, site),
    }).toEqual(before);
  });

  // Once the ERP ships the units its stock drops: a shipped or delivered order's lines must no
  // longer count as demand, or the same units are counted twice.
  test('a delivered order no longer holds its reservation: the units it took out of stock are not counted twice', async () => {
    const account = await createAccount(t.deps.db);
    const { sku, site, order } = await stockedOrder(am, account.id);
    await walk(order.id, ['in_production', 'shipped', 'delivered']);
    // The ERP shipped the 4 units: its next stock snapshot says 6 on hand (and still the receipt of 20 on D+6).
    await setStock(t.deps.db, sku, site, 6);
    // S-D: today 6, D+6 26 -> ATP 6, 26.
    expect(await bucketsOf(t.http, am, sku, site)).toEqual([
      { date: T, receipts: 6, demand: 0, atp: 6 },
      { date: day(6), receipts: 20, demand: 0, atp: 26 },
    ]);
  });

  test('a cancelled order cannot go into production (409), nor be cancelled again, and nothing changes', async () => {
    const account = await createAccount(t.deps.db);
    const { sku, site, order } = await stockedOrder(am, account.id);
    expect((await cancel(am, order.id, 'Duplicate order')).status).toBe(200);
    const before = {
      order: await readOrder(t.http, am, order.id),
      buckets: await bucketsOf(t.http, am, sku, site),
    };
    const res = await setStatus(planner, order.id, 'in_production');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('illegal_state');
    expect((await cancel(am, order.id, 'Again')).status).toBe(409);
    expect({
      order: await readOrder(t.http, am, order.id),
      buckets: await bucketsOf(t.http, am, sku, site),
    }).toEqual(before);
  });

  test('a customer may not move an order along (403)', async () => {
    const customer = await createCustomer(t.deps.db);
    const { order } = await stockedOrder(customer, customer.account.id);
    expect((await setStatus(customer, order.id, 'in_production')).status).toBe(403);
    expect((await readOrder(t.http, customer, order.id)).status).toBe('confirmed');
  });
});

describe('PATCH /api/orders/:id/lines/:lineNo', () => {
  test("a customer's quantity change re-promises the line: ledger version 2 by 'customer' with its reason, and new confirmations", async () => {
    const customer = await createCustomer(t.deps.db);
    const { sku, site, order } = await stockedOrder(customer, customer.account.id);
    expect(order.lines[0]).toMatchObject({
      confirmations: [{ date: day(1), quantity: 4 }],
      confirmedDate: day(1),
      dateSource: 'stock',
    });

    const reason = 'The project needs 14 valves';
    const res = await changeLine(customer, order.id, 1, { quantity: 14, reason });
    expect(res.status).toBe(200);
    // The old 4 are released first: ATP(D+1) = 10 < 14 -> 10 on D+1, the other 4 on D+6 (ATP 30).
    const confirmations = [
      { date: day(1), quantity: 10 },
      { date: day(6), quantity: 4 },
    ];
    const line = (res.body as Order).lines[0]!;
    expect(line).toMatchObject({ quantity: 14, confirmations, confirmedDate: day(6), dateSource: 'supply' });
    expect(line.promiseHistory.map((v) => [v.version, v.changedBy, v.actorId, v.reason, v.quantity])).toEqual(
      [
        [1, 'intake', customer.id, 'order intake', 4],
        [2, 'customer', customer.id, reason, 14],
      ],
    );
    expect(line.promiseHistory[1]).toMatchObject({
      confirmations,
      confirmedDate: day(6),
      dateSource: 'supply',
    });

    const stored = await t.deps
      .db('order_line_confirmations')
      .where({ order_line_id: line.id })
      .orderBy('date')
      .select('date', 'quantity');
    expect(
      stored.map((r: { date: string; quantity: string | number }) => ({
        date: r.date,
        quantity: Number(r.quantity),
      })),
    ).toEqual(confirmations);
    // S-D today 10, D+1 0, D+6 16 -> ATP 0, 0, 16.
    expect(await bucketsOf(t.http, am, sku, site)).toEqual([
      { date: T, receipts: 10, demand: 0, atp: 0 },
      { date: day(1), receipts: 0, demand: 10, atp: 0 },
      { date: day(6), receipts: 20, demand: 4, atp: 16 },
    ]);
  });

  test("a customer changing a line of another account's order gets 404, and the line is unchanged", async () => {
    const other = await createAccount(t.deps.db);
    const { order } = await stockedOrder(am, other.id);
    const customer = await createCustomer(t.deps.db);
    expect((await changeLine(customer, order.id, 1, { quantity: 9, reason: 'Not mine' })).status).toBe(404);
    expect((await readOrder(t.http, am, order.id)).lines[0]!.promiseHistory).toHaveLength(1);
  });

  test('every version of the promise ledger says why: intake, a change by the account manager, a cancellation', async () => {
    const account = await createAccount(t.deps.db);
    const { order } = await stockedOrder(am, account.id);
    expect(
      (await changeLine(am, order.id, 1, { requestedDate: day(3), reason: 'Site not ready before D+3' }))
        .status,
    ).toBe(200);
    expect((await cancel(am, order.id, 'Lost to a competitor')).status).toBe(200);
    const rows = await t.deps
      .db('promise_ledger')
      .where({ order_line_id: order.lines[0]!.id })
      .orderBy('version')
      .select('version', 'changed_by', 'reason');
    expect(
      rows.map((r: { version: number; changed_by: string; reason: string | null }) => [
        Number(r.version),
        r.changed_by,
        r.reason,
      ]),
    ).toEqual([
      [1, 'intake', 'order intake'],
      [2, 'account_manager', 'Site not ready before D+3'],
      [3, 'cancellation', 'Lost to a competitor'],
    ]);
  });

  test('on a shipComplete order, a changed line is still confirmed with the others, on the latest date', async () => {
    const db = t.deps.db;
    const site = await createSite(db);
    const a = await createItem(db);
    const b = await createItem(db);
    await setStock(db, a, site, 10);
    await addSupply(db, { sku: b, site, qty: 10, dueDate: day(8) });
    const account = await createAccount(db);
    // Together both ship on D+8 (B's receipt), though A alone could ship on D+1.
    const order = await placeOrder(t.http, am, {
      accountId: account.id,
      site,
      shipComplete: true,
      lines: [
        { sku: a, quantity: 5, requestedDate: day(1) },
        { sku: b, quantity: 5, requestedDate: day(1) },
      ],
    });
    expect(order.lines.map((l) => l.confirmedDate)).toEqual([day(8), day(8)]);

    const res = await changeLine(am, order.id, 1, { quantity: 4, reason: 'One less' });
    expect(res.status).toBe(200);
    // Still shipped complete: A (now 4) waits for B on D+8.
    expect((res.body as Order).lines.map((l) => [l.quantity, l.confirmations, l.confirmedDate])).toEqual([
      [4, [{ date: day(8), quantity: 4 }], day(8)],
      [5, [{ date: day(8), quantity: 5 }], day(8)],
    ]);
  });
});

/**
 * On SQLite one connection serializes every transaction of the app; on PostgreSQL (READ COMMITTED,
 * a pool of connections) these races are real, and changeLine locks the order before reading it.
 */
const PAIRS = 20;

describe('concurrent changes of one order', () => {
  test('a line change racing a cancellation never leaves the cancelled order holding a reservation', async () => {
    const account = await createAccount(t.deps.db);
    const { sku, site } = await createPlace(t.deps.db);
    await setStock(t.deps.db, sku, site, 1000);
    const outcomes = [];
    for (let i = 0; i < PAIRS; i++) {
      const order = await placeOrder(t.http, am, {
        accountId: account.id,
        site,
        lines: [{ sku, quantity: 4, requestedDate: day(1) }],
      });
      const [changed, cancelled] = await Promise.all([
        changeLine(am, order.id, 1, { quantity: 5, reason: 'One more' }),
        cancel(am, order.id, 'Not needed'),
      ]);
      const after = await readOrder(t.http, am, order.id);
      const line = after.lines[0]!;
      outcomes.push({
        answers: [200, 409].includes(changed.status) && cancelled.status === 200,
        status: after.status,
        open: line.open,
        confirmations: await countRows(t.deps.db, 'order_line_confirmations', (q) =>
          q.where({ order_line_id: line.id }),
        ),
        lastVersion: line.promiseHistory.at(-1)!.changedBy,
      });
    }
    expect(outcomes).toEqual(
      outcomes.map(() => ({
        answers: true,
        status: 'cancelled',
        open: false,
        confirmations: 0,
        lastVersion: 'cancellation',
      })),
    );
    // Nothing of the sku is reserved any more.
    expect(await bucketsOf(t.http, am, sku, site)).toEqual([
      { date: T, receipts: 1000, demand: 0, atp: 1000 },
    ]);
  });

  // Without the order lock, the second change would write back the quantity it read before the
  // first committed: a lost update, though both answered 200.
  test('two changes of one line racing (quantity, requested date) are both kept', async () => {
    const account = await createAccount(t.deps.db);
    const { sku, site } = await createPlace(t.deps.db);
    await setStock(t.deps.db, sku, site, 1000);
    const outcomes = [];
    for (let i = 0; i < PAIRS; i++) {
      const order = await placeOrder(t.http, am, {
        accountId: account.id,
        site,
        lines: [{ sku, quantity: 4, requestedDate: day(1) }],
      });
      const answers = await Promise.all([
        changeLine(am, order.id, 1, { quantity: 5, reason: 'One more' }),
        changeLine(am, order.id, 1, { requestedDate: day(2), reason: 'A day later' }),
      ]);
      const line = (await readOrder(t.http, am, order.id)).lines[0]!;
      outcomes.push({
        answers: answers.map((a) => a.status),
        quantity: line.quantity,
        requestedDate: line.requestedDate,
        confirmations: line.confirmations,
        versions: line.promiseHistory.length,
      });
    }
    expect(outcomes).toEqual(
      outcomes.map(() => ({
        answers: [200, 200],
        quantity: 5,
        requestedDate: day(2),
        confirmations: [{ date: day(2), quantity: 5 }],
        versions: 3,
      })),
    );
  });
});
