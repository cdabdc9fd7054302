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
import { createAccount, createCustomer, createTestUser, uniq } from '../support/factories';
import {
  atpOnDate,
  bucketsOf,
  countRows,
  firstCoveringDate,
  Order,
  placeOrder,
  postOrder,
  readOrder,
} from './helpers';

const T = todayIso();
const day = (n: number): string => addDays(T, n);

const t = useTestApp();
const am = t.user('account_manager');

const ordersOf = (accountId: string) =>
  countRows(t.deps.db, 'orders', (q) => q.where({ account_id: accountId }));
const confirmationsOf = (sku: string) =>
  countRows(t.deps.db, 'order_line_confirmations', (q) => q.where({ sku }));

describe('POST /api/orders', () => {
  test('an account manager places an order: it is confirmed on the dates availability showed, and availability then shows the reservation', async () => {
    const db = t.deps.db;
    const site = await createSite(db);
    const a = await createItem(db, { makeOrBuy: 'buy', leadTimeDays: 30 });
    const b = await createItem(db, { makeOrBuy: 'buy', leadTimeDays: 30 });
    await setStock(db, a, site, 10);
    await addSupply(db, { sku: a, site, qty: 30, dueDate: day(7) });
    await setStock(db, b, site, 8);
    const account = await createAccount(db);

    const before = await bucketsOf(t.http, am, a, site);
    // A: S-D today 10, D+7 40 -> ATP 10, 40.
    expect(before).toEqual([
      { date: T, receipts: 10, demand: 0, atp: 10 },
      { date: day(7), receipts: 30, demand: 0, atp: 40 },
    ]);
    // 25 on D+1 with partial delivery (no shipComplete): ATP(D+1) = 10 ships then, the rest 15 when ATP >= 25 (D+7).
    expect([atpOnDate(before, day(1)), firstCoveringDate(before, 25, day(1))]).toEqual([10, day(7)]);

    const res = await postOrder(t.http, am, {
      accountId: account.id,
      site,
      customerPo: 'PO-4711',
      lines: [
        { sku: a, quantity: 25, requestedDate: day(1) },
        { sku: b, quantity: 3, requestedDate: day(2) },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      number: expect.stringMatching(/^SO-\d{6,}$/),
      status: 'confirmed',
      accountId: account.id,
      customerPo: 'PO-4711',
      shipComplete: false,
      lines: [
        {
          lineNo: 1,
          sku: a,
          site,
          quantity: 25,
          requestedDate: day(1),
          confirmations: [
            { date: day(1), quantity: 10 },
            { date: day(7), quantity: 15 },
          ],
          confirmedDate: day(7),
          dateSource: 'supply',
        },
        // B: 8 on the shelf, 3 on D+2 -> stock.
        {
          lineNo: 2,
          sku: b,
          site,
          quantity: 3,
          requestedDate: day(2),
          confirmations: [{ date: day(2), quantity: 3 }],
          confirmedDate: day(2),
          dateSource: 'stock',
        },
      ],
    });

    // A: demand 10 on D+1, 15 on D+7. S-D today 10, D+1 0, D+7 15 -> ATP 0, 0, 15.
    expect(await bucketsOf(t.http, am, a, site)).toEqual([
      { date: T, receipts: 10, demand: 0, atp: 0 },
      { date: day(1), receipts: 0, demand: 10, atp: 0 },
      { date: day(7), receipts: 30, demand: 15, atp: 15 },
    ]);
    // B: S-D today 8, D+2 5 -> ATP 5, 5.
    expect(await bucketsOf(t.http, am, b, site)).toEqual([
      { date: T, receipts: 8, demand: 0, atp: 5 },
      { date: day(2), receipts: 0, demand: 3, atp: 5 },
    ]);
  });

  test("a make item's order books the plant's capacity, and a later check sees only what is left", async () => {
    const family = uniqFamily();
    const { sku, site } = await createPlace(t.deps.db, { makeOrBuy: 'make', leadTimeDays: 1, family });
    await addCapacity(t.deps.db, family, site, day(2), 6);
    await addCapacity(t.deps.db, family, site, day(4), 6);
    const account = await createAccount(t.deps.db);
    // 4 made on D+2 (of 6).
    const order = await placeOrder(t.http, am, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 4, requestedDate: T }],
    });
    expect(order.lines[0]).toMatchObject({
      confirmations: [{ date: day(2), quantity: 4 }],
      confirmedDate: day(2),
      dateSource: 'capacity',
    });
    const booked = await t.deps.db('capacity_reservations').where({ family }).select('date', 'units');
    expect(booked.map((r: { date: string; units: string | number }) => [r.date, Number(r.units)])).toEqual([
      [day(2), 4],
    ]);
    // 2 left on D+2, so 5 more need D+4 too.
    const check = await t.http
      .post('/api/atp/check')
      .set('authorization', am.auth)
      .send({ site, lines: [{ sku, quantity: 5, requestedDate: T }] });
    expect(check.body.lines[0]).toMatchObject({ confirmedDate: day(4), source: 'capacity' });
  });

  test('a customer orders for its own account (201), but for another account gets 404 and nothing is stored', async () => {
    const { sku, site } = await createPlace(t.deps.db);
    await setStock(t.deps.db, sku, site, 10);
    const customer = await createCustomer(t.deps.db);
    const other = await createAccount(t.deps.db);

    const own = await postOrder(t.http, customer, {
      accountId: customer.account.id,
      site,
      lines: [{ sku, quantity: 2, requestedDate: day(1) }],
    });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ accountId: customer.account.id, status: 'confirmed' });

    const foreign = await postOrder(t.http, customer, {
      accountId: other.id,
      site,
      lines: [{ sku, quantity: 2, requestedDate: day(1) }],
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('not_found');
    expect(await ordersOf(other.id)).toBe(0);
    // Only the own order's confirmation exists.
    expect(await confirmationsOf(sku)).toBe(1);
  });

  test('a planner may not take orders (403)', async () => {
    const { sku, site } = await createPlace(t.deps.db);
    const planner = await createTestUser(t.deps.db, 'planner');
    const account = await createAccount(t.deps.db);
    const res = await postOrder(t.http, planner, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 1, requestedDate: T }],
    });
    expect(res.status).toBe(403);
    expect(await ordersOf(account.id)).toBe(0);
  });

  test('an unknown sku answers 422 naming the line, and nothing is stored', async () => {
    const { sku, site } = await createPlace(t.deps.db);
    await setStock(t.deps.db, sku, site, 10);
    const account = await createAccount(t.deps.db);
    const before = { orders: await ordersOf(account.id), confirmations: await confirmationsOf(sku) };
    const res = await postOrder(t.http, am, {
      accountId: account.id,
      site,
      lines: [
        { sku, quantity: 1, requestedDate: T },
        { sku: 'NO-SUCH-SKU-4711', quantity: 1, requestedDate: T },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([
      { path: '/lines/1/sku', message: expect.stringContaining('NO-SUCH-SKU-4711') },
    ]);
    expect({ orders: await ordersOf(account.id), confirmations: await confirmationsOf(sku) }).toEqual(before);
    expect(before).toEqual({ orders: 0, confirmations: 0 });
  });

  test('an inactive item cannot be ordered (422 naming the line)', async () => {
    const site = await createSite(t.deps.db);
    const sku = await createItem(t.deps.db, { active: false });
    await setStock(t.deps.db, sku, site, 10);
    const account = await createAccount(t.deps.db);
    const res = await postOrder(t.http, am, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 1, requestedDate: T }],
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([{ path: '/lines/0/sku', message: expect.stringContaining(sku) }]);
    expect(await ordersOf(account.id)).toBe(0);
  });

  test('an unknown site answers 422 naming the line, and nothing is stored', async () => {
    const { sku, site } = await createPlace(t.deps.db);
    await setStock(t.deps.db, sku, site, 10);
    const account = await createAccount(t.deps.db);
    const res = await postOrder(t.http, am, {
      accountId: account.id,
      lines: [{ sku, quantity: 1, requestedDate: T, site: 'NO-SUCH-SITE' }],
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([
      { path: '/lines/0/site', message: expect.stringContaining('NO-SUCH-SITE') },
    ]);
    expect(await ordersOf(account.id)).toBe(0);
  });

  test('shipComplete: every line is confirmed whole on the latest date of any line', async () => {
    const db = t.deps.db;
    const site = await createSite(db);
    const a = await createItem(db);
    const b = await createItem(db);
    await setStock(db, a, site, 10);
    await addSupply(db, { sku: b, site, qty: 10, dueDate: day(8) });
    const account = await createAccount(db);
    // Alone, A would be confirmed on D+1 from stock and B on D+8 from the receipt: together both ship on D+8.
    const order = await placeOrder(t.http, am, {
      accountId: account.id,
      site,
      shipComplete: true,
      lines: [
        { sku: a, quantity: 5, requestedDate: day(1) },
        { sku: b, quantity: 5, requestedDate: day(1) },
      ],
    });
    expect(order).toMatchObject({ status: 'confirmed', shipComplete: true });
    expect(order.lines.map((l) => [l.sku, l.confirmations, l.confirmedDate])).toEqual([
      [a, [{ date: day(8), quantity: 5 }], day(8)],
      [b, [{ date: day(8), quantity: 5 }], day(8)],
    ]);
    // The reservation of A moved with it: S-D today 10, D+8 5 -> ATP 5, 5.
    expect(await bucketsOf(t.http, am, a, site)).toEqual([
      { date: T, receipts: 10, demand: 0, atp: 5 },
      { date: day(8), receipts: 0, demand: 5, atp: 5 },
    ]);
  });

  test('decimal quantities are exact: orders of 0.1 and 0.2 take all of 0.3 on the shelf, leaving an ATP of exactly 0', async () => {
    const { sku, site } = await createPlace(t.deps.db, { makeOrBuy: 'buy', leadTimeDays: 5 });
    await setStock(t.deps.db, sku, site, '0.3');
    const account = await createAccount(t.deps.db);
    for (const quantity of [0.1, 0.2]) {
      const order = await placeOrder(t.http, am, {
        accountId: account.id,
        site,
        lines: [{ sku, quantity, requestedDate: T }],
      });
      expect(order.lines[0]).toMatchObject({
        quantity,
        confirmations: [{ date: T, quantity }],
        dateSource: 'stock',
      });
    }
    // In binary floating point 0.3 - 0.1 - 0.2 is -2.8e-17, an over-promise; summed in thousandths it is exactly 0.
    expect(await bucketsOf(t.http, am, sku, site)).toEqual([{ date: T, receipts: 0.3, demand: 0.3, atp: 0 }]);
    const last = await placeOrder(t.http, am, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 0.001, requestedDate: T }],
    });
    expect(last.lines[0]).toMatchObject({
      confirmations: [{ date: day(5), quantity: 0.001 }],
      dateSource: 'lead_time',
    });
  });

  test('a line nothing covers within the horizon leaves the order a draft, the line without a date', async () => {
    // A 400-day lead time ends beyond the 365-day horizon; nothing on the shelf.
    const { sku, site } = await createPlace(t.deps.db, { makeOrBuy: 'buy', leadTimeDays: 400 });
    const account = await createAccount(t.deps.db);
    const order = await placeOrder(t.http, am, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 3, requestedDate: day(1) }],
    });
    expect(order.status).toBe('draft');
    expect(order.lines[0]).toMatchObject({ confirmations: [], confirmedDate: null, dateSource: 'none' });
    expect(await confirmationsOf(sku)).toBe(0);
  });

  test('order numbers are unique and increase with every order taken', async () => {
    const { sku, site } = await createPlace(t.deps.db);
    await setStock(t.deps.db, sku, site, 10);
    const account = await createAccount(t.deps.db);
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++)
      numbers.push(
        (
          await placeOrder(t.http, am, {
            accountId: account.id,
            site,
            lines: [{ sku, quantity: 1, requestedDate: T }],
          })
        ).number,
      );
    expect(new Set(numbers).size).toBe(3);
    for (const n of numbers) expect(n).toMatch(/^SO-\d{6,}$/);
    // Other test files take orders in parallel on this database: increasing, not necessarily consecutive
    // (race.test.ts checks gapless numbering on a database of its own).
    const values = numbers.map((n) => Number(n.slice(3)));
    expect(values).toEqual([...values].sort((x, y) => x - y));
    expect(values[0]! < values[1]! && values[1]! < values[2]!).toBe(true);
  });
});

