import { currentTime } from '../../src/shared/clock';
import { reconfirmOpenLines } from '../../src/orders/reconfirm';
import { findOpenLines } from '../../src/orders/reconfirm.repository';
import { addDays, nowIso, todayIn, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import { createAccount } from '../support/factories';
import { addCapacity, createItem, createSite, uniqFamily } from '../support/erp-factories';
import { Drop, startFromDrop, syncNow, writeDrop } from '../erp/erp-drop';

const today = todayIso();
const day = (n: number) => addDays(today, n);

/** One buy item V-1 at P1: 5 in stock, PR-1 20 on day 10, PR-2 20 on day 20; V-2 with 50 in stock; two customers. */
function drop(pr1Due = day(10), pr1Qty = '20'): Partial<Drop> {
  return {
    sites: [
      ['site_code', 'name'],
      ['P1', 'Plant One'],
    ],
    customers: [
      ['erp_customer_id', 'name'],
      ['C1', 'First Come Ltd'],
      ['C2', 'Key Account AG'],
    ],
    items: [
      ['sku', 'description', 'uom', 'make_or_buy', 'lead_time_days'],
      ['V-1', 'Valve', 'EA', 'buy', '60'],
      ['V-2', 'Gasket', 'EA', 'buy', '60'],
    ],
    stock: [
      ['sku', 'site_code', 'on_hand'],
      ['V-1', 'P1', '5'],
      ['V-2', 'P1', '50'],
    ],
    supply: [
      ['ref', 'kind', 'sku', 'site_code', 'open_qty', 'due_date'],
      ['PR-1', 'purchase', 'V-1', 'P1', pr1Qty, pr1Due],
      ['PR-2', 'purchase', 'V-1', 'P1', '20', day(20)],
    ],
  };
}

const t = useTestApp({ isolated: true, perTest: true });
const am = t.user('account_manager');
let accounts: Record<string, string>;

beforeEach(async () => {
  accounts = await startFromDrop(t, drop());
});

async function order(customer: string, quantity: number, requestedDate: string) {
  const res = await t.http
    .post('/api/orders')
    .set('authorization', am.auth)
    .send({ accountId: accounts[customer], lines: [{ sku: 'V-1', quantity, requestedDate, site: 'P1' }] });
  expect(res.status).toBe(201);
  return res.body as {
    id: string;
    lines: Array<{ confirmedDate: string; confirmations: Array<{ date: string; quantity: number }> }>;
  };
}

const line = async (orderId: string) =>
  (await t.http.get(`/api/orders/${orderId}`).set('authorization', am.auth)).body.lines[0];

describe('re-confirmation after a sync', () => {
  test('a supply delay moves exactly the lines it must, says why, flags the slip, and a second run changes nothing', async () => {
    const a = await order('C1', 5, today); // stock: 5 today
    const b = await order('C1', 15, day(10)); // PR-1: 15 on day 10
    const c = await order('C1', 10, day(10)); // 5 left on day 10, 5 more on day 20
    expect(a.lines[0]!.confirmations).toEqual([{ date: today, quantity: 5 }]);
    expect(b.lines[0]!.confirmations).toEqual([{ date: day(10), quantity: 15 }]);
    expect(c.lines[0]!.confirmations).toEqual([
      { date: day(10), quantity: 5 },
      { date: day(20), quantity: 5 },
    ]);

    // The ERP moves PR-1 a week later; the sync's event re-confirms.
    writeDrop(t.deps.config.erpDropDir, { supply: drop(day(17)).supply! });
    await syncNow(t, { datasets: ['supply'] });
    await t.deps.jobs.drain();

    const [la, lb, lc] = [await line(a.id), await line(b.id), await line(c.id)];
    expect(la.promiseHistory).toHaveLength(1); // stock still covers A
    expect(lb.confirmations).toEqual([{ date: day(17), quantity: 15 }]);
    expect(lb.promiseHistory.at(-1)).toMatchObject({ version: 2, changedBy: 'reconfirmation' });
    expect(lb.promiseHistory.at(-1).reason).toContain(
      `purchase order PR-1 moved from ${day(10)} to ${day(17)}`,
    );
    expect(lb.slipped).toMatchObject({ reason: expect.stringContaining('PR-1 moved') });
    // C: after B takes 15 of PR-1 on day 17, C's 10 come on day 20: same last date, new split.
    expect(lc.confirmations).toEqual([{ date: day(20), quantity: 10 }]);
    expect(lc.confirmedDate).toBe(day(20));
    expect(lc.slipped).toBeNull();

    const before = await t.deps.db('promise_ledger').count({ n: '*' }).first();
    expect(await reconfirmOpenLines(t.deps, null)).toMatchObject({ moved: 0 });
    expect(await t.deps.db('promise_ledger').count({ n: '*' }).first()).toEqual(before);
  });

  test('when supply shrinks, a higher-priority account keeps its promise and the earlier, lower-priority order moves', async () => {
    await t.deps.db('accounts').where({ id: accounts.C2 }).update({ promise_priority: 10 });
    const first = await order('C1', 15, day(10)); // day 10 from PR-1
    const key = await order('C2', 5, day(10)); // day 10: the rest of PR-1
    expect(first.lines[0]!.confirmedDate).toBe(day(10));
    expect(key.lines[0]!.confirmedDate).toBe(day(10));

    writeDrop(t.deps.config.erpDropDir, { supply: drop(day(10), '10').supply! }); // PR-1 down from 20 to 10
    await syncNow(t, { datasets: ['supply'] });
    await t.deps.jobs.drain();

    const [lf, lk] = [await line(first.id), await line(key.id)];
    expect(lk.promiseHistory).toHaveLength(1);
    expect(lk.confirmedDate).toBe(day(10));
    expect(lf.confirmedDate).toBe(day(20));
    expect(lf.promiseHistory.at(-1).reason).toContain('purchase order PR-1 reduced from 20 to 10');
  });

  test('fractional and split confirmations are read back exactly, so the next line sees what the earlier ones hold', async () => {
    const a = await order('C1', 2.125, today); // stock 5: 2.125 today
    const b = await order('C1', 2.875, today); // the rest of the stock, today
    const c = await order('C1', 25.75, day(10)); // PR-1's 20 on day 10, the rest from PR-2 on day 20
    expect(c.lines[0]!.confirmations).toEqual([
      { date: day(10), quantity: 20 },
      { date: day(20), quantity: 5.75 },
    ]);
    expect(await reconfirmOpenLines(t.deps, null)).toMatchObject({ checked: 3, moved: 0 });

    await t.deps.db('erp_stock').where({ sku: 'V-1' }).update({ on_hand: '4.875' }); // 0.125 less
    expect(await reconfirmOpenLines(t.deps, null)).toMatchObject({ moved: 2 });
    expect((await line(a.id)).confirmations).toEqual([{ date: today, quantity: 2.125 }]);
    // B keeps what A leaves today and takes the last 0.125 from PR-1, which C then misses on day 10.
    expect((await line(b.id)).confirmations).toEqual([
      { date: today, quantity: 2.75 },
      { date: day(10), quantity: 0.125 },
    ]);
    expect((await line(c.id)).confirmations).toEqual([
      { date: day(10), quantity: 19.875 },
      { date: day(20), quantity: 5.875 },
    ]);
  });

  test('open lines read for some skus (the path a re-decided group takes) come as they do in the read of all, in service order', async () => {
    await t.deps.db('accounts').where({ id: accounts.C2 }).update({ promise_priority: 5 });
    const first = await order('C1', 7, today); // split: the 5 in stock today, 2 of PR-1 on day 10
    const second = await order('C2', 2, today);
    const gasket = await t.http
      .post('/api/orders')
      .set('authorization', am.auth)
      .send({
        accountId: accounts.C1,
        lines: [{ sku: 'V-2', quantity: 1, requestedDate: today, site: 'P1' }],
      });
    expect(gasket.status).toBe(201);
    const all = await findOpenLines(t.deps.db);
    const valves = await findOpenLines(t.deps.db, ['V-1']);
    // C2's higher priority serves its order first; then intake order.
    expect(all.map((l) => [l.order_id, l.sku])).toEqual([
      [second.id, 'V-1'],
      [first.id, 'V-1'],
      [gasket.body.id, 'V-2'],
    ]);
    expect(valves).toEqual(all.filter((l) => l.sku === 'V-1'));
    expect(valves[1]).toMatchObject({
      qtyMilli: 7_000,
      newSupplyMilli: 0,
      priority: 0,
      confirmations: [
        { date: today, qty: 5_000 },
        { date: day(10), qty: 2_000 },
      ],
    });
    expect(typeof valves[1]!.order_created_at).toBe('string');
  });

  test('a line that cannot be confirmed is not rewritten by every sync', async () => {
    const huge = await order('C1', 1000, today); // beyond supply: lead time (buy item, 60 days)
    expect(huge.lines[0]!.confirmedDate).toBe(day(60));
    await t.deps.db('items').where({ sku: 'V-1' }).update({ lead_time_days: 400 }); // past the horizon
    expect(await reconfirmOpenLines(t.deps, null)).toMatchObject({ moved: 1, slipped: 1 });
    expect(await reconfirmOpenLines(t.deps, null)).toMatchObject({ moved: 0 });
    const l = await line(huge.id);
    expect(l.confirmedDate).toBeNull();
    expect(l.promiseHistory).toHaveLength(2);
  });
});

describe('re-confirmation of ship-complete orders', () => {
  test('when one line of a ship-complete order moves, the others move with it to its date, and a second run changes nothing', async () => {
    const res = await t.http
      .post('/api/orders')
      .set('authorization', am.auth)
      .send({
        accountId: accounts.C1,
        site: 'P1',
        shipComplete: true,
        lines: [
          { sku: 'V-2', quantity: 5, requestedDate: today }, // from stock, today
          { sku: 'V-1', quantity: 15, requestedDate: day(10) }, // PR-1, day 10
          { sku: 'V-1', quantity: 2, requestedDate: today }, // from stock, today
        ],
      });
    expect(res.status).toBe(201);
    const placed = res.body as { id: string; lines: Array<{ confirmedDate: string }> };
    expect(placed.lines.map((l) => l.confirmedDate)).toEqual([day(10), day(10), day(10)]);

    writeDrop(t.deps.config.erpDropDir, { supply: drop(day(17)).supply! }); // PR-1 a week later
    await syncNow(t, { datasets: ['supply'] });
    await t.deps.jobs.drain();

    const order = (await t.http.get(`/api/orders/${placed.id}`).set('authorization', am.auth)).body as {
      lines: Array<{
        confirmedDate: string;
        confirmations: unknown[];
        promiseHistory: Array<{ reason: string }>;
      }>;
    };
    expect(order.lines.map((l) => l.confirmedDate)).toEqual([day(17), day(17), day(17)]);
    expect(order.lines.map((l) => l.confirmations)).toEqual([
      [{ date: day(17), quantity: 5 }],
      [{ date: day(17), quantity: 15 }],
      [{ date: day(17), quantity: 2 }],
    ]);
    expect(order.lines[1]!.promiseHistory.at(-1)!.reason).toContain('PR-1 moved');
    expect(order.lines[0]!.promiseHistory.at(-1)!.reason).toContain(
      'ships complete and its line 2 is now confirmed',
    );
    expect(await reconfirmOpenLines(t.deps, null)).toMatchObject({ moved: 0 });
  });
});

describe('re-confirmation of made items', () => {
  test('when the plant loses capacity, the later line of the family moves to the next day with capacity, and a second run changes nothing', async () => {
    const db = t.deps.db;
    const site = await createSite(db);
    const family = uniqFamily();
    const [m1, m2] = [
      await createItem(db, { makeOrBuy: 'make', leadTimeDays: 1, family }),
      await createItem(db, { makeOrBuy: 'make', leadTimeDays: 1, family }),
    ];
    await addCapacity(db, family, site, day(2), 6);
    await addCapacity(db, family, site, day(3), 6);
    const account = (await createAccount(db)).id;
    const place = async (sku: string, quantity: number) => {
      const res = await t.http
        .post('/api/orders')
        .set('authorization', am.auth)
        .send({ accountId: account, site, lines: [{ sku, quantity, requestedDate: today }] });
      expect(res.status).toBe(201);
      return res.body as { id: string; lines: Array<{ confirmedDate: string }> };
    };
    const first = await place(m1, 4); // day 2: 4 of 6
    const second = await place(m2, 2); // day 2: the last 2
    const third = await place(m1, 3); // day 3: 3 of 6
    expect([first, second, third].map((o) => o.lines[0]!.confirmedDate)).toEqual([day(2), day(2), day(3)]);

    await db('erp_capacity')
      .where({ family, site_code: site, date: day(2) })
      .update({ units: '4' });
    expect(await reconfirmOpenLines(t.deps, null)).toMatchObject({ moved: 1, slipped: 1 });
    const [l1, l2, l3] = [await line(first.id), await line(second.id), await line(third.id)];
    expect([l1.confirmedDate, l2.confirmedDate, l3.confirmedDate]).toEqual([day(2), day(3), day(3)]);
    expect(l2.promiseHistory.at(-1)).toMatchObject({ version: 2, changedBy: 'reconfirmation' });
    const booked = await db('capacity_reservations')
      .where({ family, site_code: site })
      .orderBy(['date', 'units'])
      .select('date', 'units');
    expect(booked.map((b: { date: string; units: string | number }) => [b.date, Number(b.units)])).toEqual([
      [day(2), 4],
      [day(3), 2],
      [day(3), 3],
    ]);
    expect(await reconfirmOpenLines(t.deps, null)).toMatchObject({ moved: 0 });
  });
});

describe('re-confirmed dates reach the ERP', () => {
  test('after a sync moved a promise, orders_out carries the new date', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const b = await order('C1', 15, day(10));
    await t.deps.jobs.drain(); // the intake's own export has run
    const number = (await t.http.get(`/api/orders/${b.id}`).set('authorization', am.auth)).body.number;
    const rowOf = () =>
      fs
        .readFileSync(path.join(t.deps.config.exportDir, 'orders_out.csv'), 'utf8')
        .split(/\r?\n/)
        .find((l) => l.startsWith(`${number},`));
    expect(rowOf()).toContain(`,${day(10)},`);
    writeDrop(t.deps.config.erpDropDir, { supply: drop(day(17)).supply! });
    await syncNow(t, { datasets: ['supply'] });
    await t.deps.jobs.drain();
    expect(rowOf()).toContain(`,${day(17)},`);
  });
});

