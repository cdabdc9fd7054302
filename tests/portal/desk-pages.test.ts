import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { buildApp } from '../../src/app';
import { addDays, todayIso } from '../../src/shared/time';
import { isolatedTestContext, testContext, type TestContext } from '../support/app';
import { describeInBrowser, pagesInBrowser } from '../support/browser';
import { createAccount, createCustomer, createTestUser, TEST_PASSWORD } from '../support/factories';
import crypto from 'node:crypto';
import { nowIso } from '../../src/shared/time';
import { placeOrder } from '../orders/helpers';
import { act, createQuote, stockedItem } from '../quotes/helpers';

let t: TestContext;
beforeAll(() => {
  t = testContext();
});
afterAll(() => t.close());

/** Screenshots to look at (desktop and a 390 px phone), outside the repository. */
const SHOTS = path.join(os.tmpdir(), 'factorydesk-screenshots');

const overflowsSideways = (page: Page): Promise<boolean> =>
  page.evaluate(
    'document.documentElement.scrollWidth > document.documentElement.clientWidth',
  ) as Promise<boolean>;

const submit = (page: Page, form: string, url: RegExp | string) =>
  Promise.all([page.waitForURL(url), page.click(`${form} button[type=submit]`)]);

describeInBrowser("the account manager's day in a real browser", () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test('takes an unassigned request from the home queue, logs a call, sets a follow-up, is warned of a collision, and the account page shows it all', async () => {
    const customer = await createCustomer(t.deps.db);
    const account = customer.account;
    const { sku } = await stockedItem(t.deps.db, 10);
    const request = await t.http
      .post('/api/quote-requests')
      .set('authorization', customer.auth)
      .send({ accountId: account.id, lines: [{ sku, quantity: 3, requestedDate: addDays(todayIso(), 20) }] });
    expect([request.status, request.body.assignedTo]).toEqual([201, null]);

    const am = await createTestUser(t.deps.db, 'account_manager');
    const page = await signIn(am);
    await page.goto(`${at.url}/`);
    expect(await page.textContent('.main-nav a[href="/quote-requests"]')).toMatch(/^Quote requests \(\d+\)$/);
    const row = page.locator('#queue-requests-table tr', { hasText: request.body.number });
    expect(await row.textContent()).toContain(account.name);
    await Promise.all([
      page.waitForURL(`${at.url}/quote-requests/${request.body.id}`),
      row.locator('button', { hasText: 'Take it' }).click(),
    ]);
    expect(await page.textContent('.flash')).toContain(`Request ${request.body.number} is yours now`);
    await page.goto(`${at.url}/`);
    expect(
      await page.locator('#queue-requests-table tr', { hasText: request.body.number }).textContent(),
    ).toContain('yours');

    await page.goto(`${at.url}/accounts`);
    await page.fill('#account-search input[name=q]', account.erp_customer_id!);
    await submit(page, '#account-search', /\/accounts\?/);
    await Promise.all([page.waitForURL(`${at.url}/accounts/${account.id}`), page.click(`#accounts a`)]);
    const accountUrl = page.url();

    await page.click('#interactions summary');
    await page.selectOption('#log-interaction select[name=kind]', 'call');
    await page.fill('#log-interaction input[name=subject]', 'Spring shutdown plans');
    await page.fill('#log-interaction input[name=people]', 'Ms Weber (purchasing)');
    await page.fill('#log-interaction textarea[name=note]', 'Wants the valves before March.');
    await submit(page, '#log-interaction', accountUrl);
    expect(await page.textContent('.flash')).toContain('Call logged');

    const tomorrow = addDays(todayIso(), 1);
    await page.fill('#set-follow-up input[name=subject]', 'Send the revised offer');
    await page.fill('#set-follow-up input[name=dueAt]', `${tomorrow}T10:00`);
    await submit(page, '#set-follow-up', accountUrl);
    expect(await page.getAttribute('.flash', 'class')).toContain('flash-ok');
    await page.click('#follow-ups summary');
    await page.fill('#set-follow-up input[name=subject]', 'Call the plant manager');
    await page.fill('#set-follow-up input[name=dueAt]', `${tomorrow}T10:15`);
    await submit(page, '#set-follow-up', accountUrl);
    expect(await page.getAttribute('.flash', 'class')).toContain('flash-warning');
    expect(await page.textContent('.flash')).toContain('collides with "Send the revised offer"');

    await page.click('#contacts > details > summary');
    await page.fill('#add-contact input[name=name]', 'Anna Weber');
    await page.fill('#add-contact input[name=email]', 'anna.weber@example.com');
    await submit(page, '#add-contact', accountUrl);
    expect(await page.textContent('.flash')).toContain('Anna Weber was added');
    await page.click('#contact-list summary');
    await page.fill('#contact-list input[name=title]', 'Head of purchasing');
    await submit(page, '#contact-list form', accountUrl);
    expect((await page.textContent('#contact-list tbody tr')) ?? '').toContain('Head of purchasing');

    const interactions = (await page.textContent('#interactions')) ?? '';
    expect(interactions).toContain('Spring shutdown plans');
    expect(interactions).toContain('Ms Weber (purchasing)');
    const followUps = (await page.textContent('#follow-ups')) ?? '';
    expect(followUps).toContain(`${tomorrow} 10:00 UTC — Send the revised offer`);
    expect(followUps).toContain(`${tomorrow} 10:15 UTC — Call the plant manager`);
    expect(await page.textContent('#account-requests')).toContain(request.body.number);

    fs.mkdirSync(SHOTS, { recursive: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, 'account-desktop.png'), fullPage: true });
    await page.goto(`${at.url}/`);
    await page.screenshot({ path: path.join(SHOTS, 'home-am-desktop.png'), fullPage: true });
    await page.goto(`${at.url}/follow-ups?day=${tomorrow}`);
    expect(await page.textContent('main')).toContain('Call the plant manager');
    await page.screenshot({ path: path.join(SHOTS, 'follow-ups-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [name, url] of [
      ['account', accountUrl],
      ['home-am', `${at.url}/`],
      ['follow-ups', `${at.url}/follow-ups?day=${tomorrow}`],
    ] as const) {
      await page.goto(url);
      await page.screenshot({ path: path.join(SHOTS, `${name}-390.png`), fullPage: true });
      expect([name, await overflowsSideways(page)]).toEqual([name, false]);
    }
  });

  test("a customer opening an account page, its own or another's, is refused like any staff page", async () => {
    const customer = await createCustomer(t.deps.db);
    const other = await createAccount(t.deps.db);
    const page = await signIn(customer);
    for (const id of [customer.account.id, other.id]) {
      const res = await page.goto(`${at.url}/accounts/${id}`);
      expect(res?.status()).toBe(403);
    }
  });
});

