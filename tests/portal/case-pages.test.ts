import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app';
import { testContext, type TestContext } from '../support/app';
import { describeInBrowser, pagesInBrowser, tableCells as cells } from '../support/browser';
import { createCustomer, createTestUser, TEST_PASSWORD } from '../support/factories';
import { shippedLine } from '../cases/helpers';

let t: TestContext;
beforeAll(() => {
  t = testContext();
});
afterAll(() => t.close());

/** Screenshots to look at (desktop and a 390 px phone), outside the repository. */
const SHOTS = path.join(os.tmpdir(), 'factorydesk-screenshots');

describeInBrowser('the service pages in a real browser', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test('a customer reports a problem from a delivered line; the service desk answers from its queue; the customer sees the reply and never the internal note', async () => {
    const customerUser = await createCustomer(t.deps.db);
    const line = await shippedLine(t, customerUser, { warrantyMonths: 12 });

    const customer = await signIn(customerUser);
    await customer.goto(`${at.url}/orders/${line.orderId}`);
    await Promise.all([customer.waitForURL(/\/cases\/new/), customer.click('#report-problem a')]);
    await customer.fill('input[name=subject]', 'Valve leaks at the flange');
    await customer.fill('textarea[name=description]', 'Leaking since installation.');
    await customer.selectOption('select[name=severity]', 'high');
    await Promise.all([
      customer.waitForURL(/\/cases\/[0-9a-f-]{36}$/),
      customer.click('form[action="/cases"] button'),
    ]);
    expect(await customer.textContent('[data-test=warranty]')).toContain('under warranty until');
    const caseUrl = customer.url();

    const desk = await signIn(await createTestUser(t.deps.db, 'service'));
    await desk.goto(`${at.url}/`);
    expect(desk.url()).toBe(`${at.url}/cases`);
    const queue = await cells(desk, '#queue');
    const row = queue.find((r) => r[2] === 'Valve leaks at the flange');
    expect(row?.slice(1, 2)).toEqual(['P2']);
    await desk.goto(caseUrl);
    await desk.fill('textarea[name=body]', 'Supplier lot suspected');
    await desk.check('input[name=internal]');
    await Promise.all([desk.waitForURL(caseUrl), desk.click('form[action$="/messages"] button')]);
    await desk.fill('textarea[name=body]', 'A technician will call you today.');
    await Promise.all([desk.waitForURL(caseUrl), desk.click('form[action$="/messages"] button')]);
    expect(await desk.textContent('[data-test=first-response]')).toMatch(/^met/);
    fs.mkdirSync(SHOTS, { recursive: true });
    await desk.setViewportSize({ width: 1280, height: 900 });
    await desk.screenshot({ path: path.join(SHOTS, 'case-desktop.png'), fullPage: true });
    await desk.goto(`${at.url}/cases`);
    await desk.screenshot({ path: path.join(SHOTS, 'queue-desktop.png'), fullPage: true });

    await customer.goto(caseUrl);
    const timeline = (await customer.textContent('#timeline')) ?? '';
    expect(timeline).toContain('A technician will call you today.');
    expect(timeline).not.toContain('Supplier lot');
    await customer.setViewportSize({ width: 390, height: 844 });
    await customer.screenshot({ path: path.join(SHOTS, 'case-390.png'), fullPage: true });
    const width = await customer.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
  });
});
