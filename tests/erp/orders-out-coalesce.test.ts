import fs from 'node:fs';
import path from 'node:path';
import { exportOrders } from '../../src/erp';
import type { InProcessJobQueue } from '../../src/shared/jobs';
import { addDays, todayIso } from '../../src/shared/time';
import { placeOrder } from '../orders/helpers';
import { createItem, createSite, setStock } from '../support/erp-factories';
import { createAccount, type TestUser } from '../support/factories';
import type { TestApp } from '../support/test-app';
import { useTestApp } from '../support/test-app';

/*
 * orders_out's files are the whole picture, so order changes rewrite them at most once per
 * ORDERS_OUT_COALESCE_SECONDS, or only at night. Each context has a database of its own: the
 * picture is every order, and other files' orders must not move it.
 */

async function takeOrders(t: TestApp, am: TestUser, n: number): Promise<string[]> {
  const db = t.deps.db;
  const site = await createSite(db);
  const sku = await createItem(db, { leadTimeDays: 10 });
  await setStock(db, sku, site, 100);
  const account = await createAccount(db);
  const numbers: string[] = [];
  for (let i = 0; i < n; i++) {
    const order = await placeOrder(t.http, am, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 1, requestedDate: addDays(todayIso(), 2) }],
    });
    numbers.push(order.number);
  }
  return numbers;
}

const csvOf = (t: TestApp) => path.join(t.deps.config.exportDir, 'orders_out.csv');
const pictureWrites = (t: TestApp) =>
  (t.deps.jobs as InProcessJobQueue)
    .recentJobs()
    .filter((j) => j.name === 'erp.orders-out-picture' && j.status === 'completed').length;

describe('orders_out coalesced over a window', () => {
  // Long enough that three orders are taken well within it, even on a busy machine.
  const t = useTestApp({ isolated: true, env: { ORDERS_OUT_COALESCE_SECONDS: '10' } });
  const am = t.user('account_manager');

  test('three orders taken in a burst rewrite the files once, and that write holds all three', async () => {
    const numbers = await takeOrders(t, am, 3);
    await t.deps.jobs.drain();
    expect(pictureWrites(t)).toBe(1);
    const text = fs.readFileSync(csvOf(t), 'utf8');
    for (const n of numbers) expect(text).toContain(n);
  }, 60_000);
});

describe('orders_out written only at night', () => {
  const t = useTestApp({ isolated: true, env: { ORDERS_OUT_COALESCE_SECONDS: 'night' } });
  const am = t.user('account_manager');

  test('an order change writes no file; the nightly export (or a flush) writes the whole picture', async () => {
    const [number] = await takeOrders(t, am, 1);
    await t.deps.jobs.drain();
    expect(fs.existsSync(csvOf(t))).toBe(false);
    await exportOrders(t.deps, {});
    expect(fs.readFileSync(csvOf(t), 'utf8')).toContain(number);
  });
});
