import fs from 'node:fs';
import { expireQuotes, registerQuoteJobs, scheduleQuoteJobs } from '../../src/quotes';
import { EXPIRE_QUOTES_SCHEDULE_ID, ExpireQuotesJob } from '../../src/quotes/quotes.jobs';
import { InProcessJobQueue } from '../../src/shared/jobs';
import { addDays, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import { addSupply, setStock } from '../support/erp-factories';
import { createCustomer } from '../support/factories';
import { act, createQuote, Quote, readQuote, stockedItem as helperStockedItem } from './helpers';

const T = todayIso();
const day = (n: number): string => addDays(T, n);

const t = useTestApp();
const am = t.user('account_manager');

const stockedItem = (onHand: number, listPrice: number | string | null = 100) =>
  helperStockedItem(t.deps.db, onHand, listPrice, 30);

/** A sent quote of a new customer: 10 of a stocked item at 12.5 less 4 %, and a custom flange. */
async function sentQuote(terms: Record<string, unknown> = {}) {
  const customer = await createCustomer(t.deps.db);
  const item = await stockedItem(50, 12.5);
  const q = await createQuote(t.http, am, {
    accountId: customer.account.id,
    terms: {
      paymentTerms: '30 days 2 % 10 days',
      incoterm: 'DAP',
      incotermPlace: 'Lyon',
      note: 'Packed on pallets',
      ...terms,
    },
    lines: [
      { sku: item.sku, quantity: 10, requestedDate: day(2), discountPct: 4 },
      {
        description: 'Custom flange DN80',
        quantity: 3,
        requestedDate: day(5),
        unitPrice: 99.9,
        leadTimeDays: 12,
      },
    ],
  });
  const sent = await act(t.http, am, q.id, 'send');
  if (sent.status !== 200) throw new Error(JSON.stringify(sent.body));
  return { customer, item, quote: sent.body as Quote };
}

const ordersOfQuote = async (quoteId: string): Promise<number> =>
  Number(
    ((await t.deps.db('orders').where({ quote_id: quoteId }).count({ n: '*' }))[0] as { n: number | string })
      .n,
  );

describe('POST /api/quotes/:id/accept', () => {
  test('the customer accepts its quote: the order carries exactly the negotiated prices and terms, and the custom line is dated by its lead time', async () => {
    const { customer, item, quote } = await sentQuote();
    const res = await act(t.http, customer, quote.id, 'accept', { revision: 1, customerPo: 'PO-77' });
    expect(res.status).toBe(201);
    expect(res.body.dateChanges).toEqual([]);
    const order = await t.http.get(`/api/orders/${res.body.orderId}`).set('authorization', customer.auth);
    expect(order.status).toBe(200);
    expect(order.body).toMatchObject({
      status: 'confirmed',
      customerPo: 'PO-77',
      quote: { id: quote.id, revision: 1 },
      currency: 'EUR',
      total: 419.7,
      terms: {
        paymentTerms: '30 days 2 % 10 days',
        incoterm: 'DAP',
        incotermPlace: 'Lyon',
        shipComplete: false,
        note: 'Packed on pallets',
      },
    });
    expect(
      order.body.lines.map((l: Record<string, unknown>) => [
        l.sku,
        l.quantity,
        l.unitPrice,
        l.discountPct,
        l.netPrice,
        l.lineTotal,
        l.confirmedDate,
      ]),
    ).toEqual([[item.sku, 10, 12.5, 4, 12, 120, day(2)]]);
    expect(order.body.customLines).toEqual([
      {
        lineNo: 2,
        description: 'Custom flange DN80',
        quantity: 3,
        requestedDate: day(5),
        promisedDate: day(12),
        leadTimeDays: 12,
        unitPrice: 99.9,
        discountPct: 0,
        netPrice: 99.9,
        lineTotal: 299.7,
        // Dated, nothing shipped yet: its progress as the ERP's shipments will tell it.
        milestone: 'confirmed',
        shippedQuantity: 0,
        deliveredQuantity: 0,
      },
    ]);
    // The order reserves what it confirmed.
    const avail = await t.http
      .get(`/api/items/${item.sku}/availability?site=${item.site}`)
      .set('authorization', am.auth);
    expect(avail.body.buckets[0].atp).toBe(40);
    const after = (await readQuote(t.http, customer, quote.id)).body as Quote;
    expect([after.status, after.orderId, after.history.map((h) => h.kind)]).toEqual([
      'accepted',
      res.body.orderId,
      ['sent', 'accepted'],
    ]);
  });

  test('sending the quote mails the customer, and its acceptance mails the order confirmation (the outbox, without SMTP)', async () => {
    const { customer, quote } = await sentQuote();
    const accepted = await act(t.http, customer, quote.id, 'accept', { revision: 1 });
    await t.deps.jobs.drain();
    const mails = fs
      .readdirSync(t.deps.config.outboxDir)
      .map((f) => fs.readFileSync(`${t.deps.config.outboxDir}/${f}`, 'utf8'));
    const mine = (needle: string) => mails.filter((m) => m.includes(needle) && m.includes(customer.email));
    expect(mine(quote.number)).toHaveLength(1);
    expect(mine(accepted.body.orderNumber)).toHaveLength(1);
  });

  test('three accepts at once make one order; the others answer 200 with the same order', async () => {
    const { customer, quote } = await sentQuote();
    const results = await Promise.all([
      act(t.http, customer, quote.id, 'accept', { revision: 1 }),
      act(t.http, am, quote.id, 'accept', { revision: 1 }),
      act(t.http, customer, quote.id, 'accept', { revision: 1 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(results.map((r) => r.body.orderId)).size).toBe(1);
    expect(await ordersOfQuote(quote.id)).toBe(1);
    const order = await t.http.get(`/api/orders/${results[0]!.body.orderId}`).set('authorization', am.auth);
    expect(order.body.terms).toEqual({
      paymentTerms: '30 days 2 % 10 days',
      incoterm: 'DAP',
      incotermPlace: 'Lyon',
      shipComplete: false,
      note: 'Packed on pallets',
    });
    expect(order.body.lines).toHaveLength(1);
    // And once more, later: still the same order.
    const again = await act(t.http, customer, quote.id, 'accept', { revision: 1 });
    expect([again.status, again.body.orderId]).toEqual([200, results[0]!.body.orderId]);
  });

  test("another account's customer cannot accept (404) and nothing changes", async () => {
    const { quote } = await sentQuote();
    const stranger = await createCustomer(t.deps.db);
    const res = await act(t.http, stranger, quote.id, 'accept', { revision: 1 });
    expect(res.status).toBe(404);
    expect(await ordersOfQuote(quote.id)).toBe(0);
    expect(((await readQuote(t.http, am, quote.id)).body as Quote).status).toBe('sent');
  });

  test('an old revision, an unsent revision, a rejected quote and an expired quote cannot be accepted (409)', async () => {
    const db = t.deps.db;
    const a = await sentQuote();
    await act(t.http, am, a.quote.id, 'revisions', { reason: 'new price', terms: { note: 'revised' } });
    expect((await act(t.http, a.customer, a.quote.id, 'accept', { revision: 1 })).status).toBe(409);
    // Revision 2 is a draft: the customer does not even see it; the account manager gets 409.
    expect((await act(t.http, a.customer, a.quote.id, 'accept', { revision: 2 })).status).toBe(404);
    expect((await act(t.http, am, a.quote.id, 'accept', { revision: 2 })).status).toBe(409);

    const b = await sentQuote();
    expect((await act(t.http, b.customer, b.quote.id, 'reject', { reason: 'bought elsewhere' })).status).toBe(
      200,
    );
    expect((await act(t.http, b.customer, b.quote.id, 'accept', { revision: 1 })).status).toBe(409);

    const c = await sentQuote();
    await db('quote_revisions')
      .where({ quote_id: c.quote.id })
      .update({ valid_until: day(-1) });
    await db('quotes')
      .where({ id: c.quote.id })
      .update({ valid_until: day(-1) });
    const expired = await act(t.http, c.customer, c.quote.id, 'accept', { revision: 1 });
    expect([expired.status, expired.body.error.message]).toEqual([409, `The quote expired on ${day(-1)}`]);
    expect(await ordersOfQuote(c.quote.id)).toBe(0);
  });

  test('when stock left since the quote, acceptance confirms what ATP can keep now and says which date moved', async () => {
    const db = t.deps.db;
    const { customer, item, quote } = await sentQuote();
    await addSupply(db, { sku: item.sku, site: item.site, qty: 100, dueDate: day(9) });
    await setStock(db, item.sku, item.site, 4);
    const res = await act(t.http, customer, quote.id, 'accept', { revision: 1 });
    expect(res.status).toBe(201);
    expect(res.body.dateChanges).toEqual([
      { lineNo: 1, quoteLineNo: 1, quotedDate: day(2), confirmedDate: day(9) },
    ]);
  });

  test('ship-complete terms are frozen into the order: every line on one date', async () => {
    const db = t.deps.db;
    const customer = await createCustomer(db);
    const a = await stockedItem(10);
    const b = await stockedItem(0);
    await addSupply(db, { sku: b.sku, site: b.site, qty: 10, dueDate: day(6) });
    const q = await createQuote(t.http, am, {
      accountId: customer.account.id,
      terms: { shipComplete: true },
      lines: [
        { sku: a.sku, quantity: 5, requestedDate: day(1) },
        { sku: b.sku, quantity: 5, requestedDate: day(1) },
      ],
    });
    expect(q.lines.map((l) => l.quotedDate)).toEqual([day(6), day(6)]);
    await act(t.http, am, q.id, 'send');
    const res = await act(t.http, customer, q.id, 'accept', { revision: 1 });
    const order = await t.http.get(`/api/orders/${res.body.orderId}`).set('authorization', am.auth);
    expect([
      order.body.shipComplete,
      order.body.lines.map((l: { confirmedDate: string }) => l.confirmedDate),
    ]).toEqual([true, [day(6), day(6)]]);
  });
});

describe('nightly expiry', () => {
  test('sent quotes past their validity become expired once; accepted and draft quotes stay as they are', async () => {
    const db = t.deps.db;
    const outdated = await sentQuote();
    const accepted = await sentQuote();
    await act(t.http, accepted.customer, accepted.quote.id, 'accept', { revision: 1 });
    for (const id of [outdated.quote.id, accepted.quote.id])
      await db('quotes')
        .where({ id })
        .update({ valid_until: day(-2) });
    await expireQuotes(t.deps);
    const second = await expireQuotes(t.deps);
    expect(second).toBe(0);
    const [o, a] = [
      (await readQuote(t.http, am, outdated.quote.id)).body as Quote,
      (await readQuote(t.http, am, accepted.quote.id)).body as Quote,
    ];
    expect([o.status, o.history.at(-1)!.kind, a.status]).toEqual(['expired', 'expired', 'accepted']);
  });

  test('the expiry schedule exists once however many times it is registered', async () => {
    const jobs = new InProcessJobQueue(t.deps.logger);
    const deps = { ...t.deps, jobs };
    registerQuoteJobs(deps);
    for (let i = 0; i < 3; i++) await scheduleQuoteJobs(deps);
    expect((await jobs.listSchedules()).filter((s) => s.id === EXPIRE_QUOTES_SCHEDULE_ID)).toEqual([
      expect.objectContaining({ name: ExpireQuotesJob.name, cron: '15 0 * * *' }),
    ]);
    await jobs.close();
  });
});
