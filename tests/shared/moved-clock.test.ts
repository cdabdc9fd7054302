import type { Knex } from 'knex';
import { createToken } from '../../src/auth';
import { ExpireQuotesJob } from '../../src/quotes/quotes.jobs';
import { currentTime, TestClock, useClock } from '../../src/shared/clock';
import { addDays, todayIso } from '../../src/shared/time';
import { isolatedTestContext, testContext, TestContext } from '../support/app';
import { addSupply, createPlace, setStock } from '../support/erp-factories';
import { createAccount, createTestUser, TEST_PASSWORD } from '../support/factories';
import { act, createQuote, Quote, readQuote, stockedItem } from '../quotes/helpers';

/*
 * Each test stands the clock where it needs it and moves it; the app, its jobs and its tokens
 * read the same clock, so what they answer follows it.
 */
let clock: TestClock;
let restore: () => void;
beforeEach(() => {
  // Running: rows written in turn keep their order, as they would under the system clock.
  clock = new TestClock(currentTime(), { running: true });
  restore = useClock(clock);
});
afterEach(() => restore());

const T = todayIso();
const day = (n: number): string => addDays(T, n);

/** A user whose token outlives the moves below (the factories' tokens last an hour). */
async function userWithLongToken(db: Knex, role: 'planner' | 'account_manager', accountId?: string) {
  const user = await createTestUser(db, role, accountId);
  const { token } = await createToken(db, user.id, 'api', 24 * 400);
  return { ...user, auth: `Bearer ${token}` };
}

describe("ATP's today", () => {
  let t: TestContext;
  beforeAll(() => {
    t = testContext();
  });
  afterAll(() => t.close());

  test('a Berlin site answers availability and promises from its own date at the moved hour, and a passed receipt counts as stock', async () => {
    const db = t.deps.db;
    const planner = await userWithLongToken(db, 'planner');
    const { sku, site } = await createPlace(db, { makeOrBuy: 'buy', leadTimeDays: 30 });
    await db('sites').where({ site_code: site }).update({ timezone: 'Europe/Berlin' });
    await setStock(db, sku, site, 5);
    await addSupply(db, { sku, site, qty: 20, dueDate: day(10) });
    const buckets = async () => {
      const res = await t.http
        .get(`/api/items/${encodeURIComponent(sku)}/availability`)
        .query({ site })
        .set('authorization', planner.auth);
      expect(res.status).toBe(200);
      return res.body.buckets;
    };
    const promise15 = async (requestedDate: string) => {
      const res = await t.http
        .post('/api/atp/check')
        .set('authorization', planner.auth)
        .send({ site, lines: [{ sku, quantity: 15, requestedDate }] });
      expect(res.status).toBe(200);
      return {
        confirmedDate: res.body.lines[0].confirmedDate,
        confirmations: res.body.lines[0].confirmations,
      };
    };

    // Noon UTC on D+5 is D+5 in Berlin: stock 5 today, the receipt of 20 on D+10 -> ATP 5, then 25.
    clock.set(`${day(5)}T12:00:00Z`);
    expect(await buckets()).toEqual([
      { date: day(5), receipts: 5, demand: 0, atp: 5 },
      { date: day(10), receipts: 20, demand: 0, atp: 25 },
    ]);
    // 23:30 UTC on D+5 is already D+6 in Berlin (summer or winter time).
    clock.set(`${day(5)}T23:30:00Z`);
    expect((await buckets())[0]).toEqual({ date: day(6), receipts: 5, demand: 0, atp: 5 });
    // 15 asked for D+6: only 5 are there until the receipt -> the whole on D+10.
    expect(await promise15(day(6))).toEqual({
      confirmedDate: day(10),
      confirmations: [{ date: day(10), quantity: 15 }],
    });

    // On D+12 the receipt is past due: folded into today with the stock, 25 available at once.
    clock.set(`${day(12)}T08:00:00Z`);
    expect(await buckets()).toEqual([{ date: day(12), receipts: 25, demand: 0, atp: 25 }]);
    expect(await promise15(day(12))).toEqual({
      confirmedDate: day(12),
      confirmations: [{ date: day(12), quantity: 15 }],
    });
  });
});

describe('quote expiry', () => {
  let t: TestContext;
  // A database of its own: the expiry job expires every sent quote the moved clock has outdated.
  beforeAll(async () => {
    t = await isolatedTestContext();
  });
  afterAll(() => t.close());

  test('the expiry job leaves a quote sent until its last valid day, and expires it once the clock has passed that day', async () => {
    const db = t.deps.db;
    const account = await createAccount(db);
    const am = await userWithLongToken(db, 'account_manager');
    const item = await stockedItem(db, 50, 12.5);
    const draft = await createQuote(t.http, am, {
      accountId: account.id,
      validUntil: day(14),
      lines: [{ sku: item.sku, quantity: 10, requestedDate: day(20) }],
    });
    expect((await act(t.http, am, draft.id, 'send')).status).toBe(200);
    const expireNow = async (): Promise<Quote> => {
      await t.deps.jobs.enqueue(ExpireQuotesJob, {});
      await t.deps.jobs.drain();
      return (await readQuote(t.http, am, draft.id)).body as Quote;
    };

    clock.set(`${day(14)}T23:00:00Z`);
    expect((await expireNow()).status).toBe('sent');

    clock.set(`${day(15)}T00:30:00Z`);
    const expired = await expireNow();
    expect([expired.status, expired.history.at(-1)!.kind]).toEqual(['expired', 'expired']);
  });
});

describe('token expiry', () => {
  let t: TestContext;
  beforeAll(() => {
    t = testContext({ TOKEN_TTL_HOURS: '2' });
  });
  afterAll(() => t.close());

  test('a token valid now is refused once the clock passes TOKEN_TTL_HOURS', async () => {
    const user = await createTestUser(t.deps.db, 'planner');
    const issued = await t.http.post('/api/auth/token').send({ email: user.email, password: TEST_PASSWORD });
    expect(issued.status).toBe(200);
    const me = () => t.http.get('/api/me').set('authorization', `Bearer ${issued.body.token}`);

    expect((await me()).status).toBe(200);
    clock.advance({ hours: 1, minutes: 59 });
    expect((await me()).status).toBe(200);
    clock.advance({ minutes: 2 });
    const refused = await me();
    expect([refused.status, refused.body.error.code]).toEqual([401, 'unauthenticated']);
  });
});
