import { buildApp } from '../../src/app';
import { useTestApp } from '../support/test-app';
import { createAccount, createCustomer, createTestUser } from '../support/factories';
import { pageSession } from '../support/page-session';
import { createQuote, stockedItem } from '../quotes/helpers';
import { addDays, todayIso } from '../../src/shared/time';

const t = useTestApp();

describe("an account's quote terms page", () => {
  test('an account manager sets the Incoterm, place and ship-complete; the next quote of the account starts from them', async () => {
    const account = await createAccount(t.deps.db);
    const am = await createTestUser(t.deps.db, 'account_manager');
    const s = await pageSession(buildApp(t.deps), am);
    const page = `/accounts/${account.id}/quote-terms`;
    expect((await s.agent.get(`/accounts/${account.id}`)).text).toContain(`href="${page}"`);
    const res = await s.post(page, page, {
      incoterm: 'DAP',
      incotermPlace: 'Hamburg',
      shipComplete: 'on',
      note: 'Pallets only',
    });
    expect([res.status, res.headers.location]).toEqual([303, page]);
    const shown = (await s.agent.get(page)).text;
    expect(shown).toContain('Saved: new quotes of this account start from these terms');
    expect(shown).toContain('<option value="DAP" selected>');
    const { sku } = await stockedItem(t.deps.db, 10);
    const q = await createQuote(t.http, am, {
      accountId: account.id,
      lines: [{ sku, quantity: 1, requestedDate: addDays(todayIso(), 9) }],
    });
    expect(q.terms).toMatchObject({
      incoterm: 'DAP',
      incotermPlace: 'Hamburg',
      shipComplete: true,
      note: 'Pallets only',
    });
  });

  test('an unknown Incoterm is refused in words and changes nothing; a customer may not open the page (403)', async () => {
    const account = await createAccount(t.deps.db);
    const am = await createTestUser(t.deps.db, 'account_manager');
    const s = await pageSession(buildApp(t.deps), am);
    const page = `/accounts/${account.id}/quote-terms`;
    await s.post(page, page, { incoterm: 'XYZ', incotermPlace: 'Hamburg' });
    expect((await s.agent.get(page)).text).toContain('The quote terms are not valid');
    const stored = await t.http
      .get(`/api/accounts/${account.id}/quote-defaults`)
      .set('authorization', am.auth);
    expect([stored.body.incoterm, stored.body.incotermPlace]).toEqual([null, null]);

    const customer = await pageSession(buildApp(t.deps), await createCustomer(t.deps.db));
    expect((await customer.agent.get(page)).status).toBe(403);
    expect((await s.agent.get('/accounts/00000000-0000-4000-8000-00000000abcd/quote-terms')).status).toBe(
      404,
    );
  });
});
