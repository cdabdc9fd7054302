import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { buildApp } from '../../src/app';
import { addDays, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import { describeInBrowser, overflowsSideways, pagesInBrowser } from '../support/browser';
import { createCustomer, createTestUser, TEST_PASSWORD } from '../support/factories';
import { stockedItem } from '../quotes/helpers';

// A database of its own: the home queue lists every unassigned request, and this walk takes one.
const t = useTestApp({ isolated: true });
const day = (n: number): string => addDays(todayIso(), n);

/** Screenshots to look at (desktop and a 390 px phone), outside the repository. */
const SHOTS = path.join(os.tmpdir(), 'factorydesk-screenshots');

const submit = (page: Page, form: string, url: RegExp | string) =>
  Promise.all([page.waitForURL(url), page.click(`${form} button[type=submit]`)]);
const textOf = async (page: Page, selector: string): Promise<string> =>
  ((await page.textContent(selector)) ?? '').replace(/\s+/g, ' ');

describeInBrowser("the account manager's day, entirely in the pages", () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test('takes an unassigned request from home, quotes its custom part, compares revisions, logs a call, sets a follow-up (warned of a collision), and the account page shows it all', async () => {
    const customer = await createCustomer(t.deps.db);
    const account = customer.account;
    const { sku } = await stockedItem(t.deps.db, 50, 100);
    const request = await t.http
      .post('/api/quote-requests')
      .set('authorization', customer.auth)
      .send({
        accountId: account.id,
        lines: [
          { sku, quantity: 4, requestedDate: day(5) },
          { description: 'Flange to drawing 4711', quantity: 2, requestedDate: day(10) },
        ],
      });
    expect([request.status, request.body.assignedTo]).toEqual([201, null]);

    const am = await createTestUser(t.deps.db, 'account_manager');
    const page = await signIn(am);
    await page.goto(`${at.url}/`);
    const row = page.locator('#queue-requests-table tr', { hasText: request.body.number });
    await Promise.all([
      page.waitForURL(`${at.url}/quote-requests/${request.body.id}`),
      row.locator('button', { hasText: 'Take it' }).click(),
    ]);
    expect(await textOf(page, '.flash')).toContain(`Request ${request.body.number} is yours now`);

    // Quote it: revision 1 prices the catalog line; the flange has no price or date yet.
    await submit(page, `form[action$="/quote"]`, /\/quotes\/[0-9a-f-]{36}$/);
    const quoteUrl = page.url();
    expect(await textOf(page, '.flash')).toMatch(/Quote Q-\d+ was drafted from request/);
    const quoteNumber = (await textOf(page, 'h1')).match(/Q-\d+/)![0];

    // The flange's price without its lead time is refused in the API's words, and saves nothing.
    await page.click('section:has(#revise) summary');
    await page.fill('#revise input[name="lines.1.unitPrice"]', '480');
    await page.fill('#revise input[name=reason]', 'priced the flange');
    await submit(page, '#revise', quoteUrl);
    expect(await textOf(page, '.flash-error')).toContain('a non-catalog line needs its lead time');
    expect(await textOf(page, 'h1')).toContain('revision 1');

    await page.click('section:has(#revise) summary');
    await page.fill('#revise input[name="lines.1.unitPrice"]', '480');
    await page.fill('#revise input[name="lines.1.leadTimeDays"]', '30');
    await page.fill('#revise input[name=reason]', 'priced the flange');
    await submit(page, '#revise', quoteUrl);
    expect(await textOf(page, '.flash')).toContain('Revision 2 was made');
    const lines = await textOf(page, '#lines');
    expect(lines).toContain('480.00');
    expect(lines).toContain(day(30));

    // What revision 2 changed, as the API's diff says it.
    const compare = await textOf(page, '#compare');
    expect(compare).toContain('What changed from revision 1 to 2');
    expect(compare).toContain('unit price 0.00 → 480.00');
    expect(compare).toContain(`quoted date — → ${day(30)}`);
    await submit(page, 'section.actions form[action$="/send"]', quoteUrl);
    expect(await textOf(page, '[data-test=status]')).toBe('sent');

    // The account page, from the quote's customer: log the call, set follow-ups.
    await page.goto(`${at.url}/accounts/${account.id}`);
    const accountUrl = page.url();
    await page.click('#interactions summary');
    await page.selectOption('#log-interaction select[name=kind]', 'call');
    await page.fill('#log-interaction input[name=subject]', `Walked through ${quoteNumber}`);
    await page.fill('#log-interaction input[name=people]', 'Ms Weber (purchasing)');
    await page.fill('#log-interaction textarea[name=note]', 'The flange lead time is fine for them.');
    await submit(page, '#log-interaction', accountUrl);
    expect(await textOf(page, '.flash')).toContain('Call logged');

    const tomorrow = day(1);
    await page.fill('#set-follow-up input[name=subject]', `Ask for the order on ${quoteNumber}`);
    await page.fill('#set-follow-up input[name=dueAt]', `${tomorrow}T09:00`);
    await submit(page, '#set-follow-up', accountUrl);
    expect(await page.getAttribute('.flash', 'class')).toContain('flash-ok');
    await page.click('#follow-ups summary');
    await page.fill('#set-follow-up input[name=subject]', 'Visit the plant');
    await page.fill('#set-follow-up input[name=dueAt]', `${tomorrow}T09:15`);
    await submit(page, '#set-follow-up', accountUrl);
    expect(await page.getAttribute('.flash', 'class')).toContain('flash-warning');
    expect(await textOf(page, '.flash')).toContain(`collides with "Ask for the order on ${quoteNumber}"`);

    expect(await textOf(page, '#account-requests')).toContain(request.body.number);
    expect(await textOf(page, '#account-quotes')).toMatch(new RegExp(`${quoteNumber} rev. 2 sent`));
    expect(await textOf(page, '#interactions')).toContain(`Walked through ${quoteNumber}`);
    const followUps = await textOf(page, '#follow-ups');
    expect(followUps).toContain(`${tomorrow} 09:00 UTC — Ask for the order on ${quoteNumber}`);
    expect(followUps).toContain(`${tomorrow} 09:15 UTC — Visit the plant`);

    fs.mkdirSync(SHOTS, { recursive: true });
    for (const [width, height, suffix] of [
      [1280, 900, 'desktop'],
      [390, 844, '390'],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const [name, url] of [
        ['quote-compare', quoteUrl],
        ['quotes-list', `${at.url}/quotes`],
      ] as const) {
        await page.goto(url);
        await page.screenshot({ path: path.join(SHOTS, `${name}-${suffix}.png`), fullPage: true });
        expect([name, suffix, await overflowsSideways(page)]).toEqual([name, suffix, false]);
      }
    }
  });
});
