import fs from 'node:fs';
import path from 'node:path';
import { addDays, todayIso } from '../../src/shared/time';
import { isolatedTestContext, TestContext } from '../support/app';
import { addSupply, createItem, createSite, setStock } from '../support/erp-factories';
import { createAccount, createTestUser, TestUser } from '../support/factories';
import { syncNow, writeDrop } from '../erp/erp-drop';
import { act, addPrice, createQuote } from '../quotes/helpers';
import { placeOrder } from './helpers';

/*
 * Issue 15 items 1, 2 and 6: dates by Incoterm, milestones and the order status from the ERP's
 * shipments, non-catalog lines in orders_out and direct orders priced. An isolated database: the
 * shipment syncs publish erp.synced, which re-confirms every open line there is.
 */

let t: TestContext;
let am: TestUser;
const T = todayIso();
const day = (n: number): string => addDays(T, n);

beforeAll(async () => {
  t = await isolatedTestContext();
  am = await createTestUser(t.deps.db, 'account_manager');
});
afterAll(() => t.close());

async function addLane(site: string, country: string, transitDays: number): Promise<void> {
  await t.deps.db('erp_transit_lanes').insert({
    site_code: site,
    country,
    transit_days: transitDays,
    mode: 'road',
    carrier: null,
    row_hash: 'a'.repeat(40),
    updated_at: new Date().toISOString(),
  });
}

/** A customer in `country` whose quote defaults name `incoterm`, so its direct orders take it. */
async function accountIn(country: string, incoterm: string | null, place: string | null = 'Ravenna') {
  return createAccount(t.deps.db, {
    country,
    ...({ default_incoterm: incoterm, default_incoterm_place: incoterm ? place : null } as object),
  });
}

/** An item at a new site with nothing in stock and 10 arriving on day 10. */
async function itemArrivingOnDay10() {
  const site = await createSite(t.deps.db);
  const sku = await createItem(t.deps.db, { makeOrBuy: 'buy', leadTimeDays: 60 });
  await setStock(t.deps.db, sku, site, 0);
  const ref = await addSupply(t.deps.db, { sku, site, qty: 10, dueDate: day(10) });
  return { site, sku, ref };
}

describe('dates by Incoterm', () => {
  test('a DAP line is promised on its arrival date: ATP is asked for requested - transit, and the promise is ship date + transit', async () => {
    const { site, sku } = await itemArrivingOnDay10();
    await addLane(site, 'IT', 4);
    const account = await accountIn('IT', 'DAP');
    // Arrival wanted on day 8 -> ship by day 4 (8 - 4). ATP(4) = 0, ATP(10) = 10: ships on day 10,
    // arrives on day 14 (10 + 4), and day 14 is the promise.
    const order = await placeOrder(t.http, am, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 10, requestedDate: day(8) }],
    });
    expect(order.lines[0]).toMatchObject({
      requestedDate: day(8),
      confirmations: [{ date: day(10), quantity: 10 }],
      shipDate: day(10),
      arrivalDate: day(14),
      promisedBy: 'arrival',
      confirmedDate: day(14),
      notes: null,
    });
    expect(order).toMatchObject({ terms: { incoterm: 'DAP', incotermPlace: 'Ravenna' } });
  });

  test('a D-term line whose arrival fits: requested day 14 asks ATP for day 10 and is promised on day 14, not day 18', async () => {
    const { site, sku } = await itemArrivingOnDay10();
    await addLane(site, 'IT', 4);
    const account = await accountIn('IT', 'DDP');
    const order = await placeOrder(t.http, am, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 10, requestedDate: day(14) }],
    });
    expect(order.lines[0]).toMatchObject({ shipDate: day(10), arrivalDate: day(14), confirmedDate: day(14) });
  });

  test('under an F or E term the ship date is the promise; the arrival date is shown beside it', async () => {
    const { site, sku } = await itemArrivingOnDay10();
    await addLane(site, 'IT', 4);
    const account = await accountIn('IT', 'FCA');
    const order = await placeOrder(t.http, am, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 10, requestedDate: day(8) }],
    });
    expect(order.lines[0]).toMatchObject({
      shipDate: day(10),
      arrivalDate: day(14),
      promisedBy: 'ship',
      confirmedDate: day(10),
    });
  });

  test('a D-term line without a lane falls back to its ship date, asks ATP for the requested date, and says which lane is missing', async () => {
    const { site, sku } = await itemArrivingOnDay10();
    const account = await accountIn('JP', 'DAP', 'Osaka');
    const order = await placeOrder(t.http, am, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 10, requestedDate: day(10) }],
    });
    expect(order.lines[0]).toMatchObject({
      confirmations: [{ date: day(10), quantity: 10 }],
      shipDate: day(10),
      arrivalDate: null,
      promisedBy: 'ship',
      confirmedDate: day(10),
    });
    expect((order.lines[0] as unknown as { notes: string }).notes).toBe(
      `no transit lane from ${site} to JP: DAP line promised on its ship date`,
    );
  });

  test('a DAP quote is dated on arrival: quotedDate = ship date + transit', async () => {
    const { site, sku } = await itemArrivingOnDay10();
    await addLane(site, 'IT', 4);
    const account = await accountIn('IT', null);
    const quote = await createQuote(t.http, am, {
      accountId: account.id,
      terms: { incoterm: 'DAP', incotermPlace: 'Ravenna' },
      lines: [{ sku, site, quantity: 10, requestedDate: day(8) }],
    });
    expect(quote.lines[0]).toMatchObject({
      shipDate: day(10),
      arrivalDate: day(14),
      promisedBy: 'arrival',
      quotedDate: day(14),
    });
  });
});

