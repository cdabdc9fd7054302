import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { buildApp } from '../../src/app';
import { isolatedTestContext, testContext, TestContext } from '../support/app';
import { describeInBrowser, pagesInBrowser } from '../support/browser';
import { createCustomer, createTestUser, TEST_PASSWORD, TestUser } from '../support/factories';

let t: TestContext;
beforeAll(() => {
  t = testContext();
});
afterAll(() => t.close());

const expectJsonError = (res: request.Response, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.type).toBe('application/json');
  expect(res.body).toEqual({
    error: {
      code,
      message: expect.any(String),
      details: expect.any(Array),
      requestId: res.headers['x-request-id'],
    },
  });
};

/** A signed-in agent without a browser: the session cookie the login form sets. */
async function sessionOf(user: TestUser) {
  const agent = request.agent(buildApp(t.deps));
  const login = await agent.get('/login');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(login.text)![1]!;
  const res = await agent
    .post('/login')
    .type('form')
    .send({ email: user.email, password: TEST_PASSWORD, _csrf: csrf });
  expect(res.status).toBe(303);
  return agent;
}

describe('errors of API paths and of pages without a browser', () => {
  test('an unknown API path answers the JSON error shape, even to a client that asks for HTML', async () => {
    expectJsonError(await t.http.get('/api/unknown'), 404, 'not_found');
    expectJsonError(await t.http.get('/api/unknown').set('accept', 'text/html'), 404, 'not_found');
  });

  test('an API call a role may not make still answers JSON 403 with a session cookie', async () => {
    const customer = await sessionOf(await createCustomer(t.deps.db));
    expectJsonError(await customer.get('/api/users').set('accept', 'text/html'), 403, 'forbidden');
  });

  test('an unknown page path answers the HTML not-found page, also to a client that asks for JSON', async () => {
    for (const res of [
      await t.http.get('/no-such-page'),
      await t.http.get('/no-such-page').set('accept', 'application/json'),
    ]) {
      expect(res.status).toBe(404);
      expect(res.type).toBe('text/html');
      expect(res.text).toContain('<h1>Not found</h1>');
      expect(res.text).toContain(res.headers['x-request-id']);
    }
  });

  test('signing out with an expired form token answers the HTML 403 page, not JSON', async () => {
    const planner = await sessionOf(await createTestUser(t.deps.db, 'planner'));
    const res = await planner.post('/logout').type('form').send({ _csrf: 'stale' });
    expect(res.status).toBe(403);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('The form is out of date');
    expect(res.text).toContain('class="main-nav"');
  });
});

/** Whether the page is wider than the window: what a phone would scroll sideways. */
type Root = { document: { documentElement: { scrollWidth: number; clientWidth: number } } };
const overflowsSideways = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    const root = (globalThis as unknown as Root).document.documentElement;
    return root.scrollWidth > root.clientWidth;
  });

/** The links' labels without their counts ("Quote requests (1)"), which other files' rows in the shared database move. */
const navLinks = (page: Page): Promise<string[]> =>
  page.$$eval('nav.main-nav a', (links) =>
    links.map((a) => (a.textContent ?? '').trim().replace(/ \(\d+\)$/, '')),
  );

describeInBrowser('the HTML error page in a real browser', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test('a signed-in user on an unknown path gets the not-found page in the layout with the navigation', async () => {
    const page = await signIn(await createTestUser(t.deps.db, 'account_manager'));
    const res = await page.goto(`${at.url}/no-such-page/at-all`);
    expect(res?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('Not found');
    expect(await navLinks(page)).toEqual([
      'Quotes',
      'Quote requests',
      'Orders',
      'Availability',
      'New order',
      'Inbox',
      'Service cases',
      'Knowledge',
      'Fulfillment risk',
      'Fulfillment metrics',
      'Accounts',
      'Accounts at risk',
      'Pipeline',
      'Follow-ups',
    ]);
    expect(await page.textContent('#request-id')).toBe(res?.headers()['x-request-id']);
  });

  test('a visitor who is not signed in gets the not-found page without a navigation', async () => {
    const page = await (await signIn(await createTestUser(t.deps.db, 'planner')))
      .context()
      .browser()!
      .newPage();
    const res = await page.goto(`${at.url}/nowhere`);
    expect(res?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('Not found');
    expect(await page.$('nav.main-nav')).toBeNull();
    expect(await page.textContent('a.brand')).toBe('FactoryDesk');
    await page.close();
  });

  test('a customer opening availability gets the not-allowed page (403) with its own navigation', async () => {
    const page = await signIn(await createCustomer(t.deps.db));
    const res = await page.goto(`${at.url}/availability`);
    expect(res?.status()).toBe(403);
    expect(await page.textContent('h1')).toBe('Not allowed');
    expect(await page.textContent('[role=alert]')).toContain('Your role may not open this page');
    expect(await navLinks(page)).toEqual([
      'Quotes',
      'Quote requests',
      'Orders',
      'Ask for a quotation',
      'Inbox',
      'Service cases',
      'Knowledge',
      'Delivery performance',
    ]);
  });

  test('at 390 px and on a desktop, neither the error page nor the home page is wider than the window', async () => {
    const page = await signIn(await createTestUser(t.deps.db, 'account_manager'));
    const shots = process.env.SCREENSHOT_DIR;
    if (shots) fs.mkdirSync(shots, { recursive: true });
    for (const [name, width, height] of [
      ['desktop', 1280, 800],
      ['phone', 390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const [what, url] of [
        ['home', '/'],
        ['error', '/no-such-page'],
      ] as const) {
        await page.goto(`${at.url}${url}`);
        if (shots) await page.screenshot({ path: path.join(shots, `${what}-${name}.png`), fullPage: true });
        expect([what, name, await overflowsSideways(page)]).toEqual([what, name, false]);
      }
    }
  });
});

describeInBrowser('an unexpected error on a page in a real browser', () => {
  let broken: Awaited<ReturnType<typeof isolatedTestContext>>;
  // A database of its own, made before pagesInBrowser's hook builds the app on it.
  beforeAll(async () => {
    broken = await isolatedTestContext();
  });
  afterAll(() => broken.close());
  const { at, signIn } = pagesInBrowser(() => buildApp(broken.deps), TEST_PASSWORD);

  test('a page whose table is gone answers the 500 page with a request id and the navigation, and no SQL or stack', async () => {
    const planner = await createTestUser(broken.deps.db, 'planner');
    const page = await signIn(planner);
    // What a page reads is gone; signing in and the navigation do not need it.
    await broken.deps.db.schema.renameTable('orders', 'orders_gone_for_this_test');
    const res = await page.goto(`${at.url}/orders`);
    expect(res?.status()).toBe(500);
    expect(await page.textContent('h1')).toBe('Something went wrong');
    expect(await page.textContent('#request-id')).toBe(res?.headers()['x-request-id']);
    expect(await navLinks(page)).toEqual([
      'Orders',
      'Availability',
      'Fulfillment risk',
      'Fulfillment metrics',
      'Accounts',
      'Pipeline',
      'Follow-ups',
      'ERP sync',
    ]);
    const shown = (await page.textContent('body')) ?? '';
    expect(shown).toContain('the request id identifies it in our logs');
    expect(shown).not.toMatch(/orders_gone|no such table|does not exist|select|\.ts:|\bat /i);
  });
});
