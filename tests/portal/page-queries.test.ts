import { buildApp } from '../../src/app';
import { addDays, todayIso } from '../../src/shared/time';
import { placeOrder } from '../orders/helpers';
import { stockedItem } from '../quotes/helpers';
import { createAccount, createTestUser, type TestUser } from '../support/factories';
import { pageSession } from '../support/page-session';
import { useTestApp } from '../support/test-app';

// Its own database: the lists must hold exactly the rows this file makes.
const t = useTestApp({ isolated: true });
const admin = t.user('admin');

/**
 * The SQL statements one page load sends to the database, less the session's own look-up: the
 * token cache keeps it for 2 seconds, so whether a load repeats it depends on the clock, not the page.
 */
async function queriesOf(
  agent: Awaited<ReturnType<typeof pageSession>>['agent'],
  path: string,
): Promise<number> {
  let n = 0;
  const count = (q: { sql: string }) => {
    if (!q.sql.includes('api_tokens')) n += 1;
  };
  t.deps.db.on('query', count);
  try {
    const res = await agent.get(path);
    expect(res.status).toBe(200);
  } finally {
    t.deps.db.off('query', count);
  }
  return n;
}

/** An order and a quote request on a customer of its own each time. */
async function recordsOnNewCustomers(user: TestUser, sku: string, site: string, n: number) {
  for (let i = 0; i < n; i += 1) {
    const account = await createAccount(t.deps.db);
    const line = { sku, quantity: 1, requestedDate: addDays(todayIso(), 30) };
    await placeOrder(t.http, user, { accountId: account.id, site, lines: [line] });
    const req = await t.http
      .post('/api/quote-requests')
      .set('authorization', user.auth)
      .send({ accountId: account.id, lines: [line] });
    expect(req.status).toBe(201);
  }
  // The mails and exports the records set off run in this process: done before anything is counted.
  await t.deps.jobs.drain();
}

describe('list pages and their customers', () => {
  test('the orders and quote-request lists read the customer names together: ten customers cost no more queries than two', async () => {
    const planner = await createTestUser(t.deps.db, 'admin');
    const { sku, site } = await stockedItem(t.deps.db, 1000);
    const { agent } = await pageSession(buildApp(t.deps), planner);
    await recordsOnNewCustomers(admin, sku, site, 2);
    // Once before counting: the first use of a session may write its last-used time.
    await agent.get('/orders');
    const few = [await queriesOf(agent, '/orders'), await queriesOf(agent, '/quote-requests')];
    await recordsOnNewCustomers(admin, sku, site, 8);
    const many = [await queriesOf(agent, '/orders'), await queriesOf(agent, '/quote-requests')];
    expect(many).toEqual(few);
    const page = await agent.get('/orders');
    const names = await t.deps.db('accounts').pluck('name');
    for (const name of names) expect(page.text).toContain(name);
  });
});
