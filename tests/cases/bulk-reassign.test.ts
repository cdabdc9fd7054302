import { createCustomer, type TestUser } from '../support/factories';
import { useTestApp } from '../support/test-app';
import { openStaffCase } from './case-support';

const t = useTestApp();
const admin = t.user('admin');
const away = t.user('service');
const colleague = t.user('service');
const manager = t.user('account_manager');

async function caseOf(assignee: TestUser, status?: string): Promise<string> {
  const { id } = await openStaffCase(t, admin, { assignee, type: 'question' });
  if (status) await t.http.post(`/api/cases/${id}/status`).set('authorization', admin.auth).send({ status });
  return id;
}

const reassign = (user: TestUser, body: object) =>
  t.http.post('/api/cases/reassign').set('authorization', user.auth).send(body);

describe('POST /api/cases/reassign', () => {
  test('someone away: their unfinished cases go to a colleague, each with a timeline entry; resolved ones stay', async () => {
    const open = await caseOf(away);
    const waiting = await caseOf(away, 'waiting_on_customer');
    const resolved = await caseOf(away, 'resolved');
    const others = await caseOf(colleague);

    const res = await reassign(admin, { fromUserId: away.id, toUserId: colleague.id, reason: 'on holiday' });
    expect(res.status).toBe(200);
    expect(res.body.caseIds).toEqual(expect.arrayContaining([open, waiting]));
    expect(res.body.caseIds).not.toContain(resolved);
    expect(res.body.caseIds).not.toContain(others);
    expect(res.body.moved).toBe(res.body.caseIds.length);

    const detail = (await t.http.get(`/api/cases/${open}`).set('authorization', admin.auth)).body;
    expect(detail.assignee).toBe(colleague.id);
    expect(detail.timeline.at(-1)).toMatchObject({
      kind: 'assigned',
      from: away.id,
      to: colleague.id,
      body: 'on holiday',
    });
    const stays = (await t.http.get(`/api/cases/${resolved}`).set('authorization', admin.auth)).body;
    expect(stays.assignee).toBe(away.id);

    // Run again: nothing is left to move.
    expect((await reassign(admin, { fromUserId: away.id, toUserId: colleague.id })).body.moved).toBe(0);
  });

  test('a refused reassignment changes nothing: to the same person, to a customer, by an account manager, a bad body', async () => {
    const open = await caseOf(away);
    const customer = await createCustomer(t.deps.db);
    expect((await reassign(admin, { fromUserId: away.id, toUserId: away.id })).status).toBe(400);
    const toCustomer = await reassign(admin, { fromUserId: away.id, toUserId: customer.id });
    expect([toCustomer.status, toCustomer.body.error.code]).toEqual([422, 'business_rule']);
    expect((await reassign(manager, { fromUserId: away.id, toUserId: colleague.id })).status).toBe(403);
    const bad = await reassign(admin, { fromUserId: 'nobody', toUserId: colleague.id, extra: 1 });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_failed']);
    const detail = (await t.http.get(`/api/cases/${open}`).set('authorization', admin.auth)).body;
    expect(detail.assignee).toBe(away.id);
  });
});
