import type { Page } from 'playwright-core';
import { buildApp } from '../../src/app';
import { addDays, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import { describeInBrowser, pagesInBrowser } from '../support/browser';
import { createItem, createSite, setStock } from '../support/erp-factories';
import { createCustomer, createTestUser, TEST_PASSWORD, TestUser } from '../support/factories';
import { act, createQuote, Quote, readQuote, setListPrice } from '../quotes/helpers';

const t = useTestApp();

const day = (n: number): string => addDays(todayIso(), n);

/** 50 in stock at 100.00 list: 10 requested in 5 days are quoted for that day from stock. */
async function stockedItem(): Promise<string> {
  const db = t.deps.db;
  const site = await createSite(db);
  const sku = await createItem(db, { makeOrBuy: 'buy', leadTimeDays: 30 });
  await setStock(db, sku, site, 50);
  await setListPrice(db, sku, 100);
  return sku;
}

describe('quote pages without a browser', () => {
  test('signed out, a quote page sends the visitor to the login page', async () => {
    const res = await t.http.get('/quotes');
    expect([res.status, res.headers.location]).toEqual([303, '/login?next=%2Fquotes']);
  });

  test('the e-mail links under /portal/ redirect to the quote and order pages', async () => {
    const id = '0b9c7f3e-6a1d-4a43-9f53-2a6c1f1e0a11';
    const quote = await t.http.get(`/portal/quotes/${id}`);
    const order = await t.http.get(`/portal/orders/${id}`);
    expect([quote.status, quote.headers.location, order.status, order.headers.location]).toEqual([
      302,
      `/quotes/${id}`,
      302,
      `/orders/${id}`,
    ]);
  });
});

describeInBrowser('the quote-to-order pages in a real browser', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  /** Clicks a form's button and waits for the page the redirect lands on. */
  async function submit(page: Page, button: string): Promise<void> {
    await Promise.all([page.waitForNavigation(), page.click(button)]);
  }

  const text = async (page: Page, selector: string): Promise<string> =>
    ((await page.textContent(selector)) ?? '').replace(/\s+/g, ' ');

  test('an account manager quotes a request, revises it after a counter-offer, sends it; the customer accepts and sees the order with confirmed dates and terms', async () => {
    const am = await createTestUser(t.deps.db, 'account_manager');
    const customer = await createCustomer(t.deps.db);
    const sku = await stockedItem();
    const rfq = await t.http
      .post('/api/quote-requests')
      .set('authorization', customer.auth)
      .send({
        accountId: customer.account.id,
        notes: 'For the Lyon plant',
        lines: [{ sku, quantity: 10, requestedDate: day(5) }],
      });
    expect(rfq.status).toBe(201);

    // The account manager finds the request, creates the quote: priced from the list and dated from stock.
    const staff = await signIn(am);
    await staff.click('nav.main-nav >> text=Quote requests');
    await staff.click(`text=${rfq.body.number}`);
    expect(await text(staff, 'main')).toContain('For the Lyon plant');
    await submit(staff, 'button:has-text("Create quote")');
    expect(staff.url()).toMatch(/\/quotes\/[0-9a-f-]{36}$/);
    const quoteId = staff.url().split('/').pop()!;
    const lines = await text(staff, '#lines');
    expect(lines).toContain(sku);
    expect(lines).toContain('100.00');
    expect(lines).toContain('1,000.00');
    expect(lines).toContain(day(5));
    expect(lines).toContain('from stock');
    expect(await text(staff, '[data-test=status]')).toBe('draft');
    await submit(staff, 'button:has-text("Send to customer")');
    expect(await text(staff, '[role=status]')).toContain('Revision 1 was sent to the customer');

    // The customer asks for a better price.
    const buyer = await signIn(customer);
    await buyer.goto(`${at.url}/quotes`);
    await buyer.click(`a[href="/quotes/${quoteId}"]`);
    await buyer.fill('input[name="lines.0.targetPrice"]', '92');
    await buyer.fill('#counter-offer textarea[name=note]', 'Competitor offers 92');
    await submit(buyer, 'button:has-text("Send counter-offer")');
    expect(await text(buyer, '#history')).toContain('Line 1: target price 92.00');

    // The account manager answers with revision 2: 5 % off, FCA Rotterdam, with the reason.
    await staff.reload();
    expect(await text(staff, '#history')).toContain('Competitor offers 92');
    await staff.fill('#revise input[name="lines.0.discountPct"]', '5');
    await staff.selectOption('#revise select[name=incoterm]', 'FCA');
    await staff.fill('#revise input[name=incotermPlace]', 'Rotterdam');
    await staff.fill('#revise input[name=reason]', 'Counter-offer: 5 % for the Lyon volume');
    await submit(staff, 'button:has-text("Make revision 2")');
    expect(await text(staff, '[role=status]')).toContain('Revision 2 was made');
    expect(await text(staff, 'main')).toContain('FCA Rotterdam (Incoterms 2020)');
    expect(await text(staff, '#lines')).toContain('950.00');
    await submit(staff, 'button:has-text("Send to customer")');
    expect(await text(staff, '[data-test=status]')).toBe('sent');
    const history = await text(staff, '#history');
    expect(history).toContain('Counter-offer: 5 % for the Lyon volume');
    const pdfHref = await staff.getAttribute('a:has-text("Download PDF")', 'href');
    expect(pdfHref).toBe(`/api/quotes/${quoteId}/pdf?revision=2`);
    const pdf = await staff.context().request.get(`${at.url}${pdfHref}`);
    expect([pdf.status(), pdf.headers()['content-type']]).toEqual([200, 'application/pdf']);

    // The customer sees revision 2 and accepts it; the order page shows the confirmed date and the terms.
    await buyer.reload();
    expect(await text(buyer, 'h1')).toContain('revision 2');
    await buyer.fill('input[name=customerPo]', 'PO-4711');
    await submit(buyer, 'button:has-text("Accept revision 2")');
    expect(buyer.url()).toMatch(/\/orders\/[0-9a-f-]{36}$/);
    const orderPage = await text(buyer, 'main');
    expect(orderPage).toContain('PO-4711');
    expect(orderPage).toContain('FCA Rotterdam (Incoterms 2020)');
    expect(orderPage).toContain('NET30');
    expect(await text(buyer, '#order-lines')).toContain(day(5));
    expect(await text(buyer, '[data-test=total]')).toBe('EUR 950.00');
    await buyer.screenshot({ path: '/tmp/fd-order-page.png', fullPage: true });
    await staff.goto(`${at.url}/quotes/${quoteId}`);
    await staff.screenshot({ path: '/tmp/fd-quote-page.png', fullPage: true });

    const stored = (await readQuote(t.http, am, quoteId)).body as Quote;
    expect([
      stored.status,
      stored.currentRevision,
      stored.terms.incoterm,
      stored.lines[0]!.discountPct,
    ]).toEqual(['accepted', 2, 'FCA', 5]);
    expect(stored.history.map((h) => h.kind)).toEqual([
      'created',
      'sent',
      'counter_offer',
      'revised',
      'sent',
      'accepted',
    ]);
    const order = await t.http.get(`/api/orders/${stored.orderId}`).set('authorization', customer.auth);
    expect(order.body).toMatchObject({
      customerPo: 'PO-4711',
      total: 950,
      terms: { paymentTerms: 'NET30', incoterm: 'FCA', incotermPlace: 'Rotterdam' },
    });
    expect(order.body.lines.map((l: { confirmedDate: string }) => l.confirmedDate)).toEqual([day(5)]);
  });

  test("a discount beyond the account manager's authority shows the approval_required message, and the quote stays draft", async () => {
    const am = await createTestUser(t.deps.db, 'account_manager');
    const customer = await createCustomer(t.deps.db);
    const sku = await stockedItem();
    const quote = await createQuote(t.http, am, {
      accountId: customer.account.id,
      lines: [{ sku, quantity: 10, requestedDate: day(5), discountPct: 25 }],
    });
    const page = await signIn(am);
    await page.goto(`${at.url}/quotes/${quote.id}`);
    await submit(page, 'button:has-text("Send to customer")');
    expect(page.url()).toBe(`${at.url}/quotes/${quote.id}`);
    const alert = await text(page, '.flash[role=alert]');
    expect(alert).toContain('A discount is beyond your authority: an admin must approve this revision first');
    expect(alert).toContain('line 1: discount 25 % is beyond the 10 % a account_manager may give');
    expect(await text(page, '[data-test=status]')).toBe('draft');
    // The flash is shown once.
    await page.reload();
    expect(await page.$('.flash')).toBeNull();
    const stored = (await readQuote(t.http, am, quote.id)).body as Quote;
    expect([stored.status, stored.history.map((h) => h.kind)]).toEqual(['draft', ['created']]);
  });

  test('a customer asks for a quotation with the form; the account manager declines it with a reason', async () => {
    const customer = await createCustomer(t.deps.db);
    const sku = await stockedItem();
    const buyer = await signIn(customer);
    await buyer.click('nav.main-nav >> text=Ask for a quotation');
    await buyer.fill('input[name="lines.0.sku"]', sku);
    await buyer.fill('input[name="lines.0.quantity"]', '12');
    await buyer.fill('input[name="lines.0.requestedDate"]', day(20));
    await buyer.fill('input[name="lines.1.description"]', 'Custom flange DN80');
    await buyer.fill('input[name="lines.1.quantity"]', '3,5');
    await buyer.fill('input[name="lines.1.requestedDate"]', day(40));
    await submit(buyer, 'button:has-text("Send request")');
    expect(buyer.url()).toMatch(/\/quote-requests\/[0-9a-f-]{36}$/);
    const requestId = buyer.url().split('/').pop()!;
    expect(await text(buyer, 'main')).toContain('Custom flange DN80');
    const stored = await t.http.get(`/api/quote-requests/${requestId}`).set('authorization', customer.auth);
    expect(
      stored.body.lines.map(
        (l: { sku: string | null; description: string | null; quantity: number; requestedDate: string }) => [
          l.sku,
          l.description,
          l.quantity,
          l.requestedDate,
        ],
      ),
    ).toEqual([
      [sku, null, 12, day(20)],
      [null, 'Custom flange DN80', 3.5, day(40)],
    ]);

    const staff = await signIn(await createTestUser(t.deps.db, 'account_manager'));
    await staff.goto(`${at.url}/quote-requests/${requestId}`);
    await staff.fill('input[name=reason]', 'We do not make flanges');
    await submit(staff, 'button:has-text("Decline request")');
    expect(await text(staff, '[role=status]')).toContain('was declined');
    expect(await text(staff, 'main')).toContain('We do not make flanges');
    const declined = await t.http.get(`/api/quote-requests/${requestId}`).set('authorization', customer.auth);
    expect([declined.body.status, declined.body.declineReason]).toEqual([
      'declined',
      'We do not make flanges',
    ]);
  });

  test("a customer's order list shows its own orders with status and total, not another account's, and leads to the order", async () => {
    const am = await createTestUser(t.deps.db, 'account_manager');
    const acceptedOrder = async (customer: TestUser & { account: { id: string } }) => {
      const quote = await createQuote(t.http, am, {
        accountId: customer.account.id,
        lines: [{ sku: await stockedItem(), quantity: 2, requestedDate: day(5) }],
      });
      await act(t.http, am, quote.id, 'send');
      return (await act(t.http, customer, quote.id, 'accept', { revision: 1 })).body as {
        orderId: string;
        orderNumber: string;
      };
    };
    const customer = await createCustomer(t.deps.db);
    const other = await createCustomer(t.deps.db);
    const mine = await acceptedOrder(customer);
    const theirs = await acceptedOrder(other);
    const page = await signIn(customer);
    await page.goto(`${at.url}/orders`);
    const list = await text(page, 'main');
    expect(list).toContain(mine.orderNumber);
    expect(list).toContain('200.00');
    expect(list).not.toContain(theirs.orderNumber);
    await submit(page, `a[href="/orders/${mine.orderId}"]`);
    expect(await text(page, 'h1')).toContain(mine.orderNumber);
  });

  test("a customer opening another account's quote gets the not-found page (404)", async () => {
    const am = await createTestUser(t.deps.db, 'account_manager');
    const owner = await createCustomer(t.deps.db);
    const quote = await createQuote(t.http, am, {
      accountId: owner.account.id,
      lines: [{ sku: await stockedItem(), quantity: 1, requestedDate: day(5) }],
    });
    expect((await act(t.http, am, quote.id, 'send')).status).toBe(200);
    const stranger = await signIn(await createCustomer(t.deps.db));
    const res = await stranger.goto(`${at.url}/quotes/${quote.id}`);
    expect(res?.status()).toBe(404);
    expect(await text(stranger, 'h1')).toBe('Not found');
    expect(await text(stranger, 'main')).not.toContain(quote.number);
    const order = await stranger.goto(`${at.url}/orders/${quote.id}`);
    expect(order?.status()).toBe(404);
  });
});
