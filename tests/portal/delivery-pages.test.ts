import type { Page } from 'playwright-core';
import { buildApp } from '../../src/app';
import { checkDeliveryAlerts } from '../../src/alerts';
import { rebuildDailySums } from '../../src/erp/daily-sums.repository';
import { reconfirmOpenLines } from '../../src/orders/reconfirm';
import { addDays, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import { describeInBrowser, launchBrowser, pagesInBrowser } from '../support/browser';
import { addSupply, createPlace, setStock } from '../support/erp-factories';
import { createAccount, createTestUser, TEST_PASSWORD, TestUser } from '../support/factories';
import { Order, placeOrder } from '../orders/helpers';

const T = todayIso();
const day = (n: number): string => addDays(T, n);
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp';

const t = useTestApp({ isolated: true });

let buyer: TestUser;
let slipped: Order;
let onTime: Order;

/** A buyer with two orders: one due in two days, one whose line slipped from day 10 to day 20 when its purchase order moved. */
beforeAll(async () => {
  const db = t.deps.db;
  const manager = await createTestUser(db, 'account_manager');
  const account = await createAccount(db, {
    account_manager_email: manager.email,
    name: 'Ravenna Valves S.p.A.',
  });
  buyer = await createTestUser(db, 'customer', account.id);
  const { sku, site } = await createPlace(db, { leadTimeDays: 90 });
  await setStock(db, sku, site, 3);
  const po = await addSupply(db, { sku, site, qty: 5, dueDate: day(10) });
  onTime = await placeOrder(t.http, buyer, {
    accountId: account.id,
    site,
    customerPo: 'PO-ON-TIME-7731',
    lines: [{ sku, quantity: 3, requestedDate: day(2) }],
  });
  slipped = await placeOrder(t.http, buyer, {
    accountId: account.id,
    site,
    customerPo: 'PO-LATE-4410',
    lines: [{ sku, quantity: 5, requestedDate: day(5) }],
  });
  expect(slipped.lines[0]!.confirmedDate).toBe(day(10));
  await db('erp_supply')
    .where({ ref: po })
    .update({ due_date: day(20) });
  await rebuildDailySums(db, 'erp_supply', [sku]);
  await reconfirmOpenLines(t.deps, null);
  await t.deps.jobs.drain();
  await checkDeliveryAlerts(t.deps);
});

/** Nothing wider than a 390 px phone: the page never scrolls sideways (wide tables scroll inside their box). */
async function expectFitsPhone(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  const width = await page.evaluate('document.documentElement.scrollWidth');
  await page.screenshot({ path: `${SHOTS}/fd-delivery-${name}-390.png`, fullPage: true });
  expect({ name, width: Number(width) <= 390 }).toEqual({ name, width: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

describeInBrowser('delivery pages for a buyer', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test('the buyer’s home shows what needs it and what is due this week; the header counts unread alerts', async () => {
    const page = await signIn(buyer);
    const needs = await page.textContent('#needs-you');
    expect(needs).toContain(`Order ${slipped.number} line 1`);
    expect(needs).toContain('Please choose how to proceed');
    expect(needs).toContain('our production and supply plan changed');
    expect(await page.textContent('#due-this-week')).toContain(`Order ${onTime.number}`);
    // due soon of the on-time order, slipped of the other: two unread.
    expect(await page.textContent('nav.main-nav')).toContain('Inbox (2)');
    // No internal words: the buyer's role is not shown.
    expect((await page.textContent('header .who'))?.trim()).toBe(buyer.email);
    await page.screenshot({ path: `${SHOTS}/fd-delivery-home-desktop.png`, fullPage: true });
    await expectFitsPhone(page, 'home');
  });

  test('orders are found by order number, PO and item', async () => {
    const page = await signIn(buyer);
    const rows = async (q: string) => {
      await page.goto(`${at.url}/orders?q=${encodeURIComponent(q)}`);
      return page.$$eval('table.grid tbody tr td:first-child', (cells) =>
        cells.map((c) => c.textContent?.trim()),
      );
    };
    expect(await rows('po-late')).toEqual([slipped.number]);
    expect(await rows(onTime.number)).toEqual([onTime.number]);
    expect((await rows(slipped.lines[0]!.sku)).sort()).toEqual([onTime.number, slipped.number].sort());
    expect(await rows('nothing-like-this')).toEqual([]);
    await expectFitsPhone(page, 'orders');
  });

  test('the order page says why a line is late in the buyer’s words and links the choice and the confirmation PDF', async () => {
    const page = await signIn(buyer);
    await page.goto(`${at.url}/orders/${slipped.id}`);
    const lines = await page.textContent('#order-lines');
    expect(lines).toContain('because our production and supply plan changed');
    expect(lines).not.toMatch(/purchase order|PO-[0-9a-f]{10}|set by hand/);
    const pdf = await page.request.get(
      `${at.url}${await page.getAttribute('[data-test=confirmation-pdf]', 'href')}`,
    );
    expect([pdf.status(), pdf.headers()['content-type']]).toEqual([200, 'application/pdf']);
    await page.screenshot({ path: `${SHOTS}/fd-delivery-order-desktop.png`, fullPage: true });
    await expectFitsPhone(page, 'order');
  });

  test('a choice link opened signed out lands on the choice after sign-in; one click waits, and the page says what happens', async () => {
    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext()).newPage();
      const choice = `/orders/${slipped.id}/lines/1/choice`;
      await page.goto(`${at.url}${choice}`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await page.fill('input[name=email]', buyer.email);
      await page.fill('input[name=password]', TEST_PASSWORD);
      await Promise.all([page.waitForURL(`${at.url}${choice}`), page.click('button[type=submit]')]);
      expect(await page.textContent('[data-test=explanation]')).toMatch(
        /^Line 1 will now be ready on .+, because our production and supply plan changed\.$/,
      );
      await page.screenshot({ path: `${SHOTS}/fd-delivery-choice-desktop.png`, fullPage: true });
      await expectFitsPhone(page, 'choice');
      await Promise.all([page.waitForURL(`${at.url}${choice}`), page.click('[data-test=wait]')]);
      expect(await page.textContent('main')).toContain('You will receive line 1 on');
      expect(await page.textContent('[data-test=chosen]')).toContain('You chose to wait');
      expect(await page.$('[data-test=split]')).toBeNull();
      await page.screenshot({ path: `${SHOTS}/fd-delivery-chosen-390.png`, fullPage: true });
    } finally {
      await browser.close();
    }
  });

  test('an external address after sign-in is refused: the buyer lands home', async () => {
    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${at.url}/login?next=${encodeURIComponent('//evil.example/x')}`);
      await page.fill('input[name=email]', buyer.email);
      await page.fill('input[name=password]', TEST_PASSWORD);
      await Promise.all([page.waitForURL(`${at.url}/`), page.click('button[type=submit]')]);
      expect(page.url()).toBe(`${at.url}/`);
    } finally {
      await browser.close();
    }
  });

  test('the inbox lists the alerts; opening one marks it read and goes to its page', async () => {
    const page = await signIn(buyer);
    await page.goto(`${at.url}/inbox`);
    const items = await page.$$eval('#inbox li', (lis) =>
      lis.map((li) => li.textContent?.replace(/\s+/g, ' ').trim()),
    );
    expect(items.some((i) => i?.includes(`Order ${onTime.number} line 1`) && i.includes('Due soon'))).toBe(
      true,
    );
    await expectFitsPhone(page, 'inbox');
    await Promise.all([
      page.waitForURL(`${at.url}/orders/${onTime.id}`),
      page.click(`#inbox li a:has-text("${onTime.number}")`),
    ]);
    await page.goto(`${at.url}/inbox`);
    expect(await page.textContent('nav.main-nav')).not.toContain('Inbox (2)');
  });
});
