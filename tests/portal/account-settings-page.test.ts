import { buildApp } from '../../src/app';
import { useTestApp } from '../support/test-app';
import { describeInBrowser, overflowsSideways, pagesInBrowser, shoot } from '../support/browser';
import { createAccount, createTestUser, TEST_PASSWORD } from '../support/factories';

const t = useTestApp();

const stored = async (accountId: string) =>
  t.deps.db('account_settings').where({ account_id: accountId }).first();

describeInBrowser('the account settings page in a real browser', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test('an admin switches allocation on from the account page; an account manager sees it but cannot change it', async () => {
    const account = await createAccount(t.deps.db, { name: 'Allocation Key Account AG' });
    const admin = await signIn(await createTestUser(t.deps.db, 'admin'));
    await admin.setViewportSize({ width: 1280, height: 900 });
    await admin.goto(`${at.url}/accounts/${account.id}`);
    await Promise.all([
      admin.waitForURL(`${at.url}/accounts/${account.id}/settings`),
      admin.click('#settings-link'),
    ]);
    expect(await admin.inputValue('#allocation')).toBe('');
    await admin.selectOption('#allocation', 'win');
    await Promise.all([admin.waitForNavigation(), admin.click('#settings-form button[type=submit]')]);
    expect(await admin.textContent('.flash')).toContain('allocation win');
    expect(await admin.inputValue('#allocation')).toBe('win');
    expect((await stored(account.id))?.allocation).toBe('win');
    await shoot(admin, 'account-settings-desktop');
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.reload();
    expect(await overflowsSideways(admin)).toBe(false);
    await shoot(admin, 'account-settings-390');

    const am = await signIn(await createTestUser(t.deps.db, 'account_manager'));
    await am.goto(`${at.url}/accounts/${account.id}/settings`);
    expect(await am.$('#allocation')).toBeNull();
    expect(await am.textContent('#allocation-text')).toContain('win: confirmed in full and on time');
    await am.fill('input[name=alertDaysBefore]', '7');
    await Promise.all([am.waitForNavigation(), am.click('#settings-form button[type=submit]')]);
    expect(await am.textContent('.flash')).toContain('Settings saved');
    expect(await stored(account.id)).toMatchObject({ allocation: 'win', alert_days_before: 7 });
  });

  test('a value that is not a number is said on the page and nothing is stored', async () => {
    const account = await createAccount(t.deps.db, { name: 'Typo Industries' });
    const admin = await signIn(await createTestUser(t.deps.db, 'admin'));
    await admin.goto(`${at.url}/accounts/${account.id}/settings`);
    await admin.fill('input[name=lateDays]', 'two');
    await admin.selectOption('#allocation', 'lose');
    await Promise.all([admin.waitForNavigation(), admin.click('#settings-form button[type=submit]')]);
    expect(await admin.textContent('.flash')).toContain('The settings are not valid');
    expect(await stored(account.id)).toBeUndefined();
  });
});
