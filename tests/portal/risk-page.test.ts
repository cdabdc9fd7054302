import { buildApp } from '../../src/app';
import { recomputeRisk } from '../../src/risk';
import { addDays, todayIso } from '../../src/shared/time';
import { testContext, TestContext } from '../support/app';
import {
  describeInBrowser,
  overflowsSideways,
  pagesInBrowser,
  shoot,
  tableCells as cells,
} from '../support/browser';
import { addSupply, createItem, createSite, setStock, uniqFamily } from '../support/erp-factories';
import { createAccount, createCustomer, createTestUser, TEST_PASSWORD } from '../support/factories';
import { placeOrder } from '../orders/helpers';

let t: TestContext;
beforeAll(() => {
  t = testContext();
});
afterAll(() => t.close());

const today = todayIso();
const day = (n: number): string => addDays(today, n);

/**
 * A make item of a family of its own at a site of its own, lead time 14 days: 2 on stock, and
 * MO 10 due on day 3, planned, which the ERP moved from day 1. Line 1 takes the 2 on stock and is
 * dated yesterday (past due); line 2 takes 6 of the MO for day 3.
 */
async function scene() {
  const db = t.deps.db;
  const family = uniqFamily();
  const site = await createSite(db, 'Risk Test Plant');
  const sku = await createItem(db, { makeOrBuy: 'make', leadTimeDays: 14, family });
  await setStock(db, sku, site, 2);
  const mo = await addSupply(db, { sku, site, qty: 10, dueDate: day(3), kind: 'production' });
  await db('erp_supply')
    .where({ ref: mo })
    .update({ status: 'planned', prev_due_date: day(1) });
  const account = await createAccount(db, { name: 'Risk Page Pumps GmbH' });
  const am = await createTestUser(db, 'account_manager');
  const late = await placeOrder(t.http, am, {
    accountId: account.id,
    lines: [{ sku, site, quantity: 2, requestedDate: today }],
  });
  const atRisk = await placeOrder(t.http, am, {
    accountId: account.id,
    lines: [{ sku, site, quantity: 6, requestedDate: day(3) }],
  });
  const lineId = late.lines[0]!.id;
  await db('order_lines')
    .where({ id: lineId })
    .update({ confirmed_date: day(-1) });
  await db('order_line_confirmations')
    .where({ order_line_id: lineId })
    .update({ date: day(-1) });
  await recomputeRisk(db, [sku]);
  return { family, site, sku, mo, account, late, atRisk };
}

describe('the risk page without a browser', () => {
  test('signed out, the risk page sends the visitor to the login page', async () => {
    const signedOut = await t.http.get('/planning/risk');
    expect([signedOut.status, signedOut.headers.location]).toEqual([303, '/login?next=%2Fplanning%2Frisk']);
  });
});

