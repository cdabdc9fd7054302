import { buildApp } from '../../src/app';
import { addDays, todayIso } from '../../src/shared/time';
import { pageSession } from '../support/page-session';
import { isolatedTestContext, type TestContext } from '../support/app';
import { createItem, createSite, setStock } from '../support/erp-factories';
import { createAccount, createTestUser, TEST_PASSWORD, type TestUser } from '../support/factories';
import { describeInBrowser, overflowsSideways, pagesInBrowser, shoot, tableCells } from '../support/browser';
import { act, createQuote, setListPrice } from '../quotes/helpers';
import { addDecidedQuote, addOrder } from './scenario';

/*
 * On a database of its own (no stored class: every account counts as C). History: five quotes of
 * family FAM-P decided in the last year, each sent 30 days ago and quoted 10 days after (short
 * lead, no discount): 2 accepted, 3 rejected → 2 / 5. Open: one quote sent today for 1 × 100.00
 * from stock, asked for in 5 days (short lead, no discount): 100.00 × 2 / 5 = 40.00 in that month.
 */
let t: TestContext;
let am: TestUser;
const day = (n: number) => addDays(todayIso(), n);

beforeAll(async () => {
  t = await isolatedTestContext();
  const { db } = t.deps;
  am = await createTestUser(db, 'account_manager');
  const site = await createSite(db);
  const sku = await createItem(db, { family: 'FAM-P' });
  await setStock(db, sku, site, 50);
  await setListPrice(db, sku, 100);
  const account = await createAccount(db);
  for (const status of ['accepted', 'accepted', 'rejected', 'rejected', 'rejected'] as const)
    await addDecidedQuote(db, {
      accountId: account.id,
      status,
      sentAt: `${day(-30)}T09:00:00.000Z`,
      decidedAt: `${day(-25)}T09:00:00.000Z`,
      lines: [{ sku, site, quantity: 1, netPrice: '100.00', quotedDate: day(-20) }],
    });
  const q = await createQuote(t.http, am, {
    accountId: account.id,
    lines: [{ sku, site, quantity: 1, requestedDate: day(5) }],
  });
  expect((await act(t.http, am, q.id, 'send')).status).toBe(200);
  // On hand: 10 @ 10.00 promised for day 40, 4 shipped → 6 × 10.00 = 60.00 in that month.
  await addOrder(db, {
    accountId: account.id,
    orderedOn: day(-2),
    lines: [
      {
        sku,
        site,
        quantity: 10,
        netPrice: '10.00',
        requested: day(40),
        versions: [{ at: `${day(-2)}T08:00:00.000Z`, confirmed: day(40) }],
        shipments: [{ ship: day(-1), quantity: 4 }],
      },
    ],
  });
});
afterAll(() => t.close());

describe('GET /api/metrics/pipeline-forecast', () => {
  test('the pipeline page shows it beside the orders on hand', async () => {
    const s = await pageSession(buildApp(t.deps), am);
    const html = (await s.agent.get('/pipeline')).text;
    const row = (month: string) =>
      new RegExp(`<td>FAM-P</td><td class="num">${month}</td>((?:(?!</tr>)[\\s\\S])*)</tr>`)
        .exec(html)?.[1]
        ?.replace(/<[^>]+>/g, '|');
    expect(row(day(5).slice(0, 7))).toContain('|1||100.00||40.00||');
    expect(row(day(40).slice(0, 7))).toContain('|0||0.00||0.00||60.00|');
  });

  test('an open quote line weighted by the hit rate of quotes like it', async () => {
    const res = await t.http.get('/api/metrics/pipeline-forecast').set('authorization', am.auth);
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([
      { family: 'FAM-P', month: day(5).slice(0, 7), openLines: 1, openValue: 100, weightedValue: 40 },
    ]);
  });
});

describeInBrowser('the pipeline page in a real browser', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test('a planner finds it in the navigation and it fits a phone', async () => {
    const planner = await signIn(await createTestUser(t.deps.db, 'planner'));
    await planner.setViewportSize({ width: 1280, height: 900 });
    await planner.goto(`${at.url}/`);
    await Promise.all([planner.waitForNavigation(), planner.click('nav >> text=Pipeline')]);
    expect(await tableCells(planner, '#pipeline')).toHaveLength(2);
    await shoot(planner, 'pipeline-desktop');
    await planner.setViewportSize({ width: 390, height: 844 });
    expect(await overflowsSideways(planner)).toBe(false);
    await shoot(planner, 'pipeline-390');
  });
});
