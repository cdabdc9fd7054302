import { addDays, todayIso } from '../../src/shared/time';
import { isolatedTestContext, type TestContext } from '../support/app';
import { createItem, createSite } from '../support/erp-factories';
import { createAccount, createTestUser, type TestUser } from '../support/factories';
import { addOrder } from './scenario';

/*
 * Three accounts on a database of their own (last year's class ranks every account), dated back
 * from today:
 *   P: 10 @ 100.00 = 1000 ordered 500 days ago (the year before), 1 @ 100.00 = 100 ordered 100
 *      days ago and re-promised once later; two complaints opened today.
 *      Last year P made 1000 of 1050 → class A; now 100 < 500 → value halved; 2 complaints
 *      against 0 → complaints rising. Trend (100 − 1000) / 1000 = −90.0 %.
 *   Q: 1 @ 50.00 500 days ago and 1 @ 60.00 30 days ago: last year before it 1000 of 1050 (95.2 %)
 *      → C; trend +20.0 %; no signal.
 *   R: 1 @ 1.00 on each of 200, 190 and 180 days ago: usual interval 10 days, silent for 180 > 20
 *      → overdue.
 */

let t: TestContext;
let admin: TestUser;
let customer: TestUser;
const today = todayIso();
const ago = (days: number) => addDays(today, -days);
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await isolatedTestContext();
  const { db } = t.deps;
  admin = await createTestUser(db, 'admin');
  const site = await createSite(db);
  const sku = await createItem(db, { family: 'FAM-K' });
  const p = await createAccount(db, { name: 'P Pumps', account_manager_email: 'am@example.com' });
  const q = await createAccount(db, { name: 'Q Quarry' });
  const r = await createAccount(db, { name: 'R Rivets' });
  Object.assign(ids, { p: p.id, q: q.id, r: r.id });
  customer = await createTestUser(db, 'customer', p.id);
  const line = (
    quantity: number,
    netPrice: string,
    orderedOn: string,
    confirmed: string[] = [orderedOn],
  ) => ({
    sku,
    site,
    quantity,
    netPrice,
    requested: orderedOn,
    versions: confirmed.map((c, i) => ({ at: `${orderedOn}T0${8 + i}:00:00.000Z`, confirmed: c })),
  });
  const order = (accountId: string, orderedOn: string, l: ReturnType<typeof line>) =>
    addOrder(db, { accountId, orderedOn, lines: [l] });
  await order(p.id, ago(500), line(10, '100.00', ago(500)));
  await order(p.id, ago(100), line(1, '100.00', ago(100), [ago(90), ago(80)]));
  await order(q.id, ago(500), line(1, '50.00', ago(500)));
  await order(q.id, ago(30), line(1, '60.00', ago(30)));
  for (const days of [200, 190, 180]) await order(r.id, ago(days), line(1, '1.00', ago(days)));
  for (const subject of ['Leaking seal', 'Wrong flange'])
    expect(
      (
        await t.http
          .post('/api/cases')
          .set('authorization', admin.auth)
          .send({ accountId: p.id, type: 'complaint', subject, description: 'From the site' })
      ).status,
    ).toBe(201);
});

afterAll(() => t.close());

const get = (url: string, who: TestUser = admin) => t.http.get(url).set('authorization', who.auth);
const byName = (rows: Array<{ name: string }>) => rows.map((r) => r.name);

describe('GET /api/metrics/accounts', () => {
  test('every account with its value, trend, frequency, cases, cost to serve and churn signals', async () => {
    const res = await get('/api/metrics/accounts');
    expect(res.status).toBe(200);
    expect(byName(res.body.rows)).toEqual(['P Pumps', 'Q Quarry', 'R Rivets']);
    const [p, q, r] = res.body.rows;
    expect(p).toMatchObject({
      value12m: 100,
      valuePrev12m: 1000,
      trendPct: -90,
      ordersLast12m: 1,
      lastOrderDate: ago(100),
      daysSinceLastOrder: 100,
      usualIntervalDays: null,
      complaintsThisYear: 2,
      costToServe: { returns: 0, rePromises: 1, expedites: 0 },
      atRisk: true,
    });
    expect(p.signals.map((s: { rule: string }) => s.rule)).toEqual(['value_halved', 'complaints_rising']);
    expect(p.signals[0].reason).toBe(
      'Class A last year; ordered less than half as much in the last 12 months',
    );
    expect(q).toMatchObject({ value12m: 60, valuePrev12m: 50, trendPct: 20, atRisk: false, signals: [] });
    expect(r).toMatchObject({ usualIntervalDays: 10, daysSinceLastOrder: 180, atRisk: true });
    expect(r.signals).toEqual([
      { rule: 'overdue', reason: 'No order for 180 days; usually orders every 10 days' },
    ]);
  });

  test('atRisk=true lists the accounts with a signal, the most signals first', async () => {
    const res = await get('/api/metrics/accounts?atRisk=true');
    expect(byName(res.body.rows)).toEqual(['P Pumps', 'R Rivets']);
  });

  test("manager narrows the list to one account manager's accounts", async () => {
    const res = await get('/api/metrics/accounts?atRisk=true&manager=am%40example.com');
    expect(byName(res.body.rows)).toEqual(['P Pumps']);
  });

  test('an unknown filter value is refused in the one error shape', async () => {
    const res = await get('/api/metrics/accounts?atRisk=maybe');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  test('a customer may not see accounts knowledge', async () => {
    expect((await get('/api/metrics/accounts', customer)).status).toBe(403);
  });
});

describe('GET /api/metrics/accounts/:id', () => {
  test("one account's knowledge", async () => {
    const res = await get(`/api/metrics/accounts/${ids.r}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'R Rivets', ordersLast12m: 3, value12m: 3 });
  });

  test('an unknown account is 404', async () => {
    const res = await get('/api/metrics/accounts/00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
