import { settingsOfAccounts } from '../../src/accounts';
import { testContext, TestContext } from '../support/app';
import { createAccount, createCustomer, createTestUser } from '../support/factories';

let t: TestContext;
beforeAll(() => {
  t = testContext();
});
afterAll(() => t.close());

const CHANGED = {
  otifWindow: { earlyDays: 3, lateDays: 2 },
  inFullTolerancePct: 2.675,
  alertDaysBefore: 5,
  allocation: 'win',
};

const put = (user: { auth: string }, accountId: string, body: object) =>
  t.http.put(`/api/accounts/${accountId}/settings`).set('authorization', user.auth).send(body);

describe('GET/PUT /api/accounts/:id/settings', () => {
  test('an account never set answers the contract defaults', async () => {
    const am = await createTestUser(t.deps.db, 'account_manager');
    const account = await createAccount(t.deps.db);
    const res = await t.http.get(`/api/accounts/${account.id}/settings`).set('authorization', am.auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      otifWindow: { earlyDays: null, lateDays: 0 },
      inFullTolerancePct: 0,
      alertDaysBefore: 3,
      allocation: null,
    });
  });

  test('an admin replaces them; GET and the other domains read the same values', async () => {
    const am = await createTestUser(t.deps.db, 'admin');
    const account = await createAccount(t.deps.db);
    const first = await put(am, account.id, CHANGED);
    expect(first.status).toBe(200);
    expect(first.body).toEqual(CHANGED);
    const again = await put(am, account.id, {
      ...CHANGED,
      allocation: null,
      otifWindow: { earlyDays: null, lateDays: 0 },
    });
    expect(again.status).toBe(200);
    const get = await t.http.get(`/api/accounts/${account.id}/settings`).set('authorization', am.auth);
    expect(get.body).toEqual({ ...CHANGED, allocation: null, otifWindow: { earlyDays: null, lateDays: 0 } });
    const other = await createAccount(t.deps.db);
    const read = await settingsOfAccounts(t.deps.db, [account.id, other.id]);
    expect(read.get(account.id)?.inFullTolerancePct).toBe(2.675);
    expect(read.get(other.id)?.alertDaysBefore).toBe(3);
  });

  test('an account manager changes the window but not the allocation: switching it answers 403 and stores nothing', async () => {
    const am = await createTestUser(t.deps.db, 'account_manager');
    const account = await createAccount(t.deps.db);
    const refused = await put(am, account.id, CHANGED);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect(await t.deps.db('account_settings').where({ account_id: account.id }).first()).toBeUndefined();
    const kept = await put(am, account.id, { ...CHANGED, allocation: null });
    expect(kept.status).toBe(200);
    expect(kept.body).toEqual({ ...CHANGED, allocation: null });
  });

  test.each([
    [
      'a negative late window',
      { ...CHANGED, otifWindow: { earlyDays: null, lateDays: -1 } },
      '/otifWindow/lateDays',
    ],
    ['an unknown allocation', { ...CHANGED, allocation: 'steal' }, '/allocation'],
    ['a tolerance above 100 %', { ...CHANGED, inFullTolerancePct: 101 }, '/inFullTolerancePct'],
    ['a tolerance with 4 decimals', { ...CHANGED, inFullTolerancePct: 1.2345 }, '/inFullTolerancePct'],
    [
      'a missing field',
      { otifWindow: CHANGED.otifWindow, inFullTolerancePct: 0, alertDaysBefore: 3 },
      '/allocation',
    ],
  ])('%s answers 400 naming the field and changes nothing', async (_name, body, path) => {
    const am = await createTestUser(t.deps.db, 'account_manager');
    const account = await createAccount(t.deps.db);
    const res = await t.http
      .put(`/api/accounts/${account.id}/settings`)
      .set('authorization', am.auth)
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await t.deps.db('account_settings').where({ account_id: account.id }).first()).toBeUndefined();
  });

  test('a customer may not read or change them (403); an unknown account answers 404', async () => {
    const customer = await createCustomer(t.deps.db);
    const res = await t.http
      .get(`/api/accounts/${customer.account.id}/settings`)
      .set('authorization', customer.auth);
    expect(res.status).toBe(403);
    const admin = await createTestUser(t.deps.db, 'admin');
    const missing = await t.http
      .put('/api/accounts/00000000-0000-4000-8000-000000000000/settings')
      .set('authorization', admin.auth)
      .send(CHANGED);
    expect(missing.status).toBe(404);
  });
});
