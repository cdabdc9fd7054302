import type { Page } from 'playwright-core';
import { buildApp } from '../../src/app';
import {
  describeInBrowser,
  overflowsSideways,
  pagesInBrowser,
  shoot,
  tableCells as cells,
} from '../support/browser';
import { createCustomer, createTestUser, TEST_PASSWORD, uniq } from '../support/factories';
import { useTestApp } from '../support/test-app';

// The figures page counts every case of the database: this file's own.
const t = useTestApp({ isolated: true });

/** The page at desktop width and on a 390 px phone (which must not scroll sideways), then back at desktop width. */
async function shootBoth(page: Page, name: string): Promise<void> {
  for (const [suffix, width] of [
    ['desktop', 1280],
    ['phone', 390],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await shoot(page, `${name}-${suffix}`);
    expect(await overflowsSideways(page)).toBe(false);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describeInBrowser('knowledge, cause codes and the service figures in a real browser', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test('a resolved case is suggested on a new one and becomes an article; a complaint closes with its cause; the figures page shows it', async () => {
    const admin = await signIn(await createTestUser(t.deps.db, 'admin'));
    await admin.goto(`${at.url}/service/causes`);
    await admin.fill('input[name=code]', 'supplier-lot');
    await admin.fill('input[name=label]', 'Defective supplier lot');
    await Promise.all([
      admin.waitForURL(/\/service\/causes$/),
      admin.click('form[action="/service/causes"] button'),
    ]);
    expect(await cells(admin, '#cause-codes')).toContainEqual([
      'SUPPLIER-LOT',
      'Defective supplier lot',
      'yes',
      'Retire',
    ]);

    const customer = await createCustomer(t.deps.db);
    const desk = await signIn(await createTestUser(t.deps.db, 'service'));
    const word = uniq('gasket').replace(/[^a-z0-9]/gi, '');
    const open = async (subject: string) => {
      await desk.goto(`${at.url}/cases/new?accountId=${customer.accountId}`);
      await desk.fill('input[name=subject]', subject);
      await desk.fill('textarea[name=description]', `The ${word} leaks at the flange.`);
      await Promise.all([
        desk.waitForURL(/\/cases\/[0-9a-f-]{36}$/),
        desk.click('form[action="/cases"] button'),
      ]);
      return desk.url();
    };
    const first = await open(`Flange ${word} leaking`);
    await desk.selectOption('select[name=status]', 'resolved');
    await desk.fill('input[name=reason]', 'Fitted the reinforced gasket.');
    await Promise.all([desk.waitForURL(first), desk.click('form[action$="/status"] button')]);
    // Closing a complaint asks for its cause; without one the case stays resolved.
    await desk.selectOption('select[name=status]', 'closed');
    await Promise.all([desk.waitForURL(first), desk.click('form[action$="/status"] button')]);
    expect(await desk.textContent('[data-test=status]')).toBe('resolved');
    await desk.selectOption('select[name=status]', 'closed');
    await desk.selectOption('select[name=causeCode]', 'SUPPLIER-LOT');
    await Promise.all([desk.waitForURL(first), desk.click('form[action$="/status"] button')]);
    expect(await desk.textContent('[data-test=status]')).toBe('closed');
    expect(await desk.textContent('[data-test=cause]')).toBe('SUPPLIER-LOT');

    const second = await open(`${word} leaks again`);
    expect(await desk.textContent('#case-suggestions')).toContain('Fitted the reinforced gasket.');
    await shootBoth(desk, 'case-suggestions');
    expect(second).not.toBe(first);

    await desk.goto(first);
    await Promise.all([
      desk.waitForURL(/\/knowledge\/articles\//),
      desk.click('form[action$="/article"] button'),
    ]);
    expect(await desk.textContent('#article')).toContain('Fitted the reinforced gasket.');
    await desk.goto(`${at.url}/knowledge?q=${word}`);
    expect(await desk.textContent('#knowledge-results')).toContain(`Flange ${word} leaking`);

    await desk.goto(`${at.url}/service/figures`);
    const month = new Date().toISOString().slice(0, 7);
    expect((await cells(desk, '#service-periods')).find((r) => r[0] === month)?.slice(1, 3)).toEqual([
      '2',
      '1',
    ]);
    expect(await cells(desk, '#service-causes')).toEqual([
      ['Defective supplier lot SUPPLIER-LOT', '1', '100 %', '100 %'],
    ]);
    expect(await desk.locator('#service-trend svg').count()).toBe(1);
    expect(await desk.locator('#service-pareto svg').count()).toBe(1);
    await shootBoth(desk, 'service-figures');
    const download = await desk.request.get(`${at.url}${await desk.getAttribute('a[download]', 'href')}`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toContain('spreadsheetml');
  });
});