describe('GET /api/orders/:id', () => {
  test('shows the lines with their confirmations, promise history v1 from intake, and the status history', async () => {
    const { sku, site } = await createPlace(t.deps.db);
    await setStock(t.deps.db, sku, site, 4);
    await addSupply(t.deps.db, { sku, site, qty: 10, dueDate: day(5) });
    const account = await createAccount(t.deps.db);
    const placed = await placeOrder(t.http, am, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 6, requestedDate: day(2) }],
    });

    const order = await readOrder(t.http, am, placed.id);
    // ATP(D+2) = 4 < 6: 4 on D+2, 2 on D+5.
    const confirmations = [
      { date: day(2), quantity: 4 },
      { date: day(5), quantity: 2 },
    ];
    expect(order).toMatchObject({
      id: placed.id,
      number: placed.number,
      accountId: account.id,
      status: 'confirmed',
      shipments: [],
    });
    expect(order.lines).toHaveLength(1);
    expect(order.lines[0]).toMatchObject({
      lineNo: 1,
      sku,
      site,
      quantity: 6,
      requestedDate: day(2),
      confirmations,
      confirmedDate: day(5),
      dateSource: 'supply',
      open: true,
    });
    expect(order.lines[0]!.promiseHistory).toEqual([
      {
        version: 1,
        at: expect.any(String),
        changedBy: 'intake',
        actorId: am.id,
        reason: 'order intake',
        requestedDate: day(2),
        quantity: 6,
        confirmations,
        confirmedDate: day(5),
        dateSource: 'supply',
      },
    ]);
    expect(order.statusHistory).toEqual([
      { from: null, to: 'confirmed', at: expect.any(String), actorId: am.id, reason: 'order intake' },
    ]);
    // What POST answered is what GET reads.
    expect(order).toEqual(placed);
  });

  test("shows the ERP's shipments of the order, matched by its number", async () => {
    const { sku, site } = await createPlace(t.deps.db);
    await setStock(t.deps.db, sku, site, 10);
    const account = await createAccount(t.deps.db);
    const placed = await placeOrder(t.http, am, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 5, requestedDate: T }],
    });
    const shipmentRef = uniq('SH');
    await t.deps.db('erp_shipments').insert({
      shipment_ref: shipmentRef,
      line_no: 1,
      order_ref: placed.number,
      order_line_no: 1,
      sku,
      quantity: '2.5',
      ship_date: T,
      carrier: 'DHL Freight',
      tracking_no: 'TRK-1',
      delivered_date: null,
      row_hash: 'a'.repeat(40),
      updated_at: new Date().toISOString(),
    });
    const order = await t.http.get(`/api/orders/${placed.id}`).set('authorization', am.auth);
    expect(order.body.shipments).toEqual([
      {
        shipmentRef,
        lineNo: 1,
        orderLineNo: 1,
        sku,
        quantity: 2.5,
        shipDate: T,
        carrier: 'DHL Freight',
        trackingNo: 'TRK-1',
        deliveredDate: null,
      },
    ]);
  });

  test("a customer reading another account's order gets 404, exactly as for a missing one", async () => {
    const { sku, site } = await createPlace(t.deps.db);
    await setStock(t.deps.db, sku, site, 4);
    const other = await createAccount(t.deps.db);
    const theirs = await placeOrder(t.http, am, {
      accountId: other.id,
      site,
      lines: [{ sku, quantity: 1, requestedDate: T }],
    });
    const customer = await createCustomer(t.deps.db);
    const foreign = await t.http.get(`/api/orders/${theirs.id}`).set('authorization', customer.auth);
    const missing = await t.http
      .get('/api/orders/00000000-0000-4000-8000-000000000000')
      .set('authorization', customer.auth);
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    expect(foreign.body.error.message).toBe(missing.body.error.message);
  });
});