// The last sync is the database's: a database of its own, so no other test's run is the last.
describeInBrowser("the admin's and the planner's work queues in a real browser", () => {
  let iso: Awaited<ReturnType<typeof isolatedTestContext>>;
  beforeAll(async () => {
    iso = await isolatedTestContext();
  });
  afterAll(() => iso.close());
  const { at, signIn } = pagesInBrowser(() => buildApp(iso.deps), TEST_PASSWORD);

  test("the admin's home lists the approvals pending and the last sync with its quarantine; the planner's, the lines that slipped in it", async () => {
    const am = await createTestUser(iso.deps.db, 'account_manager');
    const customer = await createCustomer(iso.deps.db);
    const manager = await createTestUser(iso.deps.db, 'account_manager');
    await iso.deps
      .db('accounts')
      .where({ id: customer.account.id })
      .update({ account_manager_email: manager.email });
    const { sku, site } = await stockedItem(iso.deps.db, 100, 200);
    const q = await createQuote(iso.http, am, {
      accountId: customer.account.id,
      lines: [{ sku, quantity: 1, requestedDate: addDays(todayIso(), 3), unitPrice: 150 }],
    });
    expect((await act(iso.http, am, q.id, 'request-approval')).status).toBe(200);

    // A sync that started now, quarantined a row, and after which a line of the account slipped.
    const runId = crypto.randomUUID();
    await iso.deps.db('erp_sync_runs').insert({
      id: runId,
      status: 'succeeded',
      trigger: 'manual',
      connector: 'file-drop',
      created_at: nowIso(),
      started_at: nowIso(),
      finished_at: nowIso(),
    });
    await iso.deps.db('erp_quarantine').insert({
      run_id: runId,
      dataset: 'stock',
      file: 'stock.csv',
      line: 7,
      reason: 'quantity is not a number',
      created_at: nowIso(),
    });
    const order = await placeOrder(iso.http, am, {
      accountId: customer.account.id,
      site,
      lines: [{ sku, quantity: 2, requestedDate: addDays(todayIso(), 5) }],
    });
    await iso.deps
      .db('order_lines')
      .where({ order_id: order.id, line_no: 1 })
      .update({ slipped_at: nowIso(), slip_reason: 'purchase order PR-1 moved' });

    const admin = await signIn(await createTestUser(iso.deps.db, 'admin'));
    await admin.goto(`${at.url}/`);
    expect(await admin.textContent('#queue-approvals')).toContain(q.number);
    expect(await admin.textContent('.main-nav a[href="/quotes"]')).toMatch(/^Quotes \(\d+\)$/);
    expect(await admin.textContent('#queue-sync')).toContain('1 rows quarantined');
    expect(await admin.textContent('#queue-users')).toMatch(/admin: \d+ active/);

    const planner = await signIn(await createTestUser(iso.deps.db, 'planner'));
    await planner.goto(`${at.url}/`);
    expect(await planner.textContent('#queue-sync')).toContain('1 rows quarantined');
    expect(await planner.textContent('#queue-slipped')).toContain(`${order.number} line 1`);

    const mine = await signIn(manager);
    await mine.goto(`${at.url}/`);
    expect(await mine.textContent('#queue-lines')).toContain('purchase order PR-1 moved');
  });
});
