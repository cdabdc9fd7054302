import { createAccount, createTestUser, TEST_PASSWORD } from '../support/factories';
import { useTestApp } from '../support/test-app';

const t = useTestApp();

const userRow = (id: string) => t.deps.db('users').where({ id }).first();
const liveTokens = async (userId: string) =>
  Number(
    (
      await t.deps
        .db('api_tokens')
        .where({ user_id: userId })
        .whereNull('revoked_at')
        .count({ n: '*' })
        .first()
    )?.n ?? 0,
  );

describe('PATCH /api/users/:id', () => {
  test('deactivating a user stops their token on the very next request, even one the cache remembers', async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    const planner = await createTestUser(t.deps.db, 'planner');
    // Used once, so the 2-second token cache holds the planner's actor.
    expect((await t.http.get('/api/me').set('authorization', planner.auth)).status).toBe(200);

    const res = await t.http
      .patch(`/api/users/${planner.id}`)
      .set('authorization', admin.auth)
      .send({ active: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: planner.id, role: 'planner', active: false });

    const after = await t.http.get('/api/me').set('authorization', planner.auth);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthenticated');
    expect(await liveTokens(planner.id)).toBe(0);
    const signIn = await t.http
      .post('/api/auth/token')
      .send({ email: planner.email, password: TEST_PASSWORD });
    expect(signIn.status).toBe(401);
    const audit = await t.deps.db('audit_log').where({ entity_id: planner.id, action: 'user.deactivated' });
    expect(audit).toHaveLength(1);
  });

  test('a reactivated user signs in again, but the tokens ended by deactivation stay ended', async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    const service = await createTestUser(t.deps.db, 'service');
    const patch = (active: boolean) =>
      t.http.patch(`/api/users/${service.id}`).set('authorization', admin.auth).send({ active });
    expect((await patch(false)).status).toBe(200);
    expect((await patch(true)).body.active).toBe(true);
    expect((await t.http.get('/api/me').set('authorization', service.auth)).status).toBe(401);
    const signIn = await t.http
      .post('/api/auth/token')
      .send({ email: service.email, password: TEST_PASSWORD });
    expect(signIn.status).toBe(200);
  });

  test("changing a staff user's role takes effect on their next request", async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    const user = await createTestUser(t.deps.db, 'planner');
    expect((await t.http.get('/api/me').set('authorization', user.auth)).body.role).toBe('planner');
    const res = await t.http
      .patch(`/api/users/${user.id}`)
      .set('authorization', admin.auth)
      .send({ role: 'account_manager' });
    expect(res.status).toBe(200);
    expect((await t.http.get('/api/me').set('authorization', user.auth)).body.role).toBe('account_manager');
  });

  test('an admin may not deactivate themselves nor change their own role (422), and nothing changes', async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    for (const body of [{ active: false }, { role: 'planner' }]) {
      const res = await t.http.patch(`/api/users/${admin.id}`).set('authorization', admin.auth).send(body);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('business_rule');
    }
    expect(await userRow(admin.id)).toMatchObject({ role: 'admin' });
    expect(Boolean((await userRow(admin.id)).active)).toBe(true);
    expect((await t.http.get('/api/me').set('authorization', admin.auth)).status).toBe(200);
  });

  test('a customer user cannot be made staff, nor staff a customer (422)', async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    const account = await createAccount(t.deps.db);
    const buyer = await createTestUser(t.deps.db, 'customer', account.id);
    const planner = await createTestUser(t.deps.db, 'planner');
    const toStaff = await t.http
      .patch(`/api/users/${buyer.id}`)
      .set('authorization', admin.auth)
      .send({ role: 'admin' });
    const toCustomer = await t.http
      .patch(`/api/users/${planner.id}`)
      .set('authorization', admin.auth)
      .send({ role: 'customer' });
    expect([toStaff.status, toCustomer.status]).toEqual([422, 422]);
    expect((await userRow(buyer.id)).role).toBe('customer');
    expect((await userRow(planner.id)).role).toBe('planner');
  });

  test('an empty or unknown change is refused with 400; an unknown user is 404', async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    const user = await createTestUser(t.deps.db, 'planner');
    const empty = await t.http.patch(`/api/users/${user.id}`).set('authorization', admin.auth).send({});
    const extra = await t.http
      .patch(`/api/users/${user.id}`)
      .set('authorization', admin.auth)
      .send({ email: 'x@test.example' });
    const missing = await t.http
      .patch('/api/users/00000000-0000-4000-8000-00000000dead')
      .set('authorization', admin.auth)
      .send({ active: false });
    expect([empty.status, extra.status, missing.status]).toEqual([400, 400, 404]);
    expect(empty.body.error.code).toBe('validation_failed');
  });

  test.each(['account_manager', 'planner', 'service'] as const)(
    'a %s may not change users (403) and nothing changes',
    async (role) => {
      const actor = await createTestUser(t.deps.db, role);
      const user = await createTestUser(t.deps.db, 'planner');
      const res = await t.http
        .patch(`/api/users/${user.id}`)
        .set('authorization', actor.auth)
        .send({ active: false });
      expect(res.status).toBe(403);
      expect(Boolean((await userRow(user.id)).active)).toBe(true);
    },
  );
});

describe('POST /api/users/:id/password', () => {
  test("sets a new password and ends the user's tokens; the old password no longer signs in", async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    const user = await createTestUser(t.deps.db, 'account_manager');
    expect((await t.http.get('/api/me').set('authorization', user.auth)).status).toBe(200);
    const res = await t.http
      .post(`/api/users/${user.id}/password`)
      .set('authorization', admin.auth)
      .send({ password: 'a brand new secret' });
    expect(res.status).toBe(204);
    expect((await t.http.get('/api/me').set('authorization', user.auth)).status).toBe(401);
    const old = await t.http.post('/api/auth/token').send({ email: user.email, password: TEST_PASSWORD });
    const fresh = await t.http
      .post('/api/auth/token')
      .send({ email: user.email, password: 'a brand new secret' });
    expect([old.status, fresh.status]).toEqual([401, 200]);
  });

  test('a password shorter than 10 characters is refused with 400 and the old one still works', async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    const user = await createTestUser(t.deps.db, 'service');
    const res = await t.http
      .post(`/api/users/${user.id}/password`)
      .set('authorization', admin.auth)
      .send({ password: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('/password');
    expect((await t.http.get('/api/me').set('authorization', user.auth)).status).toBe(200);
  });
});

describe('GET /api/users', () => {
  test('lists users with whether they are active', async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    const res = await t.http.get('/api/users?limit=200').set('authorization', admin.auth);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((u: { active: unknown }) => typeof u.active === 'boolean')).toBe(true);
    const one = await t.http.get(`/api/users/${admin.id}`).set('authorization', admin.auth);
    expect(one.body).toMatchObject({ id: admin.id, active: true });
  });
});