describe('GET /api/orders', () => {
  test("a customer lists only its own account's orders, whatever accountId it asks for", async () => {
    const { sku, site } = await createPlace(t.deps.db);
    await setStock(t.deps.db, sku, site, 10);
    const customer = await createCustomer(t.deps.db);
    const other = await createAccount(t.deps.db);
    const mine: Order[] = [];
    for (let i = 0; i < 2; i++)
      mine.push(
        await placeOrder(t.http, customer, {
          accountId: customer.account.id,
          site,
          lines: [{ sku, quantity: 1, requestedDate: T }],
        }),
      );
    await placeOrder(t.http, am, {
      accountId: other.id,
      site,
      lines: [{ sku, quantity: 1, requestedDate: T }],
    });

    const list = await t.http.get('/api/orders').set('authorization', customer.auth);
    expect(list.status).toBe(200);
    expect(list.body.items.map((o: Order) => o.id).sort()).toEqual(mine.map((o) => o.id).sort());
    const foreign = await t.http
      .get('/api/orders')
      .query({ accountId: other.id })
      .set('authorization', customer.auth);
    expect(foreign.body.items).toEqual([]);
    // Staff filtering by that account see its order.
    const staff = await t.http
      .get('/api/orders')
      .query({ accountId: other.id })
      .set('authorization', am.auth);
    expect(staff.body.items).toHaveLength(1);
  });
});
