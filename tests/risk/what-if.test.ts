import { addDays, todayIso } from '../../src/shared/time';
import { simulatePromises } from '../../src/risk/what-if.engine';
import { testContext, TestContext } from '../support/app';
import { createAccount, createCustomer, createTestUser, TestUser } from '../support/factories';
import { addSupply, createPlace, setStock } from '../support/erp-factories';
import { placeOrder } from '../orders/helpers';

const today = todayIso();
const day = (n: number) => addDays(today, n);

describe('simulatePromises', () => {
  // 5 on stock, 10 on day 10, 20 on day 20; lines A 5 today, B 8 on day 10, C 10 on day 20.
  const picture = (receipts: Array<{ date: string; qty: number }>) => ({
    today: '2026-12-01',
    onHand: 5_000,
    receipts,
    erpDemand: [],
  });
  const lines = [
    { id: 'A', promisedDate: '2026-12-01', qty: 5_000, newSupply: 0 },
    { id: 'B', promisedDate: '2026-12-11', qty: 8_000, newSupply: 0 },
    { id: 'C', promisedDate: '2026-12-21', qty: 10_000, newSupply: 0 },
  ];
  test.each<[string, Array<{ date: string; qty: number }>, Record<string, string | null>]>([
    [
      'as planned, every line holds',
      [
        { date: '2026-12-11', qty: 10_000 },
        { date: '2026-12-21', qty: 20_000 },
      ],
      { A: '2026-12-01', B: '2026-12-11', C: '2026-12-21' },
    ],
    [
      'the 10 moved to the 16th: B waits for it (5 + 10 − 5 = 10 ≥ 8), C still holds',
      [
        { date: '2026-12-16', qty: 10_000 },
        { date: '2026-12-21', qty: 20_000 },
      ],
      { A: '2026-12-01', B: '2026-12-16', C: '2026-12-21' },
    ],
    [
      'the 20 cut to 4: C is short on the 21st (5 + 10 + 4 − 13 = 6 < 10) and has no later date',
      [
        { date: '2026-12-11', qty: 10_000 },
        { date: '2026-12-21', qty: 4_000 },
      ],
      { A: '2026-12-01', B: '2026-12-11', C: null },
    ],
  ])('%s', (_n, receipts, expected) => {
    expect(Object.fromEntries(simulatePromises(picture(receipts), lines))).toEqual(expected);
  });
});

describe('POST /api/risk/what-if', () => {
  let t: TestContext;
  let am: TestUser;
  let planner: TestUser;
  beforeAll(async () => {
    t = testContext();
    am = await createTestUser(t.deps.db, 'account_manager');
    planner = await createTestUser(t.deps.db, 'planner');
  });
  afterAll(() => t.close());

  /** 5 on stock, PO-1 10 on day 10, PO-2 20 on day 20; A 5 today, B 8 on day 10, C 10 on day 20. */
  async function scene() {
    const { sku, site } = await createPlace(t.deps.db, { makeOrBuy: 'buy', leadTimeDays: 60 });
    await setStock(t.deps.db, sku, site, 5);
    const po1 = await addSupply(t.deps.db, { sku, site, qty: 10, dueDate: day(10) });
    await addSupply(t.deps.db, { sku, site, qty: 20, dueDate: day(20) });
    const account = await createAccount(t.deps.db);
    const order = (quantity: number, requestedDate: string) =>
      placeOrder(t.http, am, { accountId: account.id, lines: [{ sku, site, quantity, requestedDate }] });
    const a = await order(5, today);
    const b = await order(8, day(10));
    const c = await order(10, day(20));
    await t.deps.jobs.drain();
    return { sku, site, po1, a, b, c };
  }

  const snapshot = async (sku: string) => ({
    supply: await t.deps.db('erp_supply').where({ sku }).orderBy('ref').select('ref', 'due_date', 'open_qty'),
    lines: await t.deps.db('order_lines').where({ sku }).orderBy('id').select('id', 'confirmed_date'),
    risk: await t.deps
      .db('risk_lines')
      .where({ sku })
      .orderBy('order_line_id')
      .select('order_line_id', 'score'),
  });

  test('moving PO-1 from day 10 to day 15 slips B by 5 days and nothing else, and writes nothing', async () => {
    const s = await scene();
    const before = await snapshot(s.sku);
    const res = await t.http
      .post('/api/risk/what-if')
      .set('authorization', planner.auth)
      .send({ sku: s.sku, site: s.site, receipts: [{ ref: s.po1, dueDate: day(15) }] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      sku: s.sku,
      site: s.site,
      linesChecked: 3,
      lines: [
        expect.objectContaining({
          orderNumber: s.b.number,
          lineNo: 1,
          promisedDate: day(10),
          wouldBe: day(15),
          days: 5,
        }),
      ],
    });
    expect(await snapshot(s.sku)).toEqual(before);
  });

  test('cutting PO-2 to 4 leaves C without a date; a new receipt of 10 on day 25 gives it day 25', async () => {
    const s = await scene();
    const po2 = (await t.deps
      .db('erp_supply')
      .where({ sku: s.sku })
      .whereNot({ ref: s.po1 })
      .first('ref')) as {
      ref: string;
    };
    const cut = await t.http
      .post('/api/risk/what-if')
      .set('authorization', planner.auth)
      .send({ sku: s.sku, site: s.site, receipts: [{ ref: po2.ref, quantity: 4 }] });
    expect(cut.body.lines).toEqual([
      expect.objectContaining({ orderNumber: s.c.number, wouldBe: null, days: null }),
    ]);
    const added = await t.http
      .post('/api/risk/what-if')
      .set('authorization', planner.auth)
      .send({
        sku: s.sku,
        site: s.site,
        receipts: [
          { ref: po2.ref, quantity: 4 },
          { dueDate: day(25), quantity: 10 },
        ],
      });
    expect(added.body.lines).toEqual([
      expect.objectContaining({ orderNumber: s.c.number, wouldBe: day(25), days: 5 }),
    ]);
  });

  test('an unknown receipt, an empty change or a bad body answers the error shape; a customer gets 403', async () => {
    const s = await scene();
    const post = (body: unknown, user: TestUser = planner) =>
      t.http
        .post('/api/risk/what-if')
        .set('authorization', user.auth)
        .send(body as object);
    const unknown = await post({
      sku: s.sku,
      site: s.site,
      receipts: [{ ref: 'PO-NOPE', dueDate: day(3) }, { ref: s.po1 }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([
      { path: '/receipts/0/ref', message: `no open receipt PO-NOPE of ${s.sku} at ${s.site}` },
      { path: '/receipts/1', message: 'must change dueDate or quantity' },
    ]);
    const bad = await post({ sku: s.sku, site: s.site, receipts: [{ dueDate: 'soon', quantity: -1 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(
      (await post({ sku: 'NO-SUCH', site: s.site, receipts: [{ dueDate: day(3), quantity: 1 }] })).status,
    ).toBe(404);
    expect(
      (await post({ sku: s.sku, site: s.site, receipts: [] }, await createCustomer(t.deps.db))).status,
    ).toBe(403);
  });
});
