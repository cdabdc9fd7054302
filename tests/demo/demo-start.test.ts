import { seedDemo } from '../../src/demo/demo.service';
import { useTestApp } from '../support/test-app';

/*
 * The demo company on a database of its own (its snapshot syncs close every row they do not
 * carry): what a new user finds after `npm start`, walked through the API as they would.
 */
const t = useTestApp({ isolated: true });
let logins: Awaited<ReturnType<typeof seedDemo>>;

beforeAll(async () => {
  logins = await seedDemo(t.deps);
  await t.deps.jobs.drain();
}, 180_000);

async function tokenOf(role: string): Promise<string> {
  const login = logins.find((l) => l.role === role)!;
  const res = await t.http.post('/api/auth/token').send({ email: login.email, password: login.password });
  return `Bearer ${res.body.token as string}`;
}

describe('the demo company', () => {
  test('the account manager finds an open request with a custom item to quote, and the buyer a sent quote it can accept into an order', async () => {
    const am = await tokenOf('account_manager');
    const buyer = await tokenOf('customer');
    const requests = (await t.http.get('/api/quote-requests').set('authorization', am).expect(200)).body
      .items as Array<{ id: string; status: string; assignedTo: string | null }>;
    expect(requests.map((r) => r.status).sort()).toEqual(['open', 'quoted']);
    expect(requests.every((r) => r.assignedTo !== null)).toBe(true);

    // Quote the open request; the custom flange needs the account manager's price and lead time.
    const open = requests.find((r) => r.status === 'open')!;
    const draft = await t.http
      .post('/api/quotes')
      .set('authorization', am)
      .send({
        accountId: (await t.http.get(`/api/quote-requests/${open.id}`).set('authorization', am)).body
          .accountId,
        quoteRequestId: open.id,
      });
    expect(draft.status).toBe(201);
    expect(draft.body.lines.map((l: { priceSource: string }) => l.priceSource)).toEqual([
      expect.stringMatching(/agreement|list/),
      'missing',
    ]);

    const quotes = (await t.http.get('/api/quotes').set('authorization', buyer).expect(200)).body
      .items as Array<{ id: string; status: string; revision: number }>;
    expect(quotes.map((q) => q.status)).toEqual(['sent']);
    const pdf = await t.http.get(`/api/quotes/${quotes[0]!.id}/pdf`).set('authorization', buyer);
    expect([pdf.status, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
    const accepted = await t.http
      .post(`/api/quotes/${quotes[0]!.id}/accept`)
      .set('authorization', buyer)
      .send({ revision: 1 });
    expect(accepted.status).toBe(201);
    const order = await t.http
      .get(`/api/orders/${accepted.body.orderId}`)
      .set('authorization', buyer)
      .expect(200);
    expect(order.body.lines.length).toBeGreaterThan(1);
    expect(
      order.body.lines.every(
        (l: { confirmedDate: string | null; unitPrice: number }) =>
          l.confirmedDate !== null && l.unitPrice > 0,
      ),
    ).toBe(true);
  });
});
