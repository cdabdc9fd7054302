import { addDays, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import {
  addErpDemand,
  addSupply,
  createItem,
  createPlace,
  createSite,
  setStock,
} from '../support/erp-factories';
import { createAccount, createCustomer, TestUser } from '../support/factories';

const T = todayIso();
const day = (n: number): string => addDays(T, n);

const t = useTestApp();
const planner = t.user('planner');
const am = t.user('account_manager');

interface Bucket {
  date: string;
  receipts: number;
  demand: number;
  atp: number;
}

async function availability(sku: string, query: Record<string, string>, user: TestUser = planner) {
  return t.http
    .get(`/api/items/${encodeURIComponent(sku)}/availability`)
    .query(query)
    .set('authorization', user.auth);
}

async function bucketsOf(
  sku: string,
  site: string,
  range: { from?: string; to?: string } = {},
): Promise<Bucket[]> {
  const res = await availability(sku, { site, ...range });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ sku, site });
  return res.body.buckets as Bucket[];
}

describe('GET /api/items/:sku/availability', () => {
  test('stock less blocked, past-due receipts and demand folded into today, receipts and ERP demand give exact daily buckets', async () => {
    const { sku, site } = await createPlace(t.deps.db, { makeOrBuy: 'buy', leadTimeDays: 30 });
    const db = t.deps.db;
    await setStock(db, sku, site, '50', '7.5');
    await addSupply(db, { sku, site, qty: 10, dueDate: day(-3) });
    await addSupply(db, { sku, site, qty: 20, dueDate: day(5), kind: 'production' });
    await addSupply(db, { sku, site, qty: 15, dueDate: day(12), kind: 'transfer' });
    await addErpDemand(db, { sku, site, qty: '6.5', dueDate: day(-2) });
    await addErpDemand(db, { sku, site, qty: 30, dueDate: day(3) });
    await addErpDemand(db, { sku, site, qty: 5, dueDate: day(10) });
    await addErpDemand(db, { sku, site, qty: 5, dueDate: day(20) });
    // Noise that must not count: a closed receipt, another site's stock and demand.
    await addSupply(db, { sku, site, qty: 999, dueDate: day(4), closedAt: new Date().toISOString() });
    const elsewhere = await createSite(db);
    await setStock(db, sku, elsewhere, 1000);
    await addErpDemand(db, { sku, site: elsewhere, qty: 500, dueDate: day(1) });

    // today: receipts = (50 - 7.5) on hand + 10 past-due = 52.5; demand 6.5 past-due; S-D = 46
    // D+3: demand 30 -> 16;  D+5: receipt 20 -> 36;  D+10: demand 5 -> 31;  D+12: receipt 15 -> 46;  D+20: demand 5 -> 41
    // ATP = suffix minimum: D+20 41, D+12 41, D+10 31, D+5 31, D+3 16, today 16.
    expect(await bucketsOf(sku, site)).toEqual([
      { date: T, receipts: 52.5, demand: 6.5, atp: 16 },
      { date: day(3), receipts: 0, demand: 30, atp: 16 },
      { date: day(5), receipts: 20, demand: 0, atp: 31 },
      { date: day(10), receipts: 0, demand: 5, atp: 31 },
      { date: day(12), receipts: 15, demand: 0, atp: 41 },
      { date: day(20), receipts: 0, demand: 5, atp: 41 },
    ]);
  });

  test('blocked stock is never available: fully blocked stock leaves an ATP of 0', async () => {
    const { sku, site } = await createPlace(t.deps.db);
    await setStock(t.deps.db, sku, site, 12, 12);
    expect(await bucketsOf(sku, site)).toEqual([{ date: T, receipts: 0, demand: 0, atp: 0 }]);
  });

  test('from/to: a window holds the buckets inside it plus from, and a shortage after to still lowers the ATP inside it', async () => {
    const { sku, site } = await createPlace(t.deps.db);
    const db = t.deps.db;
    await setStock(db, sku, site, 10);
    await addSupply(db, { sku, site, qty: 20, dueDate: day(5) });
    await addErpDemand(db, { sku, site, qty: 8, dueDate: day(2) });
    await addErpDemand(db, { sku, site, qty: 21, dueDate: day(15) });
    // S-D: today 10, D+2 2, D+5 22, D+15 1 -> ATP: D+15 1, D+5 1, D+2 1, today 1.
    // Window D+1..D+6: from D+1 (no bucket of its own: ATP as of today's bucket, 1), D+2, D+5.
    // Without the D+15 demand the ATP on D+5 would be 22: the shortage after `to` caps it at 1.
    expect(await bucketsOf(sku, site, { from: day(1), to: day(6) })).toEqual([
      { date: day(1), receipts: 0, demand: 0, atp: 1 },
      { date: day(2), receipts: 0, demand: 8, atp: 1 },
      { date: day(5), receipts: 20, demand: 0, atp: 1 },
    ]);
    // A window that starts on a bucket does not repeat it.
    expect(await bucketsOf(sku, site, { from: day(5), to: day(5) })).toEqual([
      { date: day(5), receipts: 20, demand: 0, atp: 1 },
    ]);
  });

  test('an unknown sku answers 404', async () => {
    const site = await createSite(t.deps.db);
    const res = await availability('NO-SUCH-SKU-4711', { site });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  test('a customer user is refused with 403', async () => {
    const { sku, site } = await createPlace(t.deps.db);
    const customer = await createCustomer(t.deps.db);
    const res = await availability(sku, { site }, customer);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });

  test('ERP demand whose crm_order_ref names a FactoryDesk order line is that line, not more demand', async () => {
    const db = t.deps.db;
    const { sku, site } = await createPlace(t.deps.db);
    await setStock(db, sku, site, 10);
    await addSupply(db, { sku, site, qty: 20, dueDate: day(10) });
    const account = await createAccount(db);
    const order = await t.http
      .post('/api/orders')
      .set('authorization', am.auth)
      .send({ accountId: account.id, site, lines: [{ sku, quantity: 4, requestedDate: day(2) }] });
    expect(order.status).toBe(201);
    // S-D: today 10, D+2 6, D+10 26 -> ATP today 6, D+2 6, D+10 26.
    const taken = [
      { date: T, receipts: 10, demand: 0, atp: 6 },
      { date: day(2), receipts: 0, demand: 4, atp: 6 },
      { date: day(10), receipts: 20, demand: 0, atp: 26 },
    ];
    expect(await bucketsOf(sku, site)).toEqual(taken);

    // The nightly sync brings the order back as ERP demand, naming the line: nothing changes.
    await addErpDemand(db, {
      sku,
      site,
      qty: 4,
      dueDate: day(2),
      crmOrderRef: `${order.body.number}/1`,
      erpCustomerId: account.erp_customer_id,
    });
    expect(await bucketsOf(sku, site)).toEqual(taken);

    // ERP demand naming no FactoryDesk line (an order taken in the ERP) is demand: 3 more on D+3.
    // S-D: today 10, D+2 6, D+3 3, D+10 23 -> ATP 3, 3, 3, 23.
    await addErpDemand(db, { sku, site, qty: 3, dueDate: day(3), crmOrderRef: `${order.body.number}/2` });
    expect(await bucketsOf(sku, site)).toEqual([
      { date: T, receipts: 10, demand: 0, atp: 3 },
      { date: day(2), receipts: 0, demand: 4, atp: 3 },
      { date: day(3), receipts: 0, demand: 3, atp: 3 },
      { date: day(10), receipts: 20, demand: 0, atp: 23 },
    ]);
  });

  test('an item without any stock, supply or demand has one bucket, from, with ATP 0', async () => {
    const site = await createSite(t.deps.db);
    const sku = await createItem(t.deps.db);
    expect(await bucketsOf(sku, site, { from: day(7) })).toEqual([
      { date: day(7), receipts: 0, demand: 0, atp: 0 },
    ]);
  });
});
