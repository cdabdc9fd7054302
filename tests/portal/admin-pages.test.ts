import type { Page } from 'playwright-core';
import { buildApp } from '../../src/app';
import type { Deps } from '../../src/deps';
import { registerAllJobs } from '../../src/jobs';
import { InProcessJobQueue } from '../../src/shared/jobs';
import { baseDrop, clearDrop, writeDrop } from '../erp/erp-drop';
import { describeInBrowser, overflowsSideways, pagesInBrowser, shoot, tableCells } from '../support/browser';
import { createTestUser, TEST_PASSWORD } from '../support/factories';
import { useTestApp } from '../support/test-app';

// Its own database: the sync loads ERP snapshots and holds the one sync lock.
const t = useTestApp({ isolated: true });

/**
 * The app the browser talks to, on the test database but with a job queue started only when the
 * test says so: the planner's sync then waits, queued, until the page is open and watching it.
 */
let deps: Deps & { jobs: InProcessJobQueue };
const app = () => {
  deps = { ...t.deps, jobs: new InProcessJobQueue(t.deps.logger) };
  registerAllJobs(deps);
  return buildApp(deps);
};
afterAll(() => deps?.jobs.close());

/** Screenshots of the page on a desktop and a 390 px phone; whether the phone's scrolls sideways. */
const look = async (page: Page, name: string): Promise<boolean> => {
  await shoot(page, name);
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, `${name}-phone`);
  const sideways = await overflowsSideways(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  return sideways;
};

const submit = (page: Page, form: string, url: RegExp | string) =>
  Promise.all([page.waitForURL(url), page.click(`${form} button[type=submit]`)]);

describeInBrowser("the admin's and the planner's day in a real browser", () => {
  const { at, signIn } = pagesInBrowser(app, TEST_PASSWORD);

  test('an admin deactivates a user whose open session stops working at once, and adds a user', async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    const planner = await createTestUser(t.deps.db, 'planner');
    const plannerPage = await signIn(planner);
    await plannerPage.goto(`${at.url}/availability`);
    expect(new URL(plannerPage.url()).pathname).toBe('/availability');

    const page = await signIn(admin);
    await page.goto(`${at.url}/`);
    await Promise.all([page.waitForURL(`${at.url}/users`), page.click('.main-nav a[href="/users"]')]);
    const rows = await tableCells(page, '#users');
    expect(rows.find((r) => r[0] === planner.email)?.slice(2, 4)).toEqual(['planner', 'active']);
    expect(await look(page, 'users')).toBe(false);

    await Promise.all([
      page.waitForURL(`${at.url}/users/${planner.id}`),
      page.click(`#users a:text-is("${planner.email}")`),
    ]);
    await submit(page, '#change-active', `${at.url}/users/${planner.id}`);
    expect(await page.textContent('.flash')).toContain('is deactivated');
    expect(await page.textContent('#user-status')).toBe('deactivated');
    // The header still names who is signed in, not the user the page is about.
    expect(await page.textContent('.top')).toContain(admin.email);
    expect(await look(page, 'user')).toBe(false);

    // The planner's open page: the next click is a signed-out one.
    await plannerPage.goto(`${at.url}/availability`);
    expect(new URL(plannerPage.url()).pathname).toBe('/login');

    await page.goto(`${at.url}/users`);
    const email = `new-planner-${Date.now()}@test.example`;
    await page.fill('#new-user input[name=email]', email);
    await page.selectOption('#new-user select[name=role]', 'planner');
    await page.fill('#new-user input[name=password]', 'short');
    await submit(page, '#new-user', `${at.url}/users`);
    expect(await page.getAttribute('.flash', 'class')).toContain('flash-error');
    expect(await t.deps.db('users').where({ email }).first()).toBeUndefined();
    await page.fill('#new-user input[name=email]', email);
    await page.selectOption('#new-user select[name=role]', 'planner');
    await page.fill('#new-user input[name=password]', 'a long first password');
    await submit(page, '#new-user', /\/users\/[0-9a-f-]{36}$/);
    expect(await page.textContent('.flash')).toContain(`${email} can sign in now as planner`);
  });

  test('a planner starts a sync, watches it dataset by dataset to the end, and opens a quarantined row', async () => {
    clearDrop(t.deps.config.erpDropDir);
    const d = baseDrop();
    d.stock.push(['V-2', 'P2', 'lots', '0']);
    writeDrop(t.deps.config.erpDropDir, d);
    const planner = await createTestUser(t.deps.db, 'planner');
    const page = await signIn(planner);

    await Promise.all([
      page.waitForURL(`${at.url}/erp/sync-runs`),
      page.click('.main-nav a[href="/erp/sync-runs"]'),
    ]);
    await submit(page, '#start-sync', /\/erp\/sync-runs\/[0-9a-f-]{36}$/);
    expect(await page.textContent('#run-status')).toBe('queued');
    const before = await tableCells(page, '#run-datasets');
    expect(before.map((r) => r[1])).toEqual(before.map(() => 'waiting'));
    expect(await page.isVisible('#run-live')).toBe(true);
    const runUrl = page.url();

    // A second start while this one waits is refused with the API's reason, and starts nothing.
    await page.goto(`${at.url}/erp/sync-runs`);
    await submit(page, '#start-sync', `${at.url}/erp/sync-runs`);
    expect(await page.textContent('.flash')).toContain('An ERP sync is already running');
    expect((await tableCells(page, '#sync-runs')).map((r) => r[1])).toEqual(['queued']);
    expect(await look(page, 'sync-runs')).toBe(false);
    await page.goto(runUrl);

    // The worker picks the run up; the open page follows it without the planner reloading.
    void deps.jobs.start();
    await page.waitForSelector(
      '#run-status:is(.badge-succeeded, .badge-partial, .badge-failed, .badge-refused)',
      { timeout: 30_000 },
    );
    await page.waitForSelector('#run-live', { state: 'detached' });
    expect(await page.textContent('#run-status')).toBe('partial');
    const after = await tableCells(page, '#run-datasets');
    const stock = after.find((r) => r[0]?.startsWith('stock'));
    // Read, inserted, updated, unchanged, closed, quarantined: 5 stock rows, 4 loaded, 1 refused.
    expect(stock?.slice(1, 8)).toEqual(['partial', '5', '4', '0', '0', '0', '1']);
    expect(after.find((r) => r[0] === 'transit_lanes')?.[1]).toBe('not read');
    expect(await look(page, 'sync-run')).toBe(false);

    await Promise.all([page.waitForURL(/\/erp\/quarantine\?/), page.click('#run-datasets a:text-is("1")')]);
    const quarantined = await tableCells(page, '#quarantine');
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]?.slice(0, 3)).toEqual(['stock', '6', 'stock.csv']);
    expect(await look(page, 'quarantine')).toBe(false);
    await Promise.all([page.waitForURL(/\/erp\/quarantine\/\d+$/), page.click('#quarantine a:text-is("6")')]);
    expect(await page.textContent('#quarantine-reason')).toContain('on_hand');
    const values = Object.fromEntries(await tableCells(page, '#quarantined-values'));
    expect(values).toMatchObject({ sku: 'V-2', site_code: 'P2', on_hand: 'lots' });
    expect(await look(page, 'quarantined-row')).toBe(false);
  });
});
