import { OrdersOutJob } from '../../src/erp';
import { OrderConfirmedMailJob } from '../../src/notifications';
import { RiskAfterOrderJob } from '../../src/risk';
import type { InProcessJobQueue } from '../../src/shared/jobs';
import { addDays, todayIso } from '../../src/shared/time';
import { testContext, TestContext } from '../support/app';
import { createPlace, setStock } from '../support/erp-factories';
import { createAccount, createTestUser, TestUser } from '../support/factories';
import { placeOrder } from './helpers';

let t: TestContext;
let am: TestUser;

beforeAll(async () => {
  t = testContext();
  am = await createTestUser(t.deps.db, 'account_manager');
});
afterAll(() => t.close());

/** The finished jobs that ran for this order, by job name. */
function jobsOf(orderId: string): Array<{ name: string; status: string }> {
  return (t.deps.jobs as InProcessJobQueue)
    .recentJobs()
    .filter((j) => j.id.endsWith(orderId))
    .map((j) => ({ name: j.name, status: j.status }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function confirmedOrder() {
  const { sku, site } = await createPlace(t.deps.db);
  await setStock(t.deps.db, sku, site, 10);
  const account = await createAccount(t.deps.db);
  return placeOrder(t.http, am, {
    accountId: account.id,
    site,
    lines: [{ sku, quantity: 4, requestedDate: addDays(todayIso(), 1) }],
  });
}

describe('what follows an order change', () => {
  test('a taken order is exported to the ERP, confirmed by mail and its lines scored for risk, each once', async () => {
    const order = await confirmedOrder();
    await t.deps.jobs.drain();

    expect(order.status).toBe('confirmed');
    expect(jobsOf(order.id)).toEqual([
      { name: OrdersOutJob.name, status: 'completed' },
      { name: OrderConfirmedMailJob.name, status: 'completed' },
      { name: RiskAfterOrderJob.name, status: 'completed' },
    ]);
  });

  test('a line change refused after the order was locked and its lines read exports nothing', async () => {
    const order = await confirmedOrder();
    await t.deps.jobs.drain();
    await t.deps.db('order_lines').where({ order_id: order.id }).update({ shipped_qty: '3' });

    const res = await t.http
      .patch(`/api/orders/${order.id}/lines/1`)
      .set('authorization', am.auth)
      .send({ quantity: 2, reason: 'customer wants fewer' });
    await t.deps.jobs.drain();

    expect(res.status).toBe(422);
    expect(jobsOf(order.id).filter((j) => j.name === OrdersOutJob.name)).toHaveLength(1);
    // The shipped quantity set by hand has no ERP shipment behind it: cancelled, the line is out of
    // reach of other files' re-confirmation of every open line on this shared database.
    const cancelled = await t.http
      .post(`/api/orders/${order.id}/cancel`)
      .set('authorization', am.auth)
      .send({ reason: 'test data' });
    expect(cancelled.status).toBe(200);
  });

  test('an accepted line change is exported again after its commit', async () => {
    const order = await confirmedOrder();
    await t.deps.jobs.drain();

    const res = await t.http
      .patch(`/api/orders/${order.id}/lines/1`)
      .set('authorization', am.auth)
      .send({ quantity: 5, reason: 'customer wants one more' });
    await t.deps.jobs.drain();

    expect(res.status).toBe(200);
    expect(jobsOf(order.id).filter((j) => j.name === OrdersOutJob.name)).toHaveLength(2);
  });
});
