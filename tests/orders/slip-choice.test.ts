import { rebuildDailySums } from '../../src/erp/daily-sums.repository';
import { reconfirmOpenLines } from '../../src/orders/reconfirm';
import { addDays, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import { addSupply, createItem, createSite, setStock } from '../support/erp-factories';
import { createAccount, createTestUser, TestUser } from '../support/factories';
import { bucketsOf, Order, OrderLine, placeOrder, readOrder } from './helpers';

const T = todayIso();
const day = (n: number): string => addDays(T, n);

interface Slipped extends OrderLine {
  slipped: { at: string; explanation: string; awaitingChoice: boolean; choice: string | null } | null;
}

/*
 * A ship-complete order of X (6; 4 on the shelf, PO-X brings 2 on day 10) and Y (5; PO-Y brings 5
 * on day 10): both lines promised whole on day 10. Then the ERP moves PO-Y to day 20 and PO-X to
 * day 25: re-confirmation promises X 4 today + 2 on day 25 and Y on day 20, so both ship on day 25:
 * line 1 slips from day 10 to day 25, and its customer is asked.
 */
const t = useTestApp({ isolated: true });
const am = t.user('account_manager');

async function slippedOrder() {
  const db = t.deps.db;
  const site = await createSite(db);
  const x = await createItem(db, { leadTimeDays: 90 });
  const y = await createItem(db, { leadTimeDays: 90 });
  await setStock(db, x, site, 4);
  const poX = await addSupply(db, { sku: x, site, qty: 2, dueDate: day(10) });
  const poY = await addSupply(db, { sku: y, site, qty: 5, dueDate: day(10) });
  const account = await createAccount(db);
  const buyer = await createTestUser(db, 'customer', account.id);
  const order = await placeOrder(t.http, buyer, {
    accountId: account.id,
    site,
    shipComplete: true,
    lines: [
      { sku: x, quantity: 6, requestedDate: T },
      { sku: y, quantity: 5, requestedDate: T },
    ],
  });
  expect(order.lines.map((l) => l.confirmedDate)).toEqual([day(10), day(10)]);
  await db('erp_supply')
    .where({ ref: poY })
    .update({ due_date: day(20) });
  await db('erp_supply')
    .where({ ref: poX })
    .update({ due_date: day(25) });
  await rebuildDailySums(db, 'erp_supply', [x, y]);
  await reconfirmOpenLines(t.deps, null);
  const slipped = await readOrder(t.http, buyer, order.id);
  expect(slipped.lines.map((l) => [l.confirmedDate, Boolean((l as Slipped).slipped)])).toEqual([
    [day(25), true],
    [day(25), true],
  ]);
  return { order: slipped, buyer, account, site, x, y };
}

const choose = (user: TestUser, orderId: string, lineNo: number, body: object) =>
  t.http.post(`/api/orders/${orderId}/lines/${lineNo}/choice`).set('authorization', user.auth).send(body);

const lastVersion = (l: OrderLine) => l.promiseHistory.at(-1)!;

describe('POST /api/orders/:id/lines/:lineNo/choice', () => {
  test('the buyer is told the new date and why in its own words, and asked', async () => {
    const { order } = await slippedOrder();
    const [first, second] = order.lines as Slipped[];
    expect(first!.slipped).toMatchObject({ awaitingChoice: true, choice: null });
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const [yy, mm, dd] = day(25).split('-');
    const date = `${Number(dd)} ${months[Number(mm) - 1]} ${yy}`;
    // Line 1's own supply moved; line 2 ships with it.
    expect(first!.slipped!.explanation).toBe(
      `Line 1 will now be ready on ${date}, because our production and supply plan changed.`,
    );
    expect(second!.slipped!.explanation).toBe(
      `Line 2 will now be ready on ${date}, because your order ships complete, and its line 1 will be ready later.`,
    );
  });

  test('wait keeps the new date and its reservation, and adds a ledger version by the customer; a second choice answers 409', async () => {
    const { order, buyer } = await slippedOrder();
    const res = await choose(buyer, order.id, 1, { choice: 'wait', note: 'fine by us' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      lineNo: 1,
      confirmedDate: day(25),
      confirmations: [{ date: day(25), quantity: 6 }],
      open: true,
      slipped: { awaitingChoice: false, choice: 'wait' },
    });
    expect(res.body.outcome).toMatch(/^You will receive line 1 on /);
    expect(lastVersion(res.body)).toMatchObject({
      changedBy: 'customer',
      actorId: buyer.id,
      confirmations: [{ date: day(25), quantity: 6 }],
      reason: `customer chose to wait for ${day(25)}: fine by us`,
    });
    const again = await choose(buyer, order.id, 1, { choice: 'cancel' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('illegal_state');
    const after = await readOrder(t.http, buyer, order.id);
    expect(after.lines[0]!.open).toBe(true);
    expect(after.lines[0]!.promiseHistory).toHaveLength(res.body.promiseHistory.length);
  });

  test('split confirms what the shelf holds on the date promised before, the rest on the new date', async () => {
    const { order, buyer, x, site } = await slippedOrder();
    const res = await choose(buyer, order.id, 1, { choice: 'split' });
    expect(res.status).toBe(200);
    // Day 10 was promised before; ATP of X on day 10 is the 4 on the shelf; the other 2 come with PO-X on day 25.
    expect(res.body.confirmations).toEqual([
      { date: day(10), quantity: 4 },
      { date: day(25), quantity: 2 },
    ]);
    expect(res.body.confirmedDate).toBe(day(25));
    expect(res.body.slipped).toMatchObject({ choice: 'split', awaitingChoice: false });
    expect(lastVersion(res.body)).toMatchObject({
      changedBy: 'customer',
      confirmations: res.body.confirmations,
    });
    expect(res.body.outcome).toMatch(/^Line 1 is split: 4 ship on .*, the other 2 on /);
    const buckets = await bucketsOf(t.http, am, x, site);
    expect(buckets.every((b) => b.atp >= 0)).toBe(true);
  });

  test('cancel releases the line’s reservation: its units are available again', async () => {
    const { order, buyer, x, site } = await slippedOrder();
    const res = await choose(buyer, order.id, 1, { choice: 'cancel', note: 'we sourced it elsewhere' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ open: false, confirmations: [], slipped: { choice: 'cancel' } });
    expect(lastVersion(res.body)).toMatchObject({ changedBy: 'customer', confirmations: [] });
    const buckets = await bucketsOf(t.http, am, x, site);
    // Nothing of X is reserved any more: 4 on the shelf today, 6 once PO-X arrives.
    expect(buckets.map((b) => [b.date, b.demand, b.atp])).toEqual([
      [T, 0, 4],
      [day(25), 0, 6],
    ]);
  });

  test('a split racing another order for the same item never promises the shelf twice', async () => {
    const { order, buyer, account, x, site } = await slippedOrder();
    const [split, other] = await Promise.all([
      choose(buyer, order.id, 1, { choice: 'split' }),
      t.http
        .post('/api/orders')
        .set('authorization', am.auth)
        .send({ accountId: account.id, site, lines: [{ sku: x, quantity: 4, requestedDate: day(5) }] }),
    ]);
    expect([split.status, other.status]).toEqual([200, 201]);
    const confirmed = [...split.body.confirmations, ...(other.body as Order).lines[0]!.confirmations];
    // The 4 on the shelf are the only units before day 25: exactly one of the two got them.
    const early = confirmed.filter((c) => c.date < day(25)).reduce((n, c) => n + c.quantity, 0);
    expect(early).toBe(4);
    const buckets = await bucketsOf(t.http, am, x, site);
    expect(buckets.every((b) => b.atp >= 0)).toBe(true);
  });

  test.each(['wait', 'cancel'] as const)(
    'a %s racing another order for the same item never promises the shelf twice',
    async (choice) => {
      const { order, buyer, account, x, site } = await slippedOrder();
      const [chosen, other] = await Promise.all([
        choose(buyer, order.id, 1, { choice }),
        t.http
          .post('/api/orders')
          .set('authorization', am.auth)
          .send({ accountId: account.id, site, lines: [{ sku: x, quantity: 4, requestedDate: day(5) }] }),
      ]);
      expect([chosen.status, other.status]).toEqual([200, 201]);
      expect(lastVersion(chosen.body)).toMatchObject({
        changedBy: 'customer',
        confirmations: chosen.body.confirmations,
      });
      // Before day 25 only the 4 on the shelf exist: the two lines together hold at most those 4
      // (wait keeps the line's; cancel frees them for whichever order came second).
      const confirmed = [...chosen.body.confirmations, ...(other.body as Order).lines[0]!.confirmations];
      const early = confirmed.filter((c) => c.date < day(25)).reduce((n, c) => n + c.quantity, 0);
      expect(early).toBeLessThanOrEqual(4);
      const buckets = await bucketsOf(t.http, am, x, site);
      expect(buckets.every((b) => b.atp >= 0)).toBe(true);
    },
  );

  test('a line that has not slipped answers 409, an unknown choice 400, another account’s order 404, each changing nothing', async () => {
    const { order, buyer } = await slippedOrder();
    const stranger = await createTestUser(t.deps.db, 'customer', (await createAccount(t.deps.db)).id);
    const notSlipped = await placeOrder(t.http, buyer, {
      accountId: buyer.accountId!,
      site: order.lines[0]!.site,
      lines: [{ sku: order.lines[0]!.sku, quantity: 1, requestedDate: day(40) }],
    });
    const refused = await choose(buyer, notSlipped.id, 1, { choice: 'wait' });
    expect(refused.status).toBe(409);
    const unknown = await choose(buyer, order.id, 1, { choice: 'later' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: '/choice' }] });
    const foreign = await choose(stranger, order.id, 1, { choice: 'cancel' });
    const missing = await choose(stranger, '00000000-0000-4000-8000-000000000000', 1, { choice: 'cancel' });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe(missing.body.error.code);
    expect(foreign.body.error.message).toBe(missing.body.error.message);
    const after = await readOrder(t.http, buyer, order.id);
    expect(after.lines.map((l) => [l.open, l.promiseHistory.length])).toEqual(
      order.lines.map((l) => [l.open, l.promiseHistory.length]),
    );
  });
});
