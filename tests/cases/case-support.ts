import type { TestContext } from '../support/app';
import { createCustomer, type TestUser } from '../support/factories';

/**
 * A case on a new customer account opened by staff through the API, optionally assigned:
 * the returned body is the API's answer.
 */
export async function openStaffCase(
  t: TestContext,
  staff: TestUser,
  opts: { subject?: string; type?: string; assignee?: TestUser } = {},
) {
  const customer = await createCustomer(t.deps.db);
  const res = await t.http
    .post('/api/cases')
    .set('authorization', staff.auth)
    .send({
      accountId: customer.accountId,
      type: opts.type ?? 'complaint',
      subject: opts.subject ?? 'Seal worn',
      description: 'x',
    });
  if (res.status !== 201) throw new Error(`case refused: ${res.status} ${JSON.stringify(res.body)}`);
  if (opts.assignee) {
    const assigned = await t.http
      .post(`/api/cases/${res.body.id}/assign`)
      .set('authorization', staff.auth)
      .send({ userId: opts.assignee.id });
    if (assigned.status !== 200) throw new Error(`assignment refused: ${assigned.status}`);
  }
  return { ...res.body, customer } as {
    id: string;
    number: string;
    createdAt: string;
    sla: { firstResponseDue: string };
    customer: TestUser;
  };
}
