import { recomputeRisk } from '../../src/risk';
import { addDays, todayIso } from '../../src/shared/time';
import { testContext, TestContext } from '../support/app';
import { createAccount, createCustomer, createTestUser, TestUser } from '../support/factories';
import { addSupply, createPlace, setStock } from '../support/erp-factories';
import { placeOrder } from '../orders/helpers';

const today = todayIso();
const day = (n: number) => addDays(today, n);

let t: TestContext;
let am: TestUser;
let planner: TestUser;

beforeAll(async () => {
  t = testContext();
  am = await createTestUser(t.deps.db, 'account_manager');
  planner = await createTestUser(t.deps.db, 'planner');
});
afterAll(() => t.close());

interface RiskItem {
  orderId: string;
  orderNumber: string;
  lineNo: number;
  sku: string;
  site: string;
  accountId: string;
  promisedDate: string | null;
  score: number;
  band: string;
  reasons: Array<{ code: string; text: string }>;
  cover: { kind: string; ref: string | null; dueDate: string | null; status: string | null } | null;
}

const risk = async (query: Record<string, string>, user: TestUser = planner) =>
  t.http.get('/api/risk/lines').query(query).set('authorization', user.auth);

/**
 * A buy item at a new site: 5 on stock and PO 10 due on day 10, planned, which the ERP moved from
 * day 5. Line 1 takes the 5 on stock and is then dated two days ago (past due); line 2 takes 8 of
 * the PO on day 10; line 3, another account's, takes 1 from the PO's remaining 2.
 */
async function scene() {
  const { sku, site } = await createPlace(t.deps.db, { makeOrBuy: 'buy', leadTimeDays: 30 });
  await setStock(t.deps.db, sku, site, 5);
  const po = await addSupply(t.deps.db, { sku, site, qty: 10, dueDate: day(10) });
  await t.deps
    .db('erp_supply')
    .where({ ref: po })
    .update({ status: 'planned', prev_due_date: day(5) });
  const a = await createAccount(t.deps.db);
  const b = await createAccount(t.deps.db);
  const first = await placeOrder(t.http, am, {
    accountId: a.id,
    lines: [{ sku, site, quantity: 5, requestedDate: today }],
  });
  const second = await placeOrder(t.http, am, {
    accountId: a.id,
    lines: [{ sku, site, quantity: 8, requestedDate: day(10) }],
  });
  const third = await placeOrder(t.http, am, {
    accountId: b.id,
    lines: [{ sku, site, quantity: 1, requestedDate: day(10) }],
  });
  const lineId = first.lines[0]!.id;
  await t.deps
    .db('order_lines')
    .where({ id: lineId })
    .update({ confirmed_date: day(-2) });
  await t.deps
    .db('order_line_confirmations')
    .where({ order_line_id: lineId })
    .update({ date: day(-2) });
  return { sku, site, po, a, b, first, second, third };
}

