import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app';
import { addDays, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import { createItem, createSite, setStock } from '../support/erp-factories';
import { describeInBrowser, overflowsSideways, pagesInBrowser } from '../support/browser';
import { createCustomer, createTestUser, TEST_PASSWORD } from '../support/factories';
import { pageSession } from '../support/page-session';
import { placeOrder, readOrder } from '../orders/helpers';

const t = useTestApp();
const day = (n: number): string => addDays(todayIso(), n);
/** Screenshots to look at (desktop and a 390 px phone), outside the repository. */
const SHOTS = path.join(os.tmpdir(), 'factorydesk-screenshots');

/** A confirmed order of 10 from 50 on the shelf, for a customer of its own account. */
async function confirmedOrder() {
  const db = t.deps.db;
  const site = await createSite(db);
  const sku = await createItem(db, { makeOrBuy: 'buy', leadTimeDays: 30 });
  await setStock(db, sku, site, 50);
  const customer = await createCustomer(db);
  const am = await createTestUser(db, 'account_manager');
  const order = await placeOrder(t.http, am, {
    accountId: customer.account.id,
    lines: [{ sku, quantity: 10, requestedDate: day(5), site }],
  });
  expect(order.status).toBe('confirmed');
  return { order, am, customer, page: `/orders/${order.id}` };
}

const reservedOn = async (orderId: string): Promise<number> => {
  const lines = await t.deps.db('order_lines').where({ order_id: orderId }).select('id');
  const row = await t.deps
    .db('order_line_confirmations')
    .whereIn(
      'order_line_id',
      lines.map((l: { id: string }) => l.id),
    )
    .count({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
};

describe('the order page actions', () => {
  test('an account manager moves an order into production; the page says so and the status history records the reason', async () => {
    const { order, am, page } = await confirmedOrder();
    const s = await pageSession(buildApp(t.deps), am);
    const shown = await s.agent.get(page);
    expect(shown.text).toContain('id="order-status"');
    const res = await s.post(page, `${page}/status`, {
      status: 'in_production',
      reason: 'released on line 3',
    });
    expect([res.status, res.headers.location]).toEqual([303, page]);
    expect((await s.agent.get(page)).text).toContain(`Order ${order.number} is in production now`);
    const after = await readOrder(t.http, am, order.id);
    expect(after.status).toBe('in_production');
    expect(after.statusHistory.at(-1)).toMatchObject({
      from: 'confirmed',
      to: 'in_production',
      reason: 'released on line 3',
    });
  });

  test("an illegal move is refused in the API's words and changes nothing", async () => {
    const { order, am, page } = await confirmedOrder();
    const s = await pageSession(buildApp(t.deps), am);
    const res = await s.post(page, `${page}/status`, { status: 'delivered' });
    expect(res.status).toBe(303);
    const shown = (await s.agent.get(page)).text;
    expect(shown).toContain('An order that is confirmed cannot become delivered');
    expect(shown).toContain('allowed from confirmed: in_production, partially_shipped, shipped, cancelled');
    expect((await readOrder(t.http, am, order.id)).status).toBe('confirmed');
  });

  test('cancelling needs a reason; with one, the order is cancelled and its reservations released', async () => {
    const { order, am, page } = await confirmedOrder();
    const s = await pageSession(buildApp(t.deps), am);
    expect(await reservedOn(order.id)).toBe(1);
    await s.post(page, `${page}/cancel`, { reason: '' });
    expect((await s.agent.get(page)).text).toContain('A reason is needed to cancel');
    expect((await readOrder(t.http, am, order.id)).status).toBe('confirmed');
    expect(await reservedOn(order.id)).toBe(1);

    await s.post(page, `${page}/cancel`, { reason: 'customer project stopped' });
    const after = await readOrder(t.http, am, order.id);
    expect(after.status).toBe('cancelled');
    expect(after.statusHistory.at(-1)?.reason).toBe('customer project stopped');
    expect(await reservedOn(order.id)).toBe(0);
    // Nothing is left to do on a cancelled order: no forms.
    expect((await s.agent.get(page)).text).not.toContain('id="order-actions"');
  });

  test('a line change re-promises the line with a new ledger version and its total follows the quantity; a quantity that is not a number changes nothing', async () => {
    const { order, am, page } = await confirmedOrder();
    const s = await pageSession(buildApp(t.deps), am);
    await s.post(page, `${page}/lines`, { lineNo: '1', quantity: 'twelve', reason: 'more' });
    const refused = (await s.agent.get(page)).text;
    expect(refused).toContain('The line change is not valid');
    expect(refused).toContain('&quot;twelve&quot; is not a number');
    expect((await readOrder(t.http, am, order.id)).lines[0]?.promiseHistory).toHaveLength(1);

    const priced = (o: { total?: unknown; lines: unknown[] }) => {
      const l = o.lines[0] as { netPrice: number; lineTotal: number };
      return [l.netPrice, l.lineTotal, o.total];
    };
    // 10 at the item's list price of 10.00.
    expect(priced(await readOrder(t.http, am, order.id))).toEqual([10, 100, 100]);
    await s.post(page, `${page}/lines`, {
      lineNo: '1',
      quantity: '12',
      requestedDate: day(8),
      reason: 'customer needs 2 more',
    });
    const changed = await readOrder(t.http, am, order.id);
    // The net price stays; the line and the order total follow the quantity: 12 x 10.00.
    expect(priced(changed)).toEqual([10, 120, 120]);
    const line = changed.lines[0]!;
    expect([line.quantity, line.requestedDate, line.confirmedDate]).toEqual([12, day(8), day(8)]);
    expect(line.promiseHistory.at(-1)).toMatchObject({
      reason: 'customer needs 2 more',
      changedBy: 'account_manager',
    });
    expect((await s.agent.get(page)).text).toContain(`Line 1 was changed and promised again: ${day(8)}`);
  });

  test("a customer may cancel its own confirmed order but is refused another account's order (404) and that order stays as it was", async () => {
    const own = await confirmedOrder();
    const other = await confirmedOrder();
    const s = await pageSession(buildApp(t.deps), own.customer);
    const page = (await s.agent.get(own.page)).text;
    expect(page).toContain('id="order-cancel"');
    expect(page).not.toContain('id="order-status"');

    expect((await s.agent.get(other.page)).status).toBe(404);
    const cancel = await s.post(own.page, `${other.page}/cancel`, { reason: 'not mine' });
    const change = await s.post(own.page, `${other.page}/lines`, {
      lineNo: '1',
      quantity: '1',
      reason: 'not mine',
    });
    expect([cancel.status, change.status]).toEqual([404, 404]);
    const untouched = await readOrder(t.http, other.am, other.order.id);
    expect([untouched.status, untouched.lines[0]?.quantity]).toEqual(['confirmed', 10]);

    await s.post(own.page, `${own.page}/cancel`, { reason: 'ordered twice' });
    expect((await readOrder(t.http, own.am, own.order.id)).status).toBe('cancelled');
  });

  test('a customer may not change the status of its order (403), and the order stays confirmed', async () => {
    const { order, am, customer, page } = await confirmedOrder();
    const s = await pageSession(buildApp(t.deps), customer);
    const res = await s.post(page, `${page}/status`, { status: 'in_production' });
    expect(res.status).toBe(303);
    expect((await s.agent.get(page)).text).toContain('Your role may not do this');
    expect((await readOrder(t.http, am, order.id)).status).toBe('confirmed');
  });
});

describeInBrowser('the order page actions in a real browser', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test('an account manager changes a line and then the status with the forms; the page shows the new promise and fits a phone', async () => {
    const { order, am, page: orderPath } = await confirmedOrder();
    const page = await signIn(am);
    const url = `${at.url}${orderPath}`;
    await page.goto(url);
    await page.fill('#line-change input[name=quantity]', '12');
    await page.fill('#line-change input[name=reason]', 'customer needs 2 more');
    await Promise.all([page.waitForURL(url), page.click('#line-change button[type=submit]')]);
    expect(await page.textContent('.flash')).toContain(`Line 1 was changed and promised again: ${day(5)}`);
    expect((await page.textContent('#order-lines')) ?? '').toContain('12');

    await page.selectOption('#order-status select[name=status]', 'in_production');
    await Promise.all([page.waitForURL(url), page.click('#order-status button[type=submit]')]);
    expect(await page.textContent('[data-test=status]')).toBe('in production');
    expect((await readOrder(t.http, am, order.id)).status).toBe('in_production');

    fs.mkdirSync(SHOTS, { recursive: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, 'order-actions-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.screenshot({ path: path.join(SHOTS, 'order-actions-390.png'), fullPage: true });
    expect(await overflowsSideways(page)).toBe(false);
  });
});
