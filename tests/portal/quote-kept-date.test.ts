import { buildApp } from '../../src/app';
import { addDays, todayIso } from '../../src/shared/time';
import { createItem, createSite, setStock, uniqFamily } from '../support/erp-factories';
import { createAccount, createTestUser, TEST_PASSWORD } from '../support/factories';
import { pageSession } from '../support/page-session';
import { describeInBrowser, overflowsSideways, pagesInBrowser, shoot } from '../support/browser';
import { useTestApp } from '../support/test-app';
import { addFirstPromise } from '../metrics/scenario';
import { createQuote, setListPrice } from '../quotes/helpers';

const t = useTestApp();
const day = (n: number): string => addDays(todayIso(), n);

/*
 * A family whose two first promises of the last six months ended 0 and 4 days late: kept 50.0 %,
 * a promise 4 days later would have held 95 % of the time. A quote line of it from stock, asked
 * for in 5 days, is quoted for then; kept 95 %: 4 days after that.
 */
async function scene() {
  const db = t.deps.db;
  const family = uniqFamily();
  const site = await createSite(db);
  const sku = await createItem(db, { family });
  await setStock(db, sku, site, 50);
  await setListPrice(db, sku, 100);
  const account = await createAccount(db);
  for (const slip of [0, 4]) await addFirstPromise(db, { accountId: account.id, sku, site }, 30, slip);
  const am = await createTestUser(db, 'account_manager');
  const q = await createQuote(t.http, am, {
    accountId: account.id,
    lines: [{ sku, site, quantity: 1, requestedDate: day(5) }],
  });
  return { q, am, family, page: `/quotes/${q.id}` };
}

describe('the quote page shows what the family’s history says of each date', () => {
  test('the line shows the first-promise OTIF and the date kept 95 % of the time; taking it makes a revision asking for that date', async () => {
    const { q, am, family, page } = await scene();
    const quoted = q.lines[0]!.quotedDate!;
    const kept = addDays(quoted, 4);
    const s = await pageSession(buildApp(t.deps), am);
    const html = (await s.agent.get(page)).text;
    expect(html).toContain(
      `${family}: first promises kept 50 % (2 lines, 6 months); kept 95 % of the time: <strong>${kept}</strong>`,
    );
    expect(html).toContain(`name="lines.0.takeKept" value="${kept}"`);

    const res = await s.post(page, `${page}/revisions`, {
      'lines.0.quantity': '1',
      'lines.0.requestedDate': day(5),
      'lines.0.takeKept': kept,
      'lines.0.unitPrice': '100',
      reason: 'the date the plant keeps',
    });
    expect(res.status).toBe(303);
    const revised = await t.http.get(`/api/quotes/${q.id}`).set('authorization', am.auth);
    expect(revised.body.revision).toBe(2);
    expect(revised.body.lines[0]).toMatchObject({ requestedDate: kept, quotedDate: kept });
  });

  test('without the box ticked the revision keeps the requested date typed', async () => {
    const { q, am, page } = await scene();
    const s = await pageSession(buildApp(t.deps), am);
    await s.post(page, `${page}/revisions`, {
      'lines.0.quantity': '1',
      'lines.0.requestedDate': day(6),
      'lines.0.unitPrice': '100',
      reason: 'a day later',
    });
    const revised = await t.http.get(`/api/quotes/${q.id}`).set('authorization', am.auth);
    expect(revised.body.lines[0].requestedDate).toBe(day(6));
  });
});

describeInBrowser('the kept date on the quote page in a real browser', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test('the suggestion and its box fit a phone', async () => {
    const { am, page } = await scene();
    const browser = await signIn(am);
    await browser.setViewportSize({ width: 1280, height: 900 });
    await browser.goto(`${at.url}${page}`);
    await browser.click('#revise >> xpath=ancestor::details/summary');
    expect(await browser.textContent('.kept-date')).toContain('kept 95 % of the time');
    await shoot(browser, 'quote-kept-date-desktop');
    await browser.setViewportSize({ width: 390, height: 844 });
    expect(await overflowsSideways(browser)).toBe(false);
    await shoot(browser, 'quote-kept-date-390');
  });
});