describe('shipments', () => {
  const SHIPMENT_HEAD = [
    'shipment_ref',
    'line_no',
    'order_ref',
    'order_line_no',
    'sku',
    'quantity',
    'ship_date',
  ];
  /** The ERP ships from stock: its shipment rows, and the stock it has left. */
  async function ship(
    stockLeft: string,
    ...rows: Array<[ref: string, orderNumber: string, quantity: string]>
  ) {
    writeDrop(t.deps.config.erpDropDir, {
      stock: [
        ['sku', 'site_code', 'on_hand'],
        ['V-1', 'P1', stockLeft],
        ['V-2', 'P1', '50'],
      ],
      shipments: [
        SHIPMENT_HEAD,
        ...rows.map(([ref, number, qty]) => [ref, '1', number, '1', 'V-1', qty, today]),
      ],
    });
    await syncNow(t, { datasets: ['stock', 'shipments'] });
    await t.deps.jobs.drain();
  }
  const numberOf = async (orderId: string): Promise<string> =>
    (await t.http.get(`/api/orders/${orderId}`).set('authorization', am.auth)).body.number;

  test('a partly shipped line reserves only the rest, keeps its dates, says why, and the stock it left is not counted twice', async () => {
    const a = await order('C1', 5, today); // the 5 in stock
    const b = await order('C1', 15, day(10)); // 15 of PR-1's 20: 5 left on day 10
    await ship('3', ['SH-1', await numberOf(a.id), '2']);

    const la = await line(a.id);
    expect(la).toMatchObject({
      open: true,
      shippedQuantity: 2,
      confirmedDate: today,
      confirmations: [{ date: today, quantity: 3 }],
    });
    expect(la.promiseHistory.at(-1)).toMatchObject({
      version: 2,
      changedBy: 'reconfirmation',
      confirmations: [{ date: today, quantity: 3 }],
    });
    expect(la.promiseHistory.at(-1).reason).toContain('2 of 5 shipped');
    expect(la.slipped).toBeNull();
    expect((await line(b.id)).promiseHistory).toHaveLength(1);
    // 3 in stock less A's 3, plus PR-1's 20 less B's 15: 5 on day 10 (reserving all of A's 5 would leave 3).
    const c = await order('C2', 5, day(10));
    expect(c.lines[0]!.confirmations).toEqual([{ date: day(10), quantity: 5 }]);

    expect(await reconfirmOpenLines(t.deps, null)).toMatchObject({ moved: 0 });
  });

  test("a partly shipped line's new quantity is promised less what shipped; less than shipped is refused and changes nothing", async () => {
    const a = await order('C1', 5, today);
    await ship('3', ['SH-1', await numberOf(a.id), '2']);
    const change = (quantity: number) =>
      t.http
        .patch(`/api/orders/${a.id}/lines/1`)
        .set('authorization', am.auth)
        .send({ quantity, reason: 'customer call' });

    const refused = await change(1);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'business_rule',
      details: [{ path: '/quantity', message: 'at least 2' }],
    });
    expect(await line(a.id)).toMatchObject({ quantity: 5, confirmations: [{ date: today, quantity: 3 }] });

    const res = await change(8); // 6 to ship: the 3 in stock today, 3 of PR-1 on day 10
    expect(res.status).toBe(200);
    expect(res.body.lines[0]).toMatchObject({
      quantity: 8,
      shippedQuantity: 2,
      confirmations: [
        { date: today, quantity: 3 },
        { date: day(10), quantity: 3 },
      ],
    });
  });

  test('a line shipped in full closes and reserves nothing; the same shipments again change nothing', async () => {
    const a = await order('C1', 5, today);
    const number = await numberOf(a.id);
    await ship('0', ['SH-1', number, '2'], ['SH-2', number, '3']);

    const la = await line(a.id);
    expect(la).toMatchObject({ open: false, shippedQuantity: 5, confirmations: [] });
    expect(la.promiseHistory.at(-1)).toMatchObject({ changedBy: 'reconfirmation', confirmations: [] });
    expect(la.promiseHistory.at(-1).reason).toContain('shipped in full');
    const versions = la.promiseHistory.length;
    // A closed line cannot change, and the answer says why rather than that it is not there.
    const change = await t.http
      .patch(`/api/orders/${a.id}/lines/1`)
      .set('authorization', am.auth)
      .send({ quantity: 6, reason: 'one more' });
    expect(change.status).toBe(409);
    // Shipped in full, the order's status followed its shipments to shipped: the answer says so.
    expect(change.body.error.message).toBe('The lines of a shipped order cannot change');

    await ship('0', ['SH-1', number, '2'], ['SH-2', number, '3']);
    expect(await reconfirmOpenLines(t.deps, null)).toMatchObject({ moved: 0 });
    expect((await line(a.id)).promiseHistory).toHaveLength(versions);
    // Nothing of the stock (now 0) is held for A: PR-1 serves the next order on day 10.
    const b = await order('C2', 20, today);
    expect(b.lines[0]!.confirmations).toEqual([{ date: day(10), quantity: 20 }]);
  });
});

