import ExcelJS from 'exceljs';
import { buildApp } from '../../src/app';
import { testContext, type TestContext } from '../support/app';
import {
  describeInBrowser,
  overflowsSideways,
  pagesInBrowser,
  shoot,
  tableCells as cells,
} from '../support/browser';
import { createItem, createSite, uniqFamily } from '../support/erp-factories';
import { createAccount, createCustomer, createTestUser, TEST_PASSWORD } from '../support/factories';
import { addDecidedQuote, addOrder } from '../metrics/scenario';

let t: TestContext;
beforeAll(() => {
  t = testContext();
});
afterAll(() => t.close());

/*
 * One account's September 2026 (the pages are filtered to it; the database is shared):
 * quote Q1 sent 08-25, accepted 09-01: line 1 10 @ 5.00 quoted 09-09, line 2 5 @ 20.00 quoted 09-19.
 * quote Q2 rejected 09-20, "Price too high": 10 @ 5.00.
 * order of 09-01 from Q1:
 *   line 1 requested 09-10, promised 09-10, re-promised 09-14 on 09-03 (purchase order late);
 *          shipped 10 on 09-14: 4 days late on the requested and first confirmed date, on time on
 *          the last confirmed; in full. Lead quoted 09-09 − 08-25 = 15, actual 09-14 − 09-01 = 13.
 *   line 2 requested and promised 09-20, shipped 5 on 09-18: OTIF. Lead quoted 25, actual 17.
 * Requested: due 2, OTIF 1 = 50 %, on time 1, in full 2, days late 4, lead quoted (15 + 25) / 2 = 20,
 * actual (13 + 17) / 2 = 15; hit rate 2 of 3 lines = 66.7 %, 150 of 200 = 75 %; ordered 150.
 */
async function scene() {
  const db = t.deps.db;
  const family = uniqFamily();
  const site = await createSite(db, 'Metrics Page Plant');
  const sku1 = await createItem(db, { family });
  const sku2 = await createItem(db, { family });
  const account = await createAccount(db, { name: 'Metrics Page Valves AG' });
  const q1 = await addDecidedQuote(db, {
    accountId: account.id,
    status: 'accepted',
    sentAt: '2026-08-25T09:00:00.000Z',
    decidedAt: '2026-09-01T07:00:00.000Z',
    lines: [
      { sku: sku1, site, quantity: 10, netPrice: '5.00', quotedDate: '2026-09-09' },
      { sku: sku2, site, quantity: 5, netPrice: '20.00', quotedDate: '2026-09-19' },
    ],
  });
  await addDecidedQuote(db, {
    accountId: account.id,
    status: 'rejected',
    reason: 'Price too high',
    sentAt: '2026-09-10T09:00:00.000Z',
    decidedAt: '2026-09-20T09:00:00.000Z',
    lines: [{ sku: sku1, site, quantity: 10, netPrice: '5.00', quotedDate: '2026-10-01' }],
  });
  const order = await addOrder(db, {
    accountId: account.id,
    orderedOn: '2026-09-01',
    quote: q1,
    lines: [
      {
        sku: sku1,
        site,
        quantity: 10,
        requested: '2026-09-10',
        netPrice: '5.00',
        versions: [
          { at: '2026-09-01T08:00:00.000Z', confirmed: '2026-09-10' },
          {
            at: '2026-09-03T02:30:00.000Z',
            confirmed: '2026-09-14',
            reason:
              'purchase order PO-4 moved from 2026-09-05 to 2026-09-12: now confirmed for 2026-09-14 (was 2026-09-10)',
          },
        ],
        shipments: [{ ship: '2026-09-14', quantity: 10 }],
      },
      {
        sku: sku2,
        site,
        quantity: 5,
        requested: '2026-09-20',
        netPrice: '20.00',
        versions: [{ at: '2026-09-01T08:00:00.000Z', confirmed: '2026-09-20' }],
        shipments: [{ ship: '2026-09-18', quantity: 5 }],
      },
    ],
  });
  return { account, family, site, order };
}

describe('the metrics pages without a browser', () => {
  test('signed out, the metrics page sends the visitor to the login page', async () => {
    const res = await t.http.get('/metrics');
    expect([res.status, res.headers.location]).toEqual([303, '/login?next=%2Fmetrics']);
  });
});

