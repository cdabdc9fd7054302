import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { buildApp } from '../../src/app';
import { createCustomer, createTestUser, TEST_PASSWORD } from '../support/factories';
import { useTestApp } from '../support/test-app';
import { describeInBrowser, launchBrowser, listen } from '../support/browser';

const t = useTestApp();

function cookieOf(setCookie: string[] | string | undefined, name: string): string | undefined {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return list.find((c) => c.startsWith(`${name}=`));
}

async function signIn(email: string, password = TEST_PASSWORD) {
  const page = await t.http.get('/login');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  const loginCookie = cookieOf(page.headers['set-cookie'], 'fd_login_csrf')!.split(';')[0]!;
  return t.http.post('/login').set('cookie', loginCookie).type('form').send({ _csrf: csrf, email, password });
}

describe('the login page', () => {
  test('with the right password, it sets an HttpOnly SameSite session cookie and redirects home', async () => {
    const user = await createTestUser(t.deps.db, 'account_manager');
    const res = await signIn(user.email);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookie = cookieOf(res.headers['set-cookie'], 'fd_session');
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const home = await t.http.get('/').set('cookie', cookie!.split(';')[0]!);
    expect(home.status).toBe(200);
    expect(home.text).toContain(user.email);
  });

  test('an e-mail holding a NUL character is refused (400) with the form shown again, not an error page', async () => {
    const res = await signIn('ann\u0000@example.com');
    expect(res.status).toBe(400);
    expect(res.text).toContain('not allowed');
    expect(cookieOf(res.headers['set-cookie'], 'fd_session')).toBeUndefined();
  });

  test('without the form token, the login is refused (403) and no session starts', async () => {
    const user = await createTestUser(t.deps.db, 'account_manager');
    const res = await t.http.post('/login').type('form').send({ email: user.email, password: TEST_PASSWORD });
    expect(res.status).toBe(403);
    expect(cookieOf(res.headers['set-cookie'], 'fd_session')).toBeUndefined();
  });

  test('with a wrong password, the form shows an error and the user stays signed out', async () => {
    const user = await createTestUser(t.deps.db, 'account_manager');
    const res = await signIn(user.email, 'wrong password');
    expect(res.status).toBe(401);
    expect(res.text).toContain('E-mail or password is wrong');
    expect(cookieOf(res.headers['set-cookie'], 'fd_session')).toBeUndefined();
  });

  test('a cookie session must send its CSRF token on unsafe API calls', async () => {
    const customer = await createCustomer(t.deps.db);
    const am = await createTestUser(t.deps.db, 'account_manager');
    const session = cookieOf((await signIn(am.email)).headers['set-cookie'], 'fd_session')!.split(';')[0]!;
    const url = `/api/accounts/${customer.account.id}/contacts`;
    const refused = await t.http.post(url).set('cookie', session).send({ name: 'Via Cookie' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('csrf_failed');
    expect(await t.deps.db('contacts').where({ account_id: customer.account.id })).toEqual([]);
    const me = await t.http.get('/api/me').set('cookie', session);
    const ok = await t.http
      .post(url)
      .set('cookie', session)
      .set('x-csrf-token', me.body.csrfToken)
      .send({ name: 'Via Cookie' });
    expect(ok.status).toBe(201);
  });

  test('signing out revokes the session', async () => {
    const user = await createTestUser(t.deps.db, 'planner');
    const session = cookieOf((await signIn(user.email)).headers['set-cookie'], 'fd_session')!.split(';')[0]!;
    const me = await t.http.get('/api/me').set('cookie', session);
    const out = await t.http
      .post('/logout')
      .set('cookie', session)
      .type('form')
      .send({ _csrf: me.body.csrfToken });
    expect(out.status).toBe(303);
    expect((await t.http.get('/api/me').set('cookie', session)).status).toBe(401);
  });
});

describeInBrowser('the login page in a real browser', () => {
  let browser: Browser;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    ({ url, server } = await listen(buildApp(t.deps)));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  test('a customer signs in with the form, sees its company, and signs out', async () => {
    const customer = await createCustomer(t.deps.db);
    const page = await browser.newPage();
    await page.goto(`${url}/`);
    expect(page.url()).toBe(`${url}/login`);
    await page.fill('input[name=email]', customer.email);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${url}/`);
    expect(await page.textContent('main')).toContain(customer.account.name);
    await page.click('text=Sign out');
    await page.waitForURL(`${url}/login`);
    await page.close();
  });

  test('a wrong password shows the error on the form', async () => {
    const user = await createTestUser(t.deps.db, 'planner');
    const page = await browser.newPage();
    await page.goto(`${url}/login`);
    await page.fill('input[name=email]', user.email);
    await page.fill('input[name=password]', 'not it');
    await page.click('button[type=submit]');
    expect(await page.textContent('[role=alert]')).toContain('E-mail or password is wrong');
    await page.close();
  });
});