describe("each site's own today", () => {
  /** A zone whose date is not UTC's right now: 14 hours ahead from 10:00 UTC on, 12 hours behind before noon. */
  const zone = currentTime().getUTCHours() >= 12 ? 'Pacific/Kiritimati' : 'Etc/GMT+12';

  test("a line promised for its site's today keeps it, and one whose date has passed at its site moves, whatever UTC's date", async () => {
    const siteToday = todayIn(zone);
    expect(siteToday).not.toBe(today); // the test means something only when the dates differ
    const now = nowIso();
    await t.deps.db('sites').insert({
      site_code: 'P9',
      name: 'Far plant',
      timezone: zone,
      row_hash: 'x',
      created_at: now,
      updated_at: now,
    });
    await t.deps
      .db('erp_stock')
      .insert({ sku: 'V-2', site_code: 'P9', on_hand: '20', blocked: '0', row_hash: 'x', updated_at: now });
    const farOrder = async (quantity: number, requestedDate: string) => {
      const res = await t.http
        .post('/api/orders')
        .set('authorization', am.auth)
        .send({ accountId: accounts.C1, lines: [{ sku: 'V-2', quantity, requestedDate, site: 'P9' }] });
      expect(res.status).toBe(201);
      return res.body as { id: string; lines: Array<{ id: string; confirmedDate: string }> };
    };
    const kept = await farOrder(2, siteToday);
    expect(kept.lines[0]!.confirmedDate).toBe(siteToday);
    const home = await order('C1', 5, today); // P1 counts in UTC
    // A promise dated the site's yesterday: it passed there without shipment.
    const passed = await farOrder(3, siteToday);
    const yesterday = addDays(siteToday, -1);
    await t.deps
      .db('order_line_confirmations')
      .where({ order_line_id: passed.lines[0]!.id })
      .update({ date: yesterday });
    await t.deps
      .db('order_lines')
      .where({ id: passed.lines[0]!.id })
      .update({ confirmed_date: yesterday, held_confirmations: `${yesterday}:3000` });

    expect(await reconfirmOpenLines(t.deps, null)).toMatchObject({ moved: 1 });
    expect((await line(kept.id)).promiseHistory).toHaveLength(1);
    expect((await line(home.id)).promiseHistory).toHaveLength(1);
    const moved = await line(passed.id);
    expect(moved.confirmedDate).toBe(siteToday);
    expect(moved.promiseHistory.at(-1).reason).toContain(
      `the promised date ${yesterday} passed without shipment`,
    );
    expect(await reconfirmOpenLines(t.deps, null)).toMatchObject({ moved: 0 });
  });
});