describeInBrowser('fulfillment metrics pages in a real browser', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test('a planner sees the hand-checked figures with charts, drills down to the lines and back, switches basis and downloads the view', async () => {
    const s = await scene();
    const planner = await signIn(await createTestUser(t.deps.db, 'planner'));
    await planner.setViewportSize({ width: 1280, height: 900 });
    await Promise.all([planner.waitForNavigation(), planner.click('nav >> text=Fulfillment metrics')]);
    expect(new URL(planner.url()).pathname).toBe('/metrics');

    await planner.goto(`${at.url}/metrics?from=2026-09&to=2026-09&accountId=${s.account.id}`);
    expect(await cells(planner, '#metrics-by-period')).toEqual([
      ['2', '50', '1', '2', '4', '20', '15', '66.7', '75', '150', 'lines'],
    ]);
    expect((await cells(planner, '#metrics-by-family')).map((r) => r.slice(0, 2))).toEqual([['2', '50']]);
    expect(await cells(planner, '#metrics-churn-reasons')).toEqual([['1', '1', '4']]);
    expect(await planner.textContent('#metrics-churn-reasons tbody th')).toContain('Supplier');
    expect(await cells(planner, '#metrics-loss-reasons')).toEqual([['1', '100', '50', '100']]);
    for (const chart of ['#chart-otif', '#chart-hit-rate', '#chart-lead-time']) {
      const svg = await planner.innerHTML(`${chart} figure`);
      expect(svg.trim().startsWith('<svg')).toBe(true);
    }
    expect(await planner.innerHTML('#chart-lead-time figure')).toContain(s.family);
    expect(await planner.$$('script')).toHaveLength(0);
    await shoot(planner, 'metrics-desktop');

    await Promise.all([planner.waitForNavigation(), planner.click('#metrics-by-period >> text=lines')]);
    expect((await cells(planner, '#metrics-lines')).map((r) => [r[0], r[4], r[7], r[8]])).toEqual([
      [`${s.order.number}/1`, '2026-09-14', 'no', '4'],
      [`${s.order.number}/2`, '2026-09-18', 'yes', '0'],
    ]);
    await shoot(planner, 'metrics-lines-desktop');
    await Promise.all([planner.waitForNavigation(), planner.click('#metrics-back')]);
    const back = new URL(planner.url());
    expect([back.pathname, back.searchParams.get('accountId'), back.searchParams.get('from')]).toEqual([
      '/metrics',
      s.account.id,
      '2026-09',
    ]);

    await planner.selectOption('select[name=basis]', 'last_confirmed');
    await Promise.all([planner.waitForNavigation(), planner.click('#metrics-filter button[type=submit]')]);
    expect((await cells(planner, '#metrics-by-period'))[0]!.slice(0, 5)).toEqual(['2', '100', '2', '2', '–']);

    const href = await planner.getAttribute('#metrics-workbook', 'href');
    const download = await planner.request.get(`${at.url}${href}`);
    expect(download.headers()['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await download.body()) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      'By period',
      'By account',
      'By family',
      'By site',
      'Definitions',
    ]);
    const period = book.getWorksheet('By period')!;
    expect((period.getRow(1).values as unknown[]).slice(1, 7)).toEqual([
      'period',
      'lines_due',
      'lines_on_time',
      'lines_in_full',
      'lines_otif',
      'otif_pct',
    ]);
    expect((period.getRow(2).values as unknown[]).slice(1, 7)).toEqual(['2026-09', 2, 2, 2, 2, 100]);
    expect(book.getWorksheet('By family')!.getRow(2).getCell(1).value).toBe(s.family);
    const defs = book.getWorksheet('Definitions')!;
    expect(defs.getRow(3).getCell(2).value).toMatch(/^last_confirmed: /);

    await planner.setViewportSize({ width: 390, height: 844 });
    await planner.goto(`${at.url}/metrics?from=2026-09&to=2026-09&accountId=${s.account.id}`);
    expect(await overflowsSideways(planner)).toBe(false);
    await shoot(planner, 'metrics-390');
  });

  test("a customer sees its own delivery performance, never another account's, and not the staff page", async () => {
    const s = await scene();
    const buyer = await signIn(await createTestUser(t.deps.db, 'customer', s.account.id));
    await buyer.setViewportSize({ width: 1280, height: 900 });
    await Promise.all([buyer.waitForNavigation(), buyer.click('nav >> text=Delivery performance')]);
    await buyer.goto(`${at.url}/portal/deliveries?from=2026-09&to=2026-09`);
    expect(await cells(buyer, '#my-deliveries')).toEqual([['2', '1', '2', '1', '50', '4']]);
    expect((await buyer.innerHTML('#deliveries-chart figure')).trim().startsWith('<svg')).toBe(true);
    await shoot(buyer, 'deliveries-desktop');
    await buyer.setViewportSize({ width: 390, height: 844 });
    await buyer.reload();
    expect(await overflowsSideways(buyer)).toBe(false);
    await shoot(buyer, 'deliveries-390');
    expect((await buyer.goto(`${at.url}/metrics`))?.status()).toBe(403);

    const other = await signIn(await createCustomer(t.deps.db));
    await other.goto(`${at.url}/portal/deliveries?from=2026-09&to=2026-09`);
    expect(await other.$('#my-deliveries')).toBeNull();
    expect(await other.textContent('main')).toContain('No line of yours was due');
  });

  test('a filter value that is not allowed is said on the page with a 400', async () => {
    const planner = await signIn(await createTestUser(t.deps.db, 'planner'));
    const res = await planner.goto(`${at.url}/metrics?basis=promised`);
    expect(res?.status()).toBe(400);
    expect(await planner.textContent('.flash')).toContain('The filter is not valid');
    expect(await planner.$('#metrics-by-period')).toBeNull();
  });
});
