import { buildApp } from '../../src/app';
import { addDays, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import { createCustomer, createTestUser } from '../support/factories';
import { pageSession } from '../support/page-session';
import { stockedItem } from '../quotes/helpers';

const t = useTestApp();

async function openRequest() {
  const customer = await createCustomer(t.deps.db);
  const { sku } = await stockedItem(t.deps.db, 10);
  const res = await t.http
    .post('/api/quote-requests')
    .set('authorization', customer.auth)
    .send({
      accountId: customer.account.id,
      lines: [{ sku, quantity: 1, requestedDate: addDays(todayIso(), 9) }],
    });
  expect(res.status).toBe(201);
  return {
    customer,
    id: res.body.id as string,
    number: res.body.number as string,
    page: `/quote-requests/${res.body.id}`,
  };
}

const assigneeOf = async (id: string) =>
  ((await t.deps.db('quote_requests').where({ id }).first('assigned_to')) as { assigned_to: string | null })
    .assigned_to;

describe('assigning a quote request in the pages', () => {
  test('an account manager hands a request to a colleague; the request page says so', async () => {
    const { id, number, page } = await openRequest();
    const am = await createTestUser(t.deps.db, 'account_manager');
    const colleague = await createTestUser(t.deps.db, 'account_manager');
    const s = await pageSession(buildApp(t.deps), am);
    expect((await s.agent.get(page)).text).toContain(
      `<option value="${colleague.id}">${colleague.email}</option>`,
    );
    const res = await s.post(page, `${page}/assign`, { userId: colleague.id });
    expect([res.status, res.headers.location]).toEqual([303, page]);
    expect((await s.agent.get(page)).text).toContain(`Request ${number} is assigned to ${colleague.email}`);
    expect(await assigneeOf(id)).toBe(colleague.id);
  });

  test("a customer user is refused as assignee in the API's words, and the request stays unassigned", async () => {
    const { id, customer, page } = await openRequest();
    const am = await createTestUser(t.deps.db, 'account_manager');
    const s = await pageSession(buildApp(t.deps), am);
    await s.post(page, `${page}/assign`, { userId: customer.id });
    expect((await s.agent.get(page)).text).toContain(
      'Only an active account manager or admin can be assigned',
    );
    await s.post(page, `${page}/assign`, { userId: '' });
    expect((await s.agent.get(page)).text).toContain('Choose who gets the request');
    expect(await assigneeOf(id)).toBeNull();
  });

  test("a customer is refused another account's request page (404) and may not assign its own (403 in words)", async () => {
    const own = await openRequest();
    const other = await openRequest();
    const s = await pageSession(buildApp(t.deps), own.customer);
    expect((await s.agent.get(other.page)).status).toBe(404);
    expect((await s.agent.get(own.page)).text).not.toContain('id="assign-request"');
    await s.post(own.page, `${own.page}/assign`, { userId: own.customer.id });
    expect((await s.agent.get(own.page)).text).toContain('Your role may not do this');
    expect(await assigneeOf(own.id)).toBeNull();
  });
});
