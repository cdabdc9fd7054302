import type { Page } from 'playwright-core';
import { buildApp } from '../../src/app';
import { recomputeAccountClasses } from '../../src/metrics';
import { todayIso } from '../../src/shared/time';
import { isolatedTestContext, type TestContext } from '../support/app';
import { describeInBrowser, overflowsSideways, pagesInBrowser, shoot, tableCells } from '../support/browser';
import { createTestUser, TEST_PASSWORD } from '../support/factories';
import { seedKnowledgeHistory } from '../metrics/account-knowledge-scenario';

let t: TestContext;
let ids: Record<'p' | 'q' | 'r', string>;
beforeAll(async () => {
  t = await isolatedTestContext();
  ({ ids } = await seedKnowledgeHistory(t));
  // Classes now: P 100 of 163 → A, Q (100 before it, 61 %) → A, R (160 before it, 98 %) → C.
  await recomputeAccountClasses(t.deps.db, todayIso());
});
afterAll(() => t.close());

const signals = (page: Page, scope: string) =>
  page.$$eval(`${scope} li[data-rule], ${scope} .flash li`, (lis) => lis.map((li) => li.textContent?.trim()));

describeInBrowser('account knowledge in a real browser', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test('an account manager opens "Accounts at risk" and sees P and R with their reasons, then P\'s knowledge on its page', async () => {
    const am = await signIn(await createTestUser(t.deps.db, 'account_manager'));
    await am.setViewportSize({ width: 1280, height: 900 });
    await am.goto(`${at.url}/`);
    await Promise.all([am.waitForNavigation(), am.click('nav >> text=Accounts at risk')]);
    const rows = await tableCells(am, '#accounts-overview');
    expect(rows.map((r) => [r[0], r[1], r[6]])).toEqual([
      ['P Pumps', 'A', 'am@example.com'],
      ['R Rivets', 'C', ''],
    ]);
    expect(rows[0]![2]).toBe('100.00');
    expect(rows[0]![3]).toBe('-90 %');
    expect(await signals(am, '#accounts-overview')).toEqual([
      'Class A last year; ordered less than half as much in the last 12 months',
      '2 complaints in the last 12 months against 0 the year before',
      'No order for 180 days; usually orders every 10 days',
    ]);
    await shoot(am, 'accounts-at-risk-desktop');

    await Promise.all([am.waitForNavigation(), am.click('#accounts-overview >> text=P Pumps')]);
    expect(new URL(am.url()).pathname).toBe(`/accounts/${ids.p}`);
    const facts = await am.textContent('#account-knowledge');
    expect(facts).toContain('A · 100.00');
    expect(facts).toContain('100.00 (-90 % against 1,000.00)');
    expect(facts).toContain('0 returns · 0 expedites · 1 re-promises');
    expect(await signals(am, '#account-knowledge')).toHaveLength(2);
    await shoot(am, 'account-knowledge-desktop');

    await am.setViewportSize({ width: 390, height: 844 });
    expect(await overflowsSideways(am)).toBe(false);
    await shoot(am, 'account-knowledge-390');
    await am.goto(`${at.url}/accounts-at-risk`);
    expect(await overflowsSideways(am)).toBe(false);
    await shoot(am, 'accounts-at-risk-390');
  });

  test('the overview lists every account; Q, growing, has no signal', async () => {
    const admin = await signIn(await createTestUser(t.deps.db, 'admin'));
    await admin.goto(`${at.url}/accounts-overview`);
    const rows = await tableCells(admin, '#accounts-overview');
    const q = rows.find((r) => r[0] === 'Q Quarry')!;
    expect([q[3], q[5]]).toEqual(['+20 %', 'none']);
  });
});