describe('GET /api/risk/lines', () => {
  test('after a recompute, the past-due line is late at 100, the line on a planned, moved PO is high with thin cover and medium without, with their reasons and cover', async () => {
    const s = await scene();
    await recomputeRisk(t.deps.db, [s.sku]);
    const res = await risk({ site: s.site });
    expect(res.status).toBe(200);
    const items = res.body.items as RiskItem[];
    expect(items.map((i) => [i.orderNumber, i.score, i.band])).toEqual([
      [s.first.number, 100, 'late'],
      // 30 + 10, and 15 for thin cover: ATP on day 10 is 5 + 10 − (5 + 8 + 1) = 1, under a fifth of 8.
      [s.second.number, 55, 'high'],
      // The same PO's last 2; the 1 left is all of its 1 unit: not thin. 30 + 10.
      [s.third.number, 40, 'medium'],
    ]);
    expect(items[0]).toMatchObject({
      orderId: s.first.id,
      lineNo: 1,
      sku: s.sku,
      accountId: s.a.id,
      promisedDate: day(-2),
      reasons: [{ code: 'past_due', text: `promised for ${day(-2)}, 2 days ago, and not yet shipped` }],
      cover: { kind: 'stock', ref: null },
    });
    expect(items[1]!.reasons).toEqual([
      {
        code: 'supply_moved_before',
        text: `covered by ${s.po}, which the ERP moved later before (from ${day(5)} to ${day(10)})`,
      },
      { code: 'supply_unfirm', text: `covered by ${s.po}, a planned purchase order not yet firm` },
      { code: 'thin_cover', text: `only 1 left to promise on ${day(10)} against 8 on this line` },
    ]);
    expect(items[1]!.cover).toEqual({ kind: 'purchase', ref: s.po, dueDate: day(10), status: 'planned' });
    expect(res.body.nextCursor).toBeNull();
  });

  test('filters by band, account and reason, and pages highest first with a cursor', async () => {
    const s = await scene();
    await recomputeRisk(t.deps.db, [s.sku]);
    const late = await risk({ site: s.site, band: 'late' });
    expect((late.body.items as RiskItem[]).map((i) => i.orderNumber)).toEqual([s.first.number]);
    const ofB = await risk({ site: s.site, accountId: s.b.id });
    expect((ofB.body.items as RiskItem[]).map((i) => i.orderNumber)).toEqual([s.third.number]);
    const unfirm = await risk({ site: s.site, reason: 'supply_unfirm' });
    expect((unfirm.body.items as RiskItem[]).map((i) => i.orderNumber).sort()).toEqual(
      [s.second.number, s.third.number].sort(),
    );

    const page1 = await risk({ site: s.site, limit: '2' });
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await risk({ site: s.site, limit: '2', cursor: page1.body.nextCursor });
    const all = [...page1.body.items, ...page2.body.items] as RiskItem[];
    expect(all.map((i) => i.orderNumber).sort()).toEqual(
      [s.first.number, s.second.number, s.third.number].sort(),
    );
    expect(page2.body.nextCursor).toBeNull();
  });

  test('a recompute of the sku replaces its scores: a line that ships in full leaves the list', async () => {
    const s = await scene();
    await recomputeRisk(t.deps.db, [s.sku]);
    await t.deps.db('order_lines').where({ order_id: s.second.id }).update({ open: false });
    await recomputeRisk(t.deps.db, [s.sku]);
    const items = (await risk({ site: s.site })).body.items as RiskItem[];
    expect(items.map((i) => i.orderNumber)).toEqual([s.first.number, s.third.number]);
  });

  test('a customer is refused with 403 and bad filters answer the error shape, changing nothing', async () => {
    const customer = await createCustomer(t.deps.db);
    const refused = await risk({}, customer);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const before = await t.deps.db('risk_lines').count({ n: '*' });
    const queries: Array<Record<string, string>> = [
      { band: 'urgent' },
      { reason: 'bad_luck' },
      { accountId: 'x' },
      { cursor: 'nonsense' },
    ];
    for (const query of queries) {
      const bad = await risk(query);
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'validation_failed', requestId: expect.any(String) });
      expect(bad.body.error.details.length).toBeGreaterThan(0);
    }
    expect(await t.deps.db('risk_lines').count({ n: '*' })).toEqual(before);
  });

  test('taking an order scores its sku without being asked (order.changed), the new line and the one it competes with', async () => {
    const { sku, site } = await createPlace(t.deps.db, { makeOrBuy: 'buy', leadTimeDays: 30 });
    await setStock(t.deps.db, sku, site, 5);
    const po = await addSupply(t.deps.db, { sku, site, qty: 10, dueDate: day(10) });
    await t.deps.db('erp_supply').where({ ref: po }).update({ status: 'planned' });
    const account = await createAccount(t.deps.db);
    const first = await placeOrder(t.http, am, {
      accountId: account.id,
      lines: [{ sku, site, quantity: 5, requestedDate: today }],
    });
    await t.deps.jobs.drain();
    expect(((await risk({ site })).body.items as RiskItem[]).map((i) => [i.orderNumber, i.score])).toEqual([
      // It takes the last 5 on stock: nothing is left to promise today, thin cover (15).
      [first.number, 15],
    ]);

    const second = await placeOrder(t.http, am, {
      accountId: account.id,
      lines: [{ sku, site, quantity: 8, requestedDate: day(10) }],
    });
    await t.deps.jobs.drain();
    const items = (await risk({ site })).body.items as RiskItem[];
    // 10 for the planned PO; ATP on day 10 is 15 − 13 = 2, a fifth of 8 or more: not thin.
    expect(items.map((i) => [i.orderNumber, i.score, i.band, i.reasons.map((r) => r.code)])).toEqual([
      [first.number, 15, 'low', ['thin_cover']],
      [second.number, 10, 'low', ['supply_unfirm']],
    ]);
  });

  test('account managers and admins may read it too', async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    expect((await risk({ band: 'low', limit: '1' }, am)).status).toBe(200);
    expect((await risk({ band: 'low', limit: '1' }, admin)).status).toBe(200);
  });
});
