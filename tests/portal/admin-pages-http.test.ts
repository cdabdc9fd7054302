import { buildApp } from '../../src/app';
import { createAccount, createTestUser, type TestUser } from '../support/factories';
import { csrfOf, pageSession } from '../support/page-session';
import { useTestApp } from '../support/test-app';

const t = useTestApp();

/** A signed-in session and the form token its pages carry. */
async function sessionOf(user: TestUser) {
  const { agent } = await pageSession(buildApp(t.deps), user);
  // The service desk's home is a redirect to its queue.
  return { agent, csrf: csrfOf((await agent.get('/').redirects(1)).text) };
}

const isActive = async (id: string) => Boolean((await t.deps.db('users').where({ id }).first()).active);

describe('the users pages', () => {
  test.each(['account_manager', 'planner', 'service'] as const)(
    'a %s may not open /users (403) nor deactivate anyone from a form, and nothing changes',
    async (role) => {
      const { agent, csrf } = await sessionOf(await createTestUser(t.deps.db, role));
      const target = await createTestUser(t.deps.db, 'planner');
      expect((await agent.get('/users')).status).toBe(403);
      const post = await agent
        .post(`/users/${target.id}/active`)
        .type('form')
        .send({ _csrf: csrf, active: 'false' });
      expect(post.status).toBe(303);
      expect(await isActive(target.id)).toBe(true);
    },
  );

  test('a deactivation without the form token is refused (403) and the user stays active', async () => {
    const { agent } = await sessionOf(await createTestUser(t.deps.db, 'admin'));
    const target = await createTestUser(t.deps.db, 'planner');
    const res = await agent.post(`/users/${target.id}/active`).type('form').send({ active: 'false' });
    expect(res.status).toBe(403);
    expect(await isActive(target.id)).toBe(true);
  });

  test('an admin deactivating themselves from the page is told why, and stays signed in', async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    const { agent, csrf } = await sessionOf(admin);
    const res = await agent
      .post(`/users/${admin.id}/active`)
      .type('form')
      .send({ _csrf: csrf, active: 'false' });
    expect([res.status, res.headers.location]).toEqual([303, `/users/${admin.id}`]);
    const page = await agent.get(`/users/${admin.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('you cannot deactivate yourself');
    expect(await isActive(admin.id)).toBe(true);
  });

  test('a customer user is added by the account ERP id; an unknown ERP id adds nobody', async () => {
    const { agent, csrf } = await sessionOf(await createTestUser(t.deps.db, 'admin'));
    const email = `buyer-${Date.now()}@test.example`;
    const form = { _csrf: csrf, email, role: 'customer', password: 'a long first password' };
    const unknown = await agent
      .post('/users')
      .type('form')
      .send({ ...form, accountErpId: 'NO-SUCH-ERP-ID' });
    expect(unknown.headers.location).toBe('/users');
    expect((await agent.get('/users')).text).toContain('no account has ERP id NO-SUCH-ERP-ID');
    expect(await t.deps.db('users').where({ email }).first()).toBeUndefined();
    const account = await createAccount(t.deps.db);
    const added = await agent
      .post('/users')
      .type('form')
      .send({ ...form, accountErpId: account.erp_customer_id });
    expect(added.status).toBe(303);
    expect(await t.deps.db('users').where({ email }).first()).toMatchObject({ account_id: account.id });
  });
});

describe('the ERP sync and quarantine pages', () => {
  test('an account manager may not open them (403); an unknown run or row is the 404 page', async () => {
    const { agent: am } = await sessionOf(await createTestUser(t.deps.db, 'account_manager'));
    expect((await am.get('/erp/sync-runs')).status).toBe(403);
    expect((await am.get('/erp/quarantine')).status).toBe(403);
    const { agent } = await sessionOf(await createTestUser(t.deps.db, 'planner'));
    expect((await agent.get('/erp/sync-runs/00000000-0000-4000-8000-00000000dead')).status).toBe(404);
    expect((await agent.get('/erp/quarantine/999999999')).status).toBe(404);
    expect((await agent.get('/erp/quarantine/not-a-number')).status).toBe(404);
    const badFilter = await agent.get('/erp/quarantine?runId=not-a-run');
    expect(badFilter.status).toBe(400);
    expect(badFilter.text).toContain('The filter is not valid');
  });
});

describe('the metrics export button', () => {
  test("a planner's button records a manual export run by them; an account manager's changes nothing", async () => {
    const planner = await createTestUser(t.deps.db, 'planner');
    const { agent, csrf } = await sessionOf(planner);
    const res = await agent.post('/erp/metrics-export').type('form').send({ _csrf: csrf });
    expect([res.status, res.headers.location]).toEqual([303, '/erp/sync-runs']);
    expect((await agent.get('/erp/sync-runs')).text).toContain('The metrics export has started');
    const runs = () => t.deps.db('metrics_export_runs').count({ n: '*' }).first();
    const mine = await t.deps.db('metrics_export_runs').where({ requested_by: planner.id });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ trigger: 'manual' });

    const before = Number((await runs())?.n);
    const am = await sessionOf(await createTestUser(t.deps.db, 'account_manager'));
    await am.agent.post('/erp/metrics-export').type('form').send({ _csrf: am.csrf });
    expect(Number((await runs())?.n)).toBe(before);
  });
});