describe('direct orders are priced like quotes', () => {
  test("an order entered directly gets the agreement price, the account's terms and a total", async () => {
    const { site, sku } = await itemArrivingOnDay10();
    await setStock(t.deps.db, sku, site, 20);
    const account = await accountIn('DE', 'EXW', 'Ravenna');
    await addPrice(t.deps.db, { sku, erpCustomerId: account.erp_customer_id!, unitPrice: '8.25' });
    const order = await placeOrder(t.http, am, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 3, requestedDate: day(1) }],
    });
    // 3 x 8.25 = 24.75 (the item's list price, 10, is not used: the agreement wins).
    expect(order).toMatchObject({
      currency: 'EUR',
      total: 24.75,
      terms: { paymentTerms: 'NET30', incoterm: 'EXW', incotermPlace: 'Ravenna' },
      lines: [{ unitPrice: 8.25, discountPct: 0, netPrice: 8.25, lineTotal: 24.75 }],
    });
  });
});

describe('milestones and the order status from ERP shipments', () => {
  const HEAD = [
    'shipment_ref',
    'line_no',
    'order_ref',
    'order_line_no',
    'sku',
    'quantity',
    'ship_date',
    'delivered_date',
  ];
  let run = 0;
  async function shipments(rows: string[][]) {
    run++;
    writeDrop(path.join(t.deps.config.erpDropDir), { shipments: [HEAD, ...rows] });
    const r = await syncNow(t, { datasets: ['shipments'] });
    expect(r.status).toBe('succeeded');
    await t.deps.jobs.drain();
  }
  const read = async (id: string) =>
    (await t.http.get(`/api/orders/${id}`).set('authorization', am.auth)).body as {
      status: string;
      milestone: string | null;
      lines: Array<{ milestone: string; shippedQuantity: number; deliveredQuantity: number }>;
      statusHistory: Array<{ to: string; reason: string | null }>;
    };

  test('the order status follows partial and full shipments and deliveries without anyone setting it', async () => {
    const site = await createSite(t.deps.db);
    const a = await createItem(t.deps.db);
    const b = await createItem(t.deps.db);
    await setStock(t.deps.db, a, site, 50);
    await setStock(t.deps.db, b, site, 50);
    const account = await accountIn('DE', null);
    const order = await placeOrder(t.http, am, {
      accountId: account.id,
      site,
      lines: [
        { sku: a, quantity: 5, requestedDate: T },
        { sku: b, quantity: 3, requestedDate: T },
      ],
    });
    const n = order.number;
    const tag = `${n}-${run}`;
    await shipments([[`SH-${tag}-1`, '1', n, '1', a, '2', T, '']]);
    let o = await read(order.id);
    expect(o.status).toBe('partially_shipped');
    expect(o.lines.map((l) => [l.milestone, l.shippedQuantity, l.deliveredQuantity])).toEqual([
      ['partially_shipped', 2, 0],
      ['confirmed', 0, 0],
    ]);
    expect(o.statusHistory.at(-1)).toMatchObject({ to: 'partially_shipped' });
    expect(o.statusHistory.at(-1)!.reason).toContain("ERP's shipments");

    // The rest ships: every line in full -> shipped (after re-confirmation closed the lines).
    await shipments([
      [`SH-${tag}-1`, '1', n, '1', a, '2', T, ''],
      [`SH-${tag}-2`, '1', n, '1', a, '3', T, ''],
      [`SH-${tag}-2`, '2', n, '2', b, '3', T, ''],
    ]);
    o = await read(order.id);
    expect(o.status).toBe('shipped');
    expect(o.milestone).toBe('shipped');

    // One shipment delivered: the line is partly delivered, the order stays shipped.
    await shipments([[`SH-${tag}-1`, '1', n, '1', a, '2', T, day(2)]]);
    o = await read(order.id);
    expect(o.status).toBe('shipped');
    expect(o.lines.map((l) => l.milestone)).toEqual(['partially_delivered', 'shipped']);
    expect(o.milestone).toBe('partially_delivered');

    // Everything delivered: the order is delivered.
    await shipments([
      [`SH-${tag}-2`, '1', n, '1', a, '3', T, day(3)],
      [`SH-${tag}-2`, '2', n, '2', b, '3', T, day(3)],
    ]);
    o = await read(order.id);
    expect(o.status).toBe('delivered');
    expect(o.lines.map((l) => [l.milestone, l.deliveredQuantity])).toEqual([
      ['delivered', 5],
      ['delivered', 3],
    ]);
    expect(o.statusHistory.map((h) => h.to)).toEqual([
      'confirmed',
      'partially_shipped',
      'shipped',
      'delivered',
    ]);

    // The same data again moves nothing.
    await shipments([[`SH-${tag}-1`, '1', n, '1', a, '2', T, day(2)]]);
    expect((await read(order.id)).statusHistory).toHaveLength(4);
  });

  test('a status set by hand stands where the ERP says nothing; a line covered by released supply is in production', async () => {
    const { site, sku, ref } = await itemArrivingOnDay10();
    await t.deps.db('erp_supply').where({ ref }).update({ status: 'released' });
    const account = await accountIn('DE', null);
    const order = await placeOrder(t.http, am, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 4, requestedDate: day(10) }],
    });
    expect(order.lines[0]).toMatchObject({ dateSource: 'supply', milestone: 'in_production' });
    const moved = await t.http
      .post(`/api/orders/${order.id}/status`)
      .set('authorization', am.auth)
      .send({ status: 'in_production', reason: 'started early' });
    expect(moved.status).toBe(200);
    await shipments([]);
    expect((await read(order.id)).status).toBe('in_production');
  });
});

