import { createAccount, createCustomer, createTestUser, uniq } from '../support/factories';
import { useTestApp } from '../support/test-app';

const t = useTestApp();

describe('GET /api/accounts', () => {
  test('a customer user lists only its own account', async () => {
    const customer = await createCustomer(t.deps.db);
    await createAccount(t.deps.db);
    const res = await t.http.get('/api/accounts').set('authorization', customer.auth);
    expect(res.status).toBe(200);
    expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([customer.account.id]);
  });

  test("a customer user asking for another account's record gets 404, exactly as for a missing one", async () => {
    const customer = await createCustomer(t.deps.db);
    const other = await createAccount(t.deps.db);
    const foreign = await t.http.get(`/api/accounts/${other.id}`).set('authorization', customer.auth);
    const missing = await t.http
      .get('/api/accounts/00000000-0000-4000-8000-000000000000')
      .set('authorization', customer.auth);
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.body.error.message).toBe(missing.body.error.message);
    expect(
      (await t.http.get(`/api/accounts/${other.id}/contacts`).set('authorization', customer.auth)).status,
    ).toBe(404);
  });

  test("a customer filtering by another account's ERP id finds nothing", async () => {
    const customer = await createCustomer(t.deps.db);
    const other = await createAccount(t.deps.db);
    const res = await t.http
      .get(`/api/accounts?erpCustomerId=${other.erp_customer_id}`)
      .set('authorization', customer.auth);
    expect(res.body.items).toEqual([]);
  });

  test('staff find an account by its ERP customer id', async () => {
    const am = await createTestUser(t.deps.db, 'account_manager');
    const account = await createAccount(t.deps.db, { erp_customer_id: uniq('ERP') });
    const res = await t.http
      .get(`/api/accounts?erpCustomerId=${account.erp_customer_id}`)
      .set('authorization', am.auth);
    expect(res.body.items).toEqual([
      expect.objectContaining({ id: account.id, erpCustomerId: account.erp_customer_id, name: account.name }),
    ]);
  });

  test('pages follow the cursor without repeating or skipping accounts', async () => {
    const am = await createTestUser(t.deps.db, 'account_manager');
    const prefix = uniq('Paged');
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await createAccount(t.deps.db, { name: `${prefix} ${i}` }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/accounts?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await t.http.get(url).set('authorization', am.auth);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((a: { id: string }) => a.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(made.map((a) => a.id)));
  });

  test('a forged cursor answers 400', async () => {
    const am = await createTestUser(t.deps.db, 'account_manager');
    const res = await t.http.get('/api/accounts?cursor=not-a-cursor').set('authorization', am.auth);
    expect(res.status).toBe(400);
  });
});

describe('POST /api/accounts/:id/contacts', () => {
  test('an account manager adds a contact; a customer of another account cannot see it', async () => {
    const am = await createTestUser(t.deps.db, 'account_manager');
    const account = await createAccount(t.deps.db);
    const res = await t.http
      .post(`/api/accounts/${account.id}/contacts`)
      .set('authorization', am.auth)
      .send({ name: 'Jo Buyer', email: 'jo@customer.example' });
    expect(res.status).toBe(201);
    const list = await t.http.get(`/api/accounts/${account.id}/contacts`).set('authorization', am.auth);
    expect(list.body.items).toEqual([
      expect.objectContaining({ name: 'Jo Buyer', email: 'jo@customer.example' }),
    ]);
  });

  test('a customer may not add contacts (403) and nothing is stored', async () => {
    const customer = await createCustomer(t.deps.db);
    const res = await t.http
      .post(`/api/accounts/${customer.account.id}/contacts`)
      .set('authorization', customer.auth)
      .send({ name: 'Sneaky' });
    expect(res.status).toBe(403);
    expect(await t.deps.db('contacts').where({ account_id: customer.account.id })).toEqual([]);
  });
});
