import { addDays, todayIso } from '../../src/shared/time';
import { testContext, TestContext } from '../support/app';
import { createAccount, createTestUser, TestUser } from '../support/factories';
import { postOrder } from '../orders/helpers';
import { createQuote, postQuote, stockedItem } from '../quotes/helpers';

let t: TestContext;
let am: TestUser;
const day = (n: number): string => addDays(todayIso(), n);
const NUL = '\u0000';

beforeAll(async () => {
  t = testContext({ DISCOUNT_AUTHORITY: 'account_manager:10,admin:100' });
  am = await createTestUser(t.deps.db, 'account_manager');
});
afterAll(() => t.close());

describe('decimals as people type them', () => {
  test('an order of 0.7, 2.675 and 1.005 is taken with exactly those quantities', async () => {
    const account = await createAccount(t.deps.db);
    const item = await stockedItem(t.deps.db, 100);
    const res = await postOrder(t.http, am, {
      accountId: account.id,
      site: item.site,
      lines: [0.7, 2.675, 1.005].map((quantity) => ({ sku: item.sku, quantity, requestedDate: day(3) })),
    });
    expect(res.status).toBe(201);
    expect(res.body.lines.map((l: { quantity: number }) => l.quantity)).toEqual([0.7, 2.675, 1.005]);
  });

  test('an ATP check of 0.7, 2.675 and 1.005 answers for each quantity', async () => {
    const item = await stockedItem(t.deps.db, 100);
    const res = await t.http
      .post('/api/atp/check')
      .set('authorization', am.auth)
      .send({
        site: item.site,
        lines: [0.7, 2.675, 1.005].map((quantity) => ({ sku: item.sku, quantity, requestedDate: day(3) })),
      });
    expect(res.status).toBe(200);
    expect(res.body.lines.map((l: { quantity: number }) => l.quantity)).toEqual([0.7, 2.675, 1.005]);
  });

  test('a quote at 19.99, 7.77 and 4.35 with a discount of 0.7 % is priced as given', async () => {
    const account = await createAccount(t.deps.db);
    const item = await stockedItem(t.deps.db, 100, 20);
    const q = await createQuote(t.http, am, {
      accountId: account.id,
      lines: [19.99, 7.77, 4.35].map((unitPrice) => ({
        sku: item.sku,
        quantity: 1,
        requestedDate: day(3),
        unitPrice,
        discountPct: 0.7,
      })),
    });
    expect(q.lines.map((l) => [l.unitPrice, l.discountPct])).toEqual([
      [19.99, 0.7],
      [7.77, 0.7],
      [4.35, 0.7],
    ]);
  });

  test('more decimals than the column keeps are refused with the path of each field', async () => {
    const account = await createAccount(t.deps.db);
    const item = await stockedItem(t.deps.db, 100);
    const res = await postQuote(t.http, am, {
      accountId: account.id,
      lines: [
        { sku: item.sku, quantity: 0.0005, requestedDate: day(3) },
        { sku: item.sku, quantity: 1e-7, requestedDate: day(3), unitPrice: 1.00001, discountPct: 0.0001 },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      '/lines/0/quantity',
      '/lines/1/discountPct',
      '/lines/1/quantity',
      '/lines/1/unitPrice',
    ]);
    expect(res.body.error.details[0].message).toMatch(/at most \d decimals/);
  });
});

describe('text a database cannot store', () => {
  const refusedAt = (res: { status: number; body: { error?: { details?: Array<{ path: string }> } } }) => ({
    status: res.status,
    paths: (res.body.error?.details ?? []).map((d) => d.path),
  });

  test("a NUL in a token request's e-mail is refused as invalid input", async () => {
    const res = await t.http.post('/api/auth/token').send({ email: `a${NUL}@example.com`, password: 'x' });
    expect(refusedAt(res)).toEqual({ status: 400, paths: expect.arrayContaining(['/email']) });
  });

  test("a NUL in an order's PO or a line's sku is refused at its path and no order is stored", async () => {
    const account = await createAccount(t.deps.db);
    const item = await stockedItem(t.deps.db, 100);
    const res = await postOrder(t.http, am, {
      accountId: account.id,
      customerPo: `PO${NUL}1`,
      lines: [{ sku: `${item.sku}${NUL}`, quantity: 1, requestedDate: day(3) }],
    });
    expect(refusedAt(res)).toEqual({
      status: 400,
      paths: expect.arrayContaining(['/customerPo', '/lines/0/sku']),
    });
    expect(await t.deps.db('orders').where({ account_id: account.id })).toEqual([]);
  });

  test("a NUL in a quote's note, a contact's name or an ATP check's sku is refused at its path", async () => {
    const account = await createAccount(t.deps.db);
    const item = await stockedItem(t.deps.db, 100);
    const quote = await postQuote(t.http, am, {
      accountId: account.id,
      terms: { note: `see${NUL}` },
      lines: [{ sku: item.sku, quantity: 1, requestedDate: day(3) }],
    });
    expect(refusedAt(quote)).toEqual({ status: 400, paths: ['/terms/note'] });
    const contact = await t.http
      .post(`/api/accounts/${account.id}/contacts`)
      .set('authorization', am.auth)
      .send({ name: `Ann${NUL}` });
    expect(refusedAt(contact)).toEqual({ status: 400, paths: ['/name'] });
    const check = await t.http
      .post('/api/atp/check')
      .set('authorization', am.auth)
      .send({ lines: [{ sku: `X${NUL}`, quantity: 1, requestedDate: day(3) }] });
    expect(refusedAt(check)).toEqual({ status: 400, paths: ['/lines/0/sku'] });
  });

  test('a lone surrogate (text that is not Unicode) is refused like a NUL', async () => {
    const account = await createAccount(t.deps.db);
    const res = await t.http
      .post(`/api/accounts/${account.id}/contacts`)
      .set('authorization', am.auth)
      .set('content-type', 'application/json')
      .send('{"name": "Ann \\ud800"}');
    expect(refusedAt(res)).toEqual({ status: 400, paths: ['/name'] });
  });

  test('a NUL in a path parameter or a query string is refused, not answered with a 500', async () => {
    const item = await stockedItem(t.deps.db, 100);
    const inPath = await t.http.get(`/api/items/${item.sku}%00/availability`).set('authorization', am.auth);
    expect(refusedAt(inPath)).toEqual({ status: 400, paths: ['/sku'] });
    const inQuery = await t.http
      .get(`/api/items/${item.sku}/availability?site=X%00`)
      .set('authorization', am.auth);
    expect(refusedAt(inQuery)).toEqual({ status: 400, paths: ['/site'] });
  });
});

describe('GET /api/openapi.json', () => {
  test('says how many decimals a quantity, a price and a percentage may have, without multipleOf', async () => {
    const res = await t.http.get('/api/openapi.json');
    const line =
      res.body.paths['/api/quotes'].post.requestBody.content['application/json'].schema.properties.lines.items
        .properties;
    expect([line.quantity, line.unitPrice, line.discountPct].map((s) => s['x-maxDecimals'])).toEqual([
      3, 4, 3,
    ]);
    expect(line.unitPrice.description).toMatch(/at most 4 decimals/i);
    expect(JSON.stringify(res.body)).not.toContain('multipleOf');
  });
});