describe('non-catalog lines reach the ERP', () => {
  test("an accepted quote's non-catalog line is exported in orders_out, described and dated, beside the catalog line", async () => {
    const { site, sku } = await itemArrivingOnDay10();
    await setStock(t.deps.db, sku, site, 20);
    const account = await accountIn('DE', null);
    const customer = await createTestUser(t.deps.db, 'customer', account.id);
    const quote = await createQuote(t.http, am, {
      accountId: account.id,
      terms: { incoterm: 'EXW', incotermPlace: 'Ravenna' },
      lines: [
        { sku, site, quantity: 2, requestedDate: day(1), unitPrice: 10 },
        {
          description: 'Flange adapter DN80/DN100',
          quantity: 4,
          requestedDate: day(5),
          unitPrice: 55,
          leadTimeDays: 20,
        },
      ],
    });
    expect((await act(t.http, am, quote.id, 'send')).status).toBe(200);
    const accepted = await act(t.http, customer, quote.id, 'accept', { revision: 1 });
    expect(accepted.status).toBe(201);
    await t.deps.jobs.drain();
    const order = (await t.http.get(`/api/orders/${accepted.body.orderId}`).set('authorization', am.auth))
      .body;

    const [header, ...data] = fs
      .readFileSync(path.join(t.deps.config.exportDir, 'orders_out.csv'), 'utf8')
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(','));
    const col = (name: string) => header!.indexOf(name);
    const mine = data.filter((r) => r[col('order_number')] === order.number);
    expect(
      mine.map((r) => [r[col('line_no')], r[col('sku')], r[col('description')], r[col('quantity')]]),
    ).toEqual([
      ['1', sku, `Test item ${sku}`, '2'],
      ['2', '', 'Flange adapter DN80/DN100', '4'],
    ]);
    // Dated by its lead time from today (20 days, later than requested), priced as quoted: 4 x 55.
    expect(mine[1]![col('confirmed_date')]).toBe(day(20));
    expect(mine[1]![col('ship_date')]).toBe(day(20));
    expect(mine[1]![col('line_total')]).toBe('220');
    expect(mine[1]![col('promised_by')]).toBe('ship');
  });
});
