import { reconfirmOpenLines } from '../../src/orders/reconfirm';
import { addDays, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import { Drop, startFromDrop, syncNow, writeDrop } from '../erp/erp-drop';

const today = todayIso();
const day = (n: number) => addDays(today, n);

/** A dataset written as CSV text, one row a line: the fixture reads as the ERP sends it. */
const csv = (text: string): string[][] =>
  text
    .trim()
    .split('\n')
    .map((row) => row.trim().split(','));

/** V-1 at P1: 5 in stock, PR-1 20 on day 10, PR-2 20 on day 20 (plus `extra` receipts); three customers. */
function drop(extra: string[][] = []): Partial<Drop> {
  return {
    sites: csv('site_code,name\nP1,Plant One'),
    customers: csv('erp_customer_id,name\nC1,Small Buyer Ltd\nC2,Key Account AG\nC3,Steady Customer SA'),
    items: csv('sku,description,uom,make_or_buy,lead_time_days\nV-1,Valve,EA,buy,60'),
    stock: csv('sku,site_code,on_hand\nV-1,P1,5'),
    supply: [
      ...csv(`ref,kind,sku,site_code,open_qty,due_date
        PR-1,purchase,V-1,P1,20,${day(10)}
        PR-2,purchase,V-1,P1,20,${day(20)}`),
      ...extra,
    ],
  };
}

/** A sync that loads the supply again with `extra` receipts, and the re-confirmation it starts. */
async function syncSupply(extra: string[][]): Promise<void> {
  writeDrop(t.deps.config.erpDropDir, { supply: drop(extra).supply! });
  await syncNow(t, { datasets: ['supply'] });
  await t.deps.jobs.drain();
}

const t = useTestApp({ isolated: true, perTest: true });
const am = t.user('account_manager');
const admin = t.user('admin');
let accounts: Record<string, string>;

beforeEach(async () => {
  accounts = await startFromDrop(t, drop());
});

async function order(customer: string, quantity: number, requestedDate: string): Promise<string> {
  const res = await t.http
    .post('/api/orders')
    .set('authorization', am.auth)
    .send({ accountId: accounts[customer], lines: [{ sku: 'V-1', quantity, requestedDate, site: 'P1' }] });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const line = async (orderId: string) =>
  (await t.http.get(`/api/orders/${orderId}`).set('authorization', am.auth)).body.lines[0];

async function setAllocation(customer: string, allocation: string | null): Promise<void> {
  const res = await t.http
    .put(`/api/accounts/${accounts[customer]}/settings`)
    .set('authorization', admin.auth)
    .send({
      otifWindow: { earlyDays: null, lateDays: 0 },
      inFullTolerancePct: 0,
      alertDaysBefore: 3,
      allocation,
    });
  expect(res.status).toBe(200);
}

/** The confirmations of the given orders' lines, by date, against the cumulative supply: never more; ATP never negative. */
async function expectNoOverPromise(orderIds: string[]): Promise<void> {
  const res = await t.http.get('/api/items/V-1/availability?site=P1').set('authorization', am.auth);
  expect(res.status).toBe(200);
  for (const b of res.body.buckets as Array<{ atp: number }>) expect(b.atp).toBeGreaterThanOrEqual(0);
  const confirmations = (await Promise.all(orderIds.map(line))).flatMap(
    (l) => l.confirmations as Array<{ date: string; quantity: number }>,
  );
  const confirmedBy = (d: string) =>
    confirmations.filter((c) => c.date <= d).reduce((n, c) => n + c.quantity, 0);
  expect(confirmedBy(day(10))).toBeLessThanOrEqual(25); // stock 5 + PR-1 20
  expect(confirmedBy(day(20))).toBeLessThanOrEqual(45); // + PR-2 20
  expect(confirmedBy(day(99))).toBeLessThanOrEqual(50); // + PR-9 5
}

/** The scenario of the first two tests: C1 takes 15 of the 25 there by day 10; C2 then gets 10 on day 10 and 10 on day 20. */
async function shortOnDay10(): Promise<{ small: string; key: string }> {
  const small = await order('C1', 15, day(10));
  const key = await order('C2', 20, day(10));
  expect((await line(key)).confirmations).toEqual([
    { date: day(10), quantity: 10 },
    { date: day(20), quantity: 10 },
  ]);
  return { small, key };
}

describe('allocation when supply is short (re-confirmation after a sync)', () => {
  test('a win account takes from a lose one: in full and on time, the taking in both ledgers with its reason, nothing over-promised', async () => {
    const { small, key } = await shortOnDay10();
    await setAllocation('C1', 'lose');
    await setAllocation('C2', 'win');
    // The next sync that changes anything (a receipt far out) re-confirms by the strategies.
    await syncSupply([['PR-9', 'purchase', 'V-1', 'P1', '5', day(40)]]);

    const [k, s] = [await line(key), await line(small)];
    expect(k.confirmations).toEqual([{ date: day(10), quantity: 20 }]);
    expect(k.promiseHistory.at(-1)).toMatchObject({ changedBy: 'reconfirmation' });
    expect(k.promiseHistory.at(-1).reason).toContain('allocated to a key account');
    // Of the 25 there by day 10, 20 went to the win line: the lose line keeps 5, the rest from PR-2.
    expect(s.confirmations).toEqual([
      { date: day(10), quantity: 5 },
      { date: day(20), quantity: 10 },
    ]);
    expect(s.promiseHistory.at(-1).reason).toContain('allocated to a key account');
    expect(s.slipped).not.toBeNull();
    await expectNoOverPromise([small, key]);
    // Applied once: a second run has nothing left to take.
    expect(await reconfirmOpenLines(t.deps, null)).toMatchObject({ moved: 0 });
  });

  test('off (no strategy, or strategies switched off again) keeps every promise as re-confirmation always did', async () => {
    const { small, key } = await shortOnDay10();
    await setAllocation('C2', 'win');
    await setAllocation('C2', null);
    await setAllocation('C1', null);
    expect(await reconfirmOpenLines(t.deps, null)).toMatchObject({ checked: 2, moved: 0 });
    expect((await line(key)).promiseHistory).toHaveLength(1);
    expect((await line(small)).confirmations).toEqual([{ date: day(10), quantity: 15 }]);
  });

  test('a win line does not take from a fill line, which keeps its promise', async () => {
    const { small, key } = await shortOnDay10();
    await setAllocation('C1', 'fill');
    await setAllocation('C2', 'win');
    expect(await reconfirmOpenLines(t.deps, null)).toMatchObject({ moved: 0 });
    expect((await line(small)).confirmations).toEqual([{ date: day(10), quantity: 15 }]);
    expect((await line(key)).promiseHistory).toHaveLength(1);
  });

  test('new supply: a gain line improves from what nobody holds, a fill line never gains', async () => {
    await order('C3', 25, day(10)); // everything there by day 10
    const fill = await order('C1', 5, day(10));
    const gain = await order('C2', 5, day(10));
    expect((await line(fill)).confirmedDate).toBe(day(20));
    expect((await line(gain)).confirmedDate).toBe(day(20));
    await setAllocation('C1', 'fill');
    await setAllocation('C2', 'gain');

    await syncSupply([['PR-3', 'purchase', 'V-1', 'P1', '10', day(5)]]);

    const [f, g] = [await line(fill), await line(gain)];
    expect(g.confirmations).toEqual([{ date: day(10), quantity: 5 }]);
    expect(g.promiseHistory.at(-1).reason).toContain('allocation strategy gain');
    expect(f.confirmations).toEqual([{ date: day(20), quantity: 5 }]);
    expect(f.promiseHistory).toHaveLength(1);
  });
});
