import request from 'supertest';
import { buildApp } from '../../src/app';
import { addDays, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import { describeInBrowser, pagesInBrowser, tableCells as cells } from '../support/browser';
import { addSupply, createItem, createSite, setStock } from '../support/erp-factories';
import { createAccount, createCustomer, createTestUser, TEST_PASSWORD, TestUser } from '../support/factories';

const t = useTestApp();

const today = todayIso();
const day = (n: number): string => addDays(today, n);

/** 10 on the shelf and 20 arriving on day 10, at a site of its own. */
async function placeWithSupply(): Promise<{ sku: string; site: string }> {
  const db = t.deps.db;
  const site = await createSite(db);
  const sku = await createItem(db, { makeOrBuy: 'buy', leadTimeDays: 30 });
  await setStock(db, sku, site, 10);
  await addSupply(db, { sku, site, qty: 20, dueDate: day(10) });
  return { sku, site };
}

/** A signed-in agent for the page tests without a browser: the session cookie the login form sets. */
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

describe('availability and order-entry pages without a browser', () => {
  test('signed out, the availability page sends the visitor to the login page', async () => {
    const res = await t.http.get('/availability');
    expect([res.status, res.headers.location]).toEqual([303, '/login?next=%2Favailability']);
  });

  test('a customer may not open availability or the order-entry form, and a planner may not take orders', async () => {
    const customer = await sessionOf(await createCustomer(t.deps.db));
    const planner = await sessionOf(await createTestUser(t.deps.db, 'planner'));
    const [a, b, c] = [
      await customer.get('/availability'),
      await customer.get('/orders/new'),
      await planner.get('/orders/new'),
    ];
    expect([a.status, b.status, c.status]).toEqual([403, 403, 403]);
  });

  test('an unknown item or a quantity that is not a number is said on the page, with the form kept', async () => {
    const planner = await sessionOf(await createTestUser(t.deps.db, 'planner'));
    const unknown = await planner.get('/availability?sku=NO-SUCH-ITEM');
    expect(unknown.status).toBe(200);
    expect(unknown.text).toContain('Item not found');
    expect(unknown.text).toContain('value="NO-SUCH-ITEM"');
    const { sku } = await placeWithSupply();
    const bad = await planner.get(`/availability?sku=${sku}&quantity=twelve`);
    expect(bad.text).toContain('&quot;twelve&quot; is not a number');
    expect(bad.text).not.toContain('id="buckets"');
  });

  test('a refused order changes nothing and shows the form again as it was typed, with the reason', async () => {
    const am = await sessionOf(await createTestUser(t.deps.db, 'account_manager'));
    const form = await am.get('/orders/new');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    const account = await createAccount(t.deps.db);
    const { sku } = await placeWithSupply();
    const before = await t.deps.db('orders').count({ n: '*' }).first();
    const res = await am
      .post('/orders')
      .type('form')
      .send({
        _csrf: csrf,
        accountId: account.id,
        customerPo: 'PO-4711',
        'lines.0.sku': sku,
        'lines.0.quantity': '5',
        'lines.0.requestedDate': today,
        'lines.1.sku': 'NO-SUCH-ITEM',
        'lines.1.quantity': '2',
        'lines.1.requestedDate': day(3),
      });
    expect(res.status).toBe(422);
    expect(await t.deps.db('orders').count({ n: '*' }).first()).toEqual(before);
    expect(res.text).toContain('unknown or inactive sku NO-SUCH-ITEM');
    for (const typed of [
      `value="${sku}"`,
      'value="NO-SUCH-ITEM"',
      'value="PO-4711"',
      `value="${day(3)}"`,
      `value="${account.id}" selected`,
    ])
      expect(res.text).toContain(typed);
  });

  test("a customer's refused quote request shows the form again with what was typed", async () => {
    const customer = await sessionOf(await createCustomer(t.deps.db));
    const form = await customer.get('/quote-requests/new');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    const res = await customer.post('/quote-requests').type('form').send({
      _csrf: csrf,
      'lines.0.description': 'Flange DN 250, special bore',
      'lines.0.quantity': 'lots',
      notes: 'Drawing follows',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('&quot;lots&quot; is not a number');
    for (const typed of [
      'value="Flange DN 250, special bore"',
      'value="lots"',
      '>Drawing follows</textarea>',
    ])
      expect(res.text).toContain(typed);
  });
});

describeInBrowser('availability and order entry in a real browser', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test('a planner sees the buckets and what 25 on today could get; the account manager takes that line as an order and gets the same dates', async () => {
    const { sku, site } = await placeWithSupply();
    const account = await createAccount(t.deps.db, { name: 'Page Test Pumps GmbH' });

    const planner = await signIn(await createTestUser(t.deps.db, 'planner'));
    await planner.click('nav >> text=Availability');
    await planner.fill('input[name=sku]', sku);
    await planner.fill('input[name=quantity]', '25');
    await Promise.all([planner.waitForNavigation(), planner.click('#availability-form button[type=submit]')]);
    expect(await cells(planner, '#buckets')).toEqual([
      [today, '10', '', '10'],
      [day(10), '20', '', '30'],
    ]);
    expect(await planner.textContent('#promise')).toContain(
      `Can be confirmed for ${day(10)}, from scheduled supply, in deliveries: 10 on ${today}, 15 on ${day(10)}`,
    );
    expect(await planner.$('#order-this')).toBeNull(); // planners check; account managers take orders

    const am = await signIn(await createTestUser(t.deps.db, 'account_manager'));
    await am.goto(
      `${at.url}/availability?sku=${encodeURIComponent(sku)}&site=${encodeURIComponent(site)}&quantity=25`,
    );
    await Promise.all([am.waitForNavigation(), am.click('#order-this')]);
    expect(await am.inputValue('input[name="lines.0.sku"]')).toBe(sku);
    await am.selectOption('select[name=accountId]', account.id);
    await Promise.all([am.waitForNavigation(), am.click('button:has-text("Take the order")')]);
    expect(await am.textContent('.flash')).toContain('1 of 1 lines confirmed');
    const line = (await am.textContent('table.grid tbody tr'))!.replace(/\s+/g, ' ');
    expect(line).toContain(day(10));
    expect(line).toContain(`10 on ${today}, 15 on ${day(10)}`);

    // The order now holds what it was promised: the same check finds nothing left for day 10.
    await planner.reload();
    expect(await cells(planner, '#buckets')).toEqual([
      [today, '10', '10', '0'],
      [day(10), '20', '15', '5'],
    ]);
  });
});
