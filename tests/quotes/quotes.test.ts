import { addDays, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import { addSupply } from '../support/erp-factories';
import { createAccount, createCustomer } from '../support/factories';
import {
  act,
  addPrice,
  createQuote,
  postQuote,
  Quote,
  readQuote,
  stockedItem as helperStockedItem,
} from './helpers';

const T = todayIso();
const day = (n: number): string => addDays(T, n);

const t = useTestApp({ env: { DISCOUNT_AUTHORITY: 'account_manager:10,admin:100' } });
const am = t.user('account_manager');
const admin = t.user('admin');

const stockedItem = (onHand: number, listPrice: number | string | null = 100) =>
  helperStockedItem(t.deps.db, onHand, listPrice, 20);

describe('POST /api/quotes: prices and dates', () => {
  test("prices come from the customer's agreement with its volume break, else the list price, and a given price wins", async () => {
    const db = t.deps.db;
    const account = await createAccount(db);
    const a = await stockedItem(1000, 120);
    const b = await stockedItem(1000, 45.5);
    await addPrice(db, { sku: a.sku, erpCustomerId: account.erp_customer_id!, minQty: 1, unitPrice: 100 });
    await addPrice(db, { sku: a.sku, erpCustomerId: account.erp_customer_id!, minQty: 50, unitPrice: 92.5 });
    // An agreement of another customer and an expired one do not apply.
    await addPrice(db, { sku: b.sku, erpCustomerId: 'SOMEONE-ELSE', unitPrice: 1 });
    await addPrice(db, {
      sku: b.sku,
      erpCustomerId: account.erp_customer_id!,
      unitPrice: 2,
      validTo: day(-1),
    });

    const q = await createQuote(t.http, am, {
      accountId: account.id,
      lines: [
        { sku: a.sku, quantity: 10, requestedDate: day(3) },
        { sku: a.sku, quantity: 60, requestedDate: day(3) },
        { sku: b.sku, quantity: 2, requestedDate: day(3) },
        { sku: b.sku, quantity: 2, requestedDate: day(3), unitPrice: 40 },
      ],
    });
    expect(q.lines.map((l) => [l.priceSource, l.unitPrice, l.lineTotal])).toEqual([
      ['agreement', 100, 1000],
      ['agreement', 92.5, 5550],
      ['list', 45.5, 91],
      ['manual', 40, 80],
    ]);
    expect(q.total).toBe(6721);
    expect(q.status).toBe('draft');
    expect(q.revision).toBe(1);
    expect(q.number).toMatch(/^Q-\d{6}$/);
    // Terms default from the account (payment terms from the ERP).
    expect(q.terms.paymentTerms).toBe('NET30');
  });

  test('totals of prices like 0.1 and 0.2 are exact', async () => {
    const account = await createAccount(t.deps.db);
    const a = await stockedItem(100, '0.1');
    const b = await stockedItem(100, '0.2');
    const q = await createQuote(t.http, am, {
      accountId: account.id,
      lines: [
        { sku: a.sku, quantity: 1, requestedDate: day(1) },
        { sku: b.sku, quantity: 1, requestedDate: day(1) },
      ],
    });
    expect(q.lines.map((l) => l.lineTotal)).toEqual([0.1, 0.2]);
    expect(q.total).toBe(0.3);
    const q3 = await createQuote(t.http, am, {
      accountId: account.id,
      lines: [{ sku: a.sku, quantity: 3, requestedDate: day(1), discountPct: 0 }],
    });
    expect(q3.total).toBe(0.3);
  });

  test('a discount gives the net price and total; the quoted date comes from ATP with its source; a non-catalog line is dated by its lead time', async () => {
    const db = t.deps.db;
    const account = await createAccount(db);
    const { sku, site } = await stockedItem(5, 200);
    await addSupply(db, { sku, site, qty: 20, dueDate: day(10) });
    const q = await createQuote(t.http, am, {
      accountId: account.id,
      lines: [
        { sku, quantity: 5, requestedDate: day(2), discountPct: 5 },
        { sku, quantity: 10, requestedDate: day(2) },
        {
          description: 'Custom flange DN150 PN40',
          quantity: 4,
          requestedDate: day(1),
          unitPrice: 310.25,
          leadTimeDays: 15,
        },
      ],
    });
    expect(q.lines.map((l) => [l.netPrice, l.lineTotal, l.quotedDate, l.dateSource])).toEqual([
      [190, 950, day(2), 'stock'],
      // The first line took the 5 on hand: the next 10 wait for the receipt on day 10.
      [200, 2000, day(10), 'supply'],
      [310.25, 1241, day(15), 'lead_time'],
    ]);
    // Quoting reserves nothing: availability still shows the 5 on hand today.
    const avail = await t.http
      .get(`/api/items/${sku}/availability?site=${site}`)
      .set('authorization', am.auth);
    expect(avail.body.buckets[0]).toEqual({ date: T, receipts: 5, demand: 0, atp: 5 });
  });

  test('lines that cannot be quoted are refused with a reason per line, and nothing is stored', async () => {
    const db = t.deps.db;
    const account = await createAccount(db);
    const unpriced = await stockedItem(10, null);
    const res = await postQuote(t.http, am, {
      accountId: account.id,
      lines: [
        { sku: 'NO-SUCH-SKU', quantity: 1, requestedDate: day(1) },
        { description: 'Special gasket', quantity: 1, requestedDate: day(1) },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      '/lines/0/sku',
      '/lines/1/unitPrice',
    ]);
    const res2 = await postQuote(t.http, am, {
      accountId: account.id,
      lines: [{ sku: unpriced.sku, quantity: 1, requestedDate: day(1) }],
    });
    expect(res2.status).toBe(422);
    expect(res2.body.error.details[0].message).toMatch(/no agreement or list price/);
    expect(
      Number(
        ((await db('quotes').where({ account_id: account.id }).count({ n: '*' }))[0] as { n: number }).n,
      ),
    ).toBe(0);
  });
});

describe('quote requests', () => {
  test('a customer asks for a quote for its own account; the account manager quotes it, and the request becomes quoted when it is sent', async () => {
    const customer = await createCustomer(t.deps.db);
    const { sku } = await stockedItem(100, 50);
    const rfq = await t.http
      .post('/api/quote-requests')
      .set('authorization', customer.auth)
      .send({
        accountId: customer.account.id,
        notes: 'Urgent',
        lines: [
          { sku, quantity: 4, requestedDate: day(5) },
          { description: 'Flange to drawing 4711', quantity: 2, requestedDate: day(20) },
        ],
      });
    expect(rfq.status).toBe(201);
    expect(rfq.body).toMatchObject({ status: 'open', number: expect.stringMatching(/^RFQ-/) });

    const other = await createCustomer(t.deps.db);
    expect(
      (await t.http.get(`/api/quote-requests/${rfq.body.id}`).set('authorization', other.auth)).status,
    ).toBe(404);
    const foreign = await t.http
      .post('/api/quote-requests')
      .set('authorization', other.auth)
      .send({ accountId: customer.account.id, lines: [{ sku, quantity: 1, requestedDate: day(5) }] });
    expect(foreign.status).toBe(404);

    const q = await createQuote(t.http, am, { accountId: customer.account.id, quoteRequestId: rfq.body.id });
    expect(q.lines.map((l) => [l.sku, l.description, l.priceSource])).toEqual([
      [sku, expect.any(String), 'list'],
      [null, 'Flange to drawing 4711', 'missing'],
    ]);
    // The non-catalog line has no price yet: it cannot be sent like that.
    const refused = await act(t.http, am, q.id, 'send');
    expect([refused.status, refused.body.error.code]).toEqual([422, 'business_rule']);

    const rev = await act(t.http, am, q.id, 'revisions', {
      reason: 'priced the flange',
      lines: [
        { sku, quantity: 4, requestedDate: day(5) },
        {
          description: 'Flange to drawing 4711',
          quantity: 2,
          requestedDate: day(20),
          unitPrice: 480,
          leadTimeDays: 25,
        },
      ],
    });
    expect(rev.status).toBe(201);
    expect((await act(t.http, am, q.id, 'send')).status).toBe(200);
    const after = await t.http.get(`/api/quote-requests/${rfq.body.id}`).set('authorization', customer.auth);
    expect(after.body.status).toBe('quoted');
  });
});

describe('revisions, counter-offers and the difference', () => {
  test('a counter-offer on a sent quote is recorded; the revision after it changes the discount and the named place, and the difference shows exactly that', async () => {
    const db = t.deps.db;
    const customer = await createCustomer(db);
    const { sku, site } = await stockedItem(10, 100);
    await addSupply(db, { sku, site, qty: 100, dueDate: day(14) });
    const other = await stockedItem(100, 20);
    const q = await createQuote(t.http, am, {
      accountId: customer.account.id,
      terms: { incoterm: 'FCA', incotermPlace: 'Rotterdam', paymentTerms: 'NET30' },
      lines: [
        { sku, quantity: 30, requestedDate: day(3) },
        { sku: other.sku, quantity: 5, requestedDate: day(3) },
      ],
    });
    expect(q.lines[0]!.quotedDate).toBe(day(14));
    expect((await act(t.http, am, q.id, 'send')).status).toBe(200);

    const counter = await act(t.http, customer, q.id, 'counter-offers', {
      revision: 1,
      note: 'Too expensive and too late',
      lines: [{ lineNo: 1, targetPrice: 90, targetDate: day(7) }],
    });
    expect(counter.status).toBe(201);
    // The customer cannot counter a revision that is not the current one.
    expect(
      (
        await act(t.http, customer, q.id, 'counter-offers', {
          revision: 2,
          lines: [{ lineNo: 1, targetPrice: 1 }],
        })
      ).status,
    ).toBe(409);

    const rev2 = await act(t.http, am, q.id, 'revisions', {
      reason: 'counter-offer: 5 % and split delivery',
      terms: { incotermPlace: 'Antwerp' },
      lines: [
        { sku, quantity: 30, requestedDate: day(3), discountPct: 5 },
        { sku: other.sku, quantity: 5, requestedDate: day(3) },
      ],
    });
    expect(rev2.status).toBe(201);
    const r2 = rev2.body as Quote;
    expect([
      r2.revision,
      r2.status,
      r2.terms.incoterm,
      r2.terms.incotermPlace,
      r2.lines[0]!.netPrice,
    ]).toEqual([2, 'draft', 'FCA', 'Antwerp', 95]);

    const old = (await readQuote(t.http, am, q.id, 1)).body as Quote;
    expect([old.revision, old.status, old.lines[0]!.unitPrice, old.lines[0]!.netPrice]).toEqual([
      1,
      'superseded',
      100,
      100,
    ]);

    const diff = await t.http.get(`/api/quotes/${q.id}/diff?from=1&to=2`).set('authorization', am.auth);
    expect(diff.status).toBe(200);
    expect(diff.body.reason).toBe('counter-offer: 5 % and split delivery');
    expect(diff.body.terms).toEqual([
      { field: 'incotermPlace', from: 'Rotterdam', to: 'Antwerp' },
      { field: 'total', from: 3100, to: 2950 },
    ]);
    expect(diff.body.lines).toEqual([
      {
        lineNo: 1,
        change: 'changed',
        sku,
        description: expect.any(String),
        changes: [
          { field: 'discountPct', from: 0, to: 5 },
          { field: 'netPrice', from: 100, to: 95 },
          { field: 'lineTotal', from: 3000, to: 2850 },
        ],
      },
    ]);
    const history = ((await readQuote(t.http, am, q.id)).body as Quote).history.map((h) => [
      h.kind,
      h.revision,
    ]);
    expect(history).toEqual([
      ['created', 1],
      ['sent', 1],
      ['counter_offer', 1],
      ['revised', 2],
    ]);
    // The customer sees revision 1 (sent) and the negotiation, not the unsent draft of revision 2.
    const seen = (await readQuote(t.http, customer, q.id)).body as Quote;
    expect([seen.revision, seen.currentRevision, seen.revisions.map((r) => r.revision)]).toEqual([1, 2, [1]]);
    expect(seen.history.map((h) => h.kind)).toEqual(['sent', 'counter_offer']);
    expect((await readQuote(t.http, customer, q.id, 2)).status).toBe(404);
  });

  test("another account's customer finds neither the quote nor its PDF (404), and a draft is invisible to the customer", async () => {
    const customer = await createCustomer(t.deps.db);
    const stranger = await createCustomer(t.deps.db);
    const { sku } = await stockedItem(10, 10);
    const q = await createQuote(t.http, am, {
      accountId: customer.account.id,
      lines: [{ sku, quantity: 1, requestedDate: day(1) }],
    });
    expect((await readQuote(t.http, customer, q.id)).status).toBe(404);
    await act(t.http, am, q.id, 'send');
    expect((await readQuote(t.http, customer, q.id)).status).toBe(200);
    expect((await readQuote(t.http, stranger, q.id)).status).toBe(404);
    expect((await t.http.get(`/api/quotes/${q.id}/pdf`).set('authorization', stranger.auth)).status).toBe(
      404,
    );
    const list = await t.http.get('/api/quotes').set('authorization', stranger.auth);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(q.id);
  });
});

describe('approval of discounts', () => {
  test("a discount beyond the account manager's authority cannot be sent until an admin approves it; the approval is audited", async () => {
    const db = t.deps.db;
    const account = await createAccount(db);
    const { sku } = await stockedItem(100, 200);
    // A manual price of 170 against the list price of 200 is a 15 % discount, like discountPct 15.
    const q = await createQuote(t.http, am, {
      accountId: account.id,
      lines: [{ sku, quantity: 1, requestedDate: day(1), unitPrice: 170 }],
    });
    expect(q.maxDiscountPct).toBe(15);

    const refused = await act(t.http, am, q.id, 'send');
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('approval_required');
    expect(refused.body.error.details[0].message).toMatch(/15 % is beyond the 10 %/);
    expect(((await readQuote(t.http, am, q.id)).body as Quote).status).toBe('draft');

    expect((await act(t.http, am, q.id, 'request-approval', { note: 'strategic account' })).body.status).toBe(
      'pending_approval',
    );
    expect((await act(t.http, am, q.id, 'approve')).status).toBe(403);
    const approved = await act(t.http, admin, q.id, 'approve', { note: 'ok for this project' });
    expect(approved.status).toBe(200);
    expect(approved.body.approval).toMatchObject({ by: admin.id, discountPct: 15 });
    const sent = await act(t.http, am, q.id, 'send');
    expect([sent.status, sent.body.status]).toEqual([200, 'sent']);
    const audit = await db('audit_log')
      .where({ entity: 'quote', entity_id: q.id })
      .orderBy('id')
      .select('action', 'actor_id');
    expect(audit).toEqual(expect.arrayContaining([{ action: 'quote.approved', actor_id: admin.id }]));

    // A new revision with a deeper discount needs a new approval.
    const rev = await act(t.http, am, q.id, 'revisions', {
      reason: 'deeper',
      lines: [{ sku, quantity: 1, requestedDate: day(1), discountPct: 20 }],
    });
    expect((await act(t.http, am, rev.body.id, 'send')).body.error.code).toBe('approval_required');
    // An admin's own authority covers it.
    expect((await act(t.http, admin, rev.body.id, 'send')).status).toBe(200);
  });

  test('within authority a quote is sent at once, and a sent revision cannot be sent again', async () => {
    const account = await createAccount(t.deps.db);
    const { sku } = await stockedItem(100, 200);
    const q = await createQuote(t.http, am, {
      accountId: account.id,
      lines: [{ sku, quantity: 1, requestedDate: day(1), discountPct: 10 }],
    });
    expect((await act(t.http, am, q.id, 'send')).body.status).toBe('sent');
    expect((await act(t.http, am, q.id, 'send')).status).toBe(409);
  });
});
