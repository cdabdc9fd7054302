import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app';
import { addDays, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import { describeInBrowser, overflowsSideways, pagesInBrowser } from '../support/browser';
import { createAccount, createCustomer, createTestUser, TEST_PASSWORD } from '../support/factories';
import { pageSession } from '../support/page-session';
import { Quote, readQuote, stockedItem } from '../quotes/helpers';

const t = useTestApp();
const day = (n: number): string => addDays(todayIso(), n);

const quotesOf = async (accountId: string): Promise<number> =>
  Number((await t.deps.db('quotes').where({ account_id: accountId }).count({ n: '*' }).first())?.n);

describe('the new-quote page', () => {
  test('an account manager drafts a quote of a catalog line at list price and a custom part with its price and lead time', async () => {
    const account = await createAccount(t.deps.db);
    const { sku } = await stockedItem(t.deps.db, 50, 100);
    const am = await createTestUser(t.deps.db, 'account_manager');
    const s = await pageSession(buildApp(t.deps), am);
    expect((await s.agent.get('/quotes')).text).toContain('href="/quotes/new"');
    const res = await s.post('/quotes/new', '/quotes', {
      accountId: account.id,
      'lines.0.sku': sku,
      'lines.0.quantity': '4',
      'lines.0.requestedDate': day(5),
      'lines.2.description': 'Flange to drawing 4711',
      'lines.2.quantity': '2',
      'lines.2.requestedDate': day(10),
      'lines.2.unitPrice': '480',
      'lines.2.leadTimeDays': '30',
    });
    expect(res.status).toBe(303);
    const id = /^\/quotes\/([0-9a-f-]{36})$/.exec(res.headers.location ?? '')?.[1];
    expect(id).toBeDefined();
    const q = (await readQuote(t.http, am, id!)).body as Quote;
    expect(q.lines.map((l) => [l.sku, l.description ?? null, l.unitPrice, l.quotedDate])).toEqual([
      [sku, expect.any(String), 100, day(5)],
      [null, 'Flange to drawing 4711', 480, day(30)],
    ]);
    expect(q.total).toBe(1360);
  });

  test('a custom part without its lead time is refused in the API words; the form comes back as typed and no quote is made', async () => {
    const account = await createAccount(t.deps.db);
    const am = await createTestUser(t.deps.db, 'account_manager');
    const s = await pageSession(buildApp(t.deps), am);
    const res = await s.post('/quotes/new', '/quotes', {
      accountId: account.id,
      'lines.0.description': 'Flange to drawing 4711',
      'lines.0.quantity': '2',
      'lines.0.requestedDate': day(10),
      'lines.0.unitPrice': '480',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('a non-catalog line needs its lead time');
    expect(res.text).toContain('value="Flange to drawing 4711"');
    expect(await quotesOf(account.id)).toBe(0);
  });

  test('a customer may not open the new-quote page (403)', async () => {
    const s = await pageSession(buildApp(t.deps), await createCustomer(t.deps.db));
    expect((await s.agent.get('/quotes/new')).status).toBe(403);
  });
});

describeInBrowser('the new-quote page in a real browser', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test('typed in Chromium, the quote lands on its page; the form fits a phone without sideways scroll', async () => {
    const account = await createAccount(t.deps.db);
    const am = await createTestUser(t.deps.db, 'account_manager');
    const page = await signIn(am);
    const shots = path.join(os.tmpdir(), 'factorydesk-screenshots');
    fs.mkdirSync(shots, { recursive: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${at.url}/quotes/new`);
    await page.screenshot({ path: path.join(shots, 'quote-new-390.png'), fullPage: true });
    expect(await overflowsSideways(page)).toBe(false);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.selectOption('#new-quote select[name=accountId]', account.id);
    await page.fill('input[name="lines.0.description"]', 'Bracket to drawing 17');
    await page.fill('input[name="lines.0.quantity"]', '5');
    await page.fill('input[name="lines.0.requestedDate"]', day(12));
    await page.fill('input[name="lines.0.unitPrice"]', '12.50');
    await page.fill('input[name="lines.0.leadTimeDays"]', '7');
    await page.screenshot({ path: path.join(shots, 'quote-new-desktop.png'), fullPage: true });
    await Promise.all([
      page.waitForURL(/\/quotes\/[0-9a-f-]{36}$/),
      page.click('#new-quote button[type=submit]'),
    ]);
    expect(await page.textContent('.flash')).toMatch(/Quote Q-\d+ was drafted/);
    expect((await page.textContent('#lines')) ?? '').toContain('62.50');
  });
});
