import { testContext, type TestContext } from '../support/app';
import { createItem, createSite, uniqFamily } from '../support/erp-factories';
import { createAccount, createTestUser, type TestUser } from '../support/factories';
import { addFirstPromise } from './scenario';

/*
 * A family and site of their own. First promises made for 30 days ago: one line shipped that day
 * (slip 0), one 4 days later (slip 4). A line first promised 300 days ago, shipped 20 days late, is
 * older than six months and left out. Sorted slips 0, 4: p50 = 0, p95 = the 2nd = 4; first-promise
 * OTIF 1 of 2 = 50.0 %.
 */

let t: TestContext;
let am: TestUser;
let family: string;
let site: string;

beforeAll(async () => {
  t = testContext();
  const { db } = t.deps;
  am = await createTestUser(db, 'account_manager');
  family = uniqFamily();
  site = await createSite(db);
  const sku = await createItem(db, { family });
  const account = await createAccount(db);
  const shippedAfter = (promised: number, slip: number) =>
    addFirstPromise(db, { accountId: account.id, sku, site }, promised, slip);
  await shippedAfter(30, 0);
  await shippedAfter(30, 4);
  await shippedAfter(300, 20);
});
afterAll(() => t.close());

describe('GET /api/metrics/promise-outcomes', () => {
  test("a family's first promises of the last six months: distribution, OTIF and the 95 % margin", async () => {
    const res = await t.http
      .get(`/api/metrics/promise-outcomes?family=${family}&site=${site}`)
      .set('authorization', am.auth);
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([
      {
        family,
        site,
        linesDue: 2,
        firstPromiseOtifPct: 50,
        distribution: [
          { days: 0, lines: 1 },
          { days: 4, lines: 1 },
        ],
        slipP50Days: 0,
        slipP95Days: 4,
      },
    ]);
  });

  test('a family too long for the column is refused in the one error shape', async () => {
    const res = await t.http
      .get(`/api/metrics/promise-outcomes?family=${'F'.repeat(41)}`)
      .set('authorization', am.auth);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });
});
