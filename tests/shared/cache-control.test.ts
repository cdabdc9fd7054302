import { addDays, todayIso } from '../../src/shared/time';
import { testContext, TestContext } from '../support/app';
import { createCustomer, createTestUser, TEST_PASSWORD, TestUser } from '../support/factories';
import { act, createQuote, stockedItem } from '../quotes/helpers';

let t: TestContext;
let am: TestUser;
beforeAll(async () => {
  t = testContext();
  am = await createTestUser(t.deps.db, 'account_manager');
});
afterAll(() => t.close());

async function sessionCookie(email: string): Promise<string> {
  const page = await t.http.get('/login');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  const cookies = ([] as string[]).concat(page.headers['set-cookie'] ?? []);
  const loginCookie = cookies.find((c) => c.startsWith('fd_login_csrf='))!.split(';')[0]!;
  const res = await t.http
    .post('/login')
    .set('cookie', loginCookie)
    .type('form')
    .send({ _csrf: csrf, email, password: TEST_PASSWORD });
  const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return set.find((c) => c.startsWith('fd_session='))!.split(';')[0]!;
}

describe('answers for a signed-in user are kept by no cache', () => {
  test('an API answer to a bearer token carries Cache-Control: no-store', async () => {
    const res = await t.http.get('/api/me').set('authorization', am.auth);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  test('a page and an API answer to a session cookie carry Cache-Control: no-store', async () => {
    const cookie = await sessionCookie(am.email);
    const home = await t.http.get('/').set('cookie', cookie);
    expect(home.status).toBe(200);
    expect(home.headers['cache-control']).toBe('no-store');
    const me = await t.http.get('/api/me').set('cookie', cookie);
    expect(me.status).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
  });

  test('a quotation PDF, an order confirmation PDF and the Excel export carry Cache-Control: no-store', async () => {
    const customer = await createCustomer(t.deps.db);
    const item = await stockedItem(t.deps.db, 100, '2.5');
    const q = await createQuote(t.http, am, {
      accountId: customer.account.id,
      lines: [{ sku: item.sku, quantity: 2, requestedDate: addDays(todayIso(), 5) }],
    });
    await act(t.http, am, q.id, 'send');
    const quotePdf = await t.http.get(`/api/quotes/${q.id}/pdf`).set('authorization', customer.auth);
    expect([quotePdf.status, quotePdf.headers['content-type']]).toEqual([200, 'application/pdf']);
    expect(quotePdf.headers['cache-control']).toBe('no-store');

    const accepted = await act(t.http, customer, q.id, 'accept', { revision: 1 });
    const orderPdf = await t.http
      .get(`/api/orders/${accepted.body.orderId}/confirmation.pdf`)
      .set('authorization', customer.auth);
    expect(orderPdf.status).toBe(200);
    expect(orderPdf.headers['cache-control']).toBe('no-store');

    const xlsx = await t.http.get('/api/quote-lines.xlsx').set('authorization', am.auth);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['cache-control']).toBe('no-store');
  });

  test('a new bearer token is answered with Cache-Control: no-store', async () => {
    const res = await t.http.post('/api/auth/token').send({ email: am.email, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  test('public assets stay cacheable', async () => {
    const res = await t.http.get('/assets/app.css');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toMatch(/max-age=3600/);
  });
});
