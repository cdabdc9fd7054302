import { addDays, todayIso } from '../../src/shared/time';
import { isolatedTestContext, type TestContext } from '../support/app';
import type { TestUser } from '../support/factories';
import { seedKnowledgeHistory } from './account-knowledge-scenario';

let t: TestContext;
let admin: TestUser;
let customer: TestUser;
const today = todayIso();
const ago = (days: number) => addDays(today, -days);
let ids: Record<'p' | 'q' | 'r', string>;

beforeAll(async () => {
  t = await isolatedTestContext();
  ({ admin, customer, ids } = await seedKnowledgeHistory(t));
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
