import { forgetUser } from '../../src/auth';
import { createAccount, createTestUser, TEST_PASSWORD, uniq } from '../support/factories';
import { useTestApp } from '../support/test-app';

const t = useTestApp();

describe('POST /api/auth/token', () => {
  test('with the right password, it returns a bearer token that works on the API', async () => {
    const user = await createTestUser(t.deps.db, 'planner');
    const res = await t.http.post('/api/auth/token').send({ email: user.email, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({
      id: user.id,
      email: user.email,
      name: null,
      role: 'planner',
      accountId: null,
    });
    const me = await t.http.get('/api/me').set('authorization', `Bearer ${res.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(user.email);
  });

  test('tokens and passwords are stored only as hashes', async () => {
    const user = await createTestUser(t.deps.db, 'planner');
    const row = await t.deps.db('users').where({ id: user.id }).first();
    expect(row.password_hash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(row.password_hash).not.toContain(TEST_PASSWORD);
    const tokens = await t.deps.db('api_tokens').where({ user_id: user.id });
    expect(tokens.map((r: { token_hash: string }) => r.token_hash)).not.toContain(user.token);
  });

  test('with a wrong password, it answers 401 with the same message as for an unknown e-mail', async () => {
    const user = await createTestUser(t.deps.db, 'planner');
    const wrong = await t.http
      .post('/api/auth/token')
      .send({ email: user.email, password: 'not the password' });
    const unknown = await t.http
      .post('/api/auth/token')
      .send({ email: `${uniq('nobody')}@test.example`, password: 'whatever' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  test('after five failed attempts on one account, even the right password is refused with 429', async () => {
    const user = await createTestUser(t.deps.db, 'planner');
    for (let i = 0; i < 5; i++) {
      expect(
        (await t.http.post('/api/auth/token').send({ email: user.email, password: `wrong-${i}` })).status,
      ).toBe(401);
    }
    const res = await t.http.post('/api/auth/token').send({ email: user.email, password: TEST_PASSWORD });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(res.headers['retry-after']).toBeDefined();
  });

  test('after thirty failures from one address across accounts, that address is refused; others are not', async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    for (let i = 0; i < 30; i++) {
      await t.http
        .post('/api/auth/token')
        .set('x-forwarded-for', ip)
        .send({ email: `${uniq('x')}@test.example`, password: 'nope' });
    }
    const user = await createTestUser(t.deps.db, 'planner');
    const blocked = await t.http
      .post('/api/auth/token')
      .set('x-forwarded-for', ip)
      .send({ email: user.email, password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    const elsewhere = await t.http
      .post('/api/auth/token')
      .set('x-forwarded-for', '198.51.100.7')
      .send({ email: user.email, password: TEST_PASSWORD });
    expect(elsewhere.status).toBe(200);
  });

  test('an expired token is refused', async () => {
    const user = await createTestUser(t.deps.db, 'planner');
    await t.deps
      .db('api_tokens')
      .where({ user_id: user.id })
      .update({ expires_at: '2020-01-01T00:00:00.000Z' });
    const res = await t.http.get('/api/me').set('authorization', user.auth);
    expect(res.status).toBe(401);
  });

  test('a revoked token is refused; revoking answers 204', async () => {
    const user = await createTestUser(t.deps.db, 'planner');
    expect((await t.http.delete('/api/auth/token').set('authorization', user.auth)).status).toBe(204);
    const res = await t.http.get('/api/me').set('authorization', user.auth);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  test('a token just used (and so remembered) is refused on the very next request after it is revoked', async () => {
    const user = await createTestUser(t.deps.db, 'planner');
    const other = await t.http.post('/api/auth/token').send({ email: user.email, password: TEST_PASSWORD });
    for (let i = 0; i < 3; i++)
      expect((await t.http.get('/api/me').set('authorization', user.auth)).status).toBe(200);
    expect((await t.http.delete('/api/auth/token').set('authorization', user.auth)).status).toBe(204);
    expect((await t.http.get('/api/me').set('authorization', user.auth)).status).toBe(401);
    const stillLive = await t.http.get('/api/me').set('authorization', `Bearer ${other.body.token}`);
    expect(stillLive.status).toBe(200);
  });

  test("a user deactivated after using a token is refused at once when the user's tokens are forgotten", async () => {
    const user = await createTestUser(t.deps.db, 'planner');
    expect((await t.http.get('/api/me').set('authorization', user.auth)).status).toBe(200);
    await t.deps.db('users').where({ id: user.id }).update({ active: false });
    forgetUser(user.id);
    expect((await t.http.get('/api/me').set('authorization', user.auth)).status).toBe(401);
  });

  test("a deactivated user's tokens stop working", async () => {
    const user = await createTestUser(t.deps.db, 'planner');
    await t.deps.db('users').where({ id: user.id }).update({ active: false });
    expect((await t.http.get('/api/me').set('authorization', user.auth)).status).toBe(401);
  });
});

describe('POST /api/users', () => {
  test('an admin creates a customer user bound to an account; it can sign in', async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    const account = await createAccount(t.deps.db);
    const email = `${uniq('buyer')}@test.example`;
    const res = await t.http
      .post('/api/users')
      .set('authorization', admin.auth)
      .send({ email, password: 'a long password', role: 'customer', accountId: account.id });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email, role: 'customer', accountId: account.id });
    const audit = await t.deps
      .db('audit_log')
      .where({ entity: 'user', entity_id: res.body.id, action: 'user.created' });
    expect(audit).toHaveLength(1);
    expect((await t.http.post('/api/auth/token').send({ email, password: 'a long password' })).status).toBe(
      200,
    );
  });

  test('a customer user without accountId is refused with 400 and nothing is created', async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    const email = `${uniq('buyer')}@test.example`;
    const res = await t.http
      .post('/api/users')
      .set('authorization', admin.auth)
      .send({ email, password: 'a long password', role: 'customer' });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: '/accountId', message: 'is required for a customer user' },
    ]);
    expect(await t.deps.db('users').where({ email }).first()).toBeUndefined();
  });

  test('a second user with the same e-mail answers 409', async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    const body = { email: `${uniq('dup')}@test.example`, password: 'a long password', role: 'planner' };
    expect((await t.http.post('/api/users').set('authorization', admin.auth).send(body)).status).toBe(201);
    const again = await t.http
      .post('/api/users')
      .set('authorization', admin.auth)
      .send({ ...body, email: body.email.toUpperCase() });
    expect(again.status).toBe(409);
  });

  test.each(['account_manager', 'planner', 'service', 'customer'] as const)(
    'a %s may not create users (403) and nothing is created',
    async (role) => {
      const account = role === 'customer' ? await createAccount(t.deps.db) : undefined;
      const user = await createTestUser(t.deps.db, role, account?.id);
      const email = `${uniq('x')}@test.example`;
      const res = await t.http
        .post('/api/users')
        .set('authorization', user.auth)
        .send({ email, password: 'a long password', role: 'admin' });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      expect(await t.deps.db('users').where({ email }).first()).toBeUndefined();
    },
  );

  test('a customer cannot list users (403)', async () => {
    const account = await createAccount(t.deps.db);
    const customer = await createTestUser(t.deps.db, 'customer', account.id);
    expect((await t.http.get('/api/users').set('authorization', customer.auth)).status).toBe(403);
  });
});