describeInBrowser('the planner’s risk page in a real browser', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test('the planner finds the page in the navigation, filters by site, and sees each line’s band, reasons, cover and the heatmap', async () => {
    const s = await scene();
    const planner = await signIn(await createTestUser(t.deps.db, 'planner'));
    await planner.setViewportSize({ width: 1280, height: 900 });
    await Promise.all([planner.waitForNavigation(), planner.click('nav >> text=Fulfillment risk')]);
    await planner.selectOption('select[name=site]', s.site);
    await Promise.all([planner.waitForNavigation(), planner.click('#risk-filter button[type=submit]')]);

    const rows = await cells(planner, '#risk-lines');
    expect(rows.map((r) => r.slice(0, 6))).toEqual([
      [
        'late',
        '100',
        `${s.late.number}/1`,
        'Risk Page Pumps GmbH',
        `${s.sku} at ${s.site} ${s.family}`,
        day(-1),
      ],
      // 30 moved before + 10 planned + 10 not released within 14 days
      [
        'high',
        '50',
        `${s.atRisk.number}/1`,
        'Risk Page Pumps GmbH',
        `${s.sku} at ${s.site} ${s.family}`,
        day(3),
      ],
    ]);
    expect(rows[0]![6]).toBe('stock on hand');
    expect(rows[1]![6]).toBe(`${s.mo} (production, planned) due ${day(3)}`);
    const reasons = await planner.$$eval('#risk-lines tbody tr:nth-child(2) .reasons li', (lis) =>
      lis.map((li) => (li as unknown as { textContent: string }).textContent),
    );
    expect(reasons).toEqual([
      `covered by ${s.mo}, which the ERP moved later before (from ${day(1)} to ${day(3)})`,
      `covered by ${s.mo}, a planned production order not yet firm`,
      `due in 3 days, production order ${s.mo} not released (lead time 14 days)`,
    ]);
    expect(await planner.textContent('#risk-bands')).toMatch(
      /All \(2\)\s*late \(1\)\s*high \(1\)\s*medium \(0\)\s*low \(0\)/,
    );

    // The heatmap is an SVG drawn on the server: the family, and the worst score of each week.
    const heat = await planner.innerHTML('#risk-heatmap figure');
    expect(heat.trim().startsWith('<svg')).toBe(true);
    expect(heat).toContain(s.family);
    expect(heat).toContain('>100<');
    expect(await planner.$$('script')).toHaveLength(0);
    await shoot(planner, 'risk-desktop');

    // The late band alone, keeping the site filter.
    await Promise.all([planner.waitForNavigation(), planner.click('#risk-bands >> text=late (1)')]);
    expect((await cells(planner, '#risk-lines')).map((r) => r[2])).toEqual([`${s.late.number}/1`]);
    expect(new URL(planner.url()).searchParams.get('site')).toBe(s.site);

    // By reason: only the line whose production is not released.
    await planner.goto(
      `${at.url}/planning/risk?site=${encodeURIComponent(s.site)}&reason=production_not_released`,
    );
    expect((await cells(planner, '#risk-lines')).map((r) => r[2])).toEqual([`${s.atRisk.number}/1`]);

    await planner.setViewportSize({ width: 390, height: 844 });
    await planner.goto(`${at.url}/planning/risk?site=${encodeURIComponent(s.site)}`);
    expect(await overflowsSideways(planner)).toBe(false);
    await shoot(planner, 'risk-390');
  });

  test('a filter value that is not allowed is said on the page, and a customer is refused', async () => {
    const planner = await signIn(await createTestUser(t.deps.db, 'planner'));
    await planner.goto(`${at.url}/planning/risk?band=urgent`);
    expect(await planner.textContent('.flash')).toContain('The filter is not valid');
    expect(await planner.$('#risk-lines')).toBeNull();

    const customer = await signIn(await createCustomer(t.deps.db));
    const res = await customer.goto(`${at.url}/planning/risk`);
    expect(res?.status()).toBe(403);
    expect(await customer.$('text=Fulfillment risk')).toBeNull();
  });

  test('the availability page draws ATP, receipts and demand over time as a server-side SVG chart', async () => {
    const s = await scene();
    const planner = await signIn(await createTestUser(t.deps.db, 'planner'));
    await planner.setViewportSize({ width: 1280, height: 900 });
    await planner.goto(
      `${at.url}/availability?sku=${encodeURIComponent(s.sku)}&site=${encodeURIComponent(s.site)}`,
    );
    const chart = await planner.innerHTML('#availability-chart');
    expect(chart).toContain('<svg');
    for (const legend of ['Receipts', 'Demand', 'ATP']) expect(chart).toContain(`>${legend}<`);
    // Its dates are the buckets' (yesterday's past-due demand counts as of today).
    expect(chart).toContain(`>${today}<`);
    expect(chart).toContain(`>${day(3)}<`);
    await shoot(planner, 'availability-desktop');
    await planner.setViewportSize({ width: 390, height: 844 });
    await planner.reload();
    expect(await overflowsSideways(planner)).toBe(false);
    await shoot(planner, 'availability-390');
  });
});
