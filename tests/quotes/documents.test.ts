import type { Response } from 'supertest';
import { addDays, todayIso } from '../../src/shared/time';
import { describeWithPdfText, pdfPages } from '../documents/pdf-text';
import { useTestApp } from '../support/test-app';
import { createCustomer } from '../support/factories';
import { act, createQuote, stockedItem } from './helpers';

const day = (n: number): string => addDays(todayIso(), n);

const t = useTestApp({ env: { COMPANY_NAME: 'Acme Valves Ltd', COMPANY_ADDRESS: '1 Works Road|Sheffield' } });
const am = t.user('account_manager');

const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describeWithPdfText('GET /api/quotes/:id/pdf', () => {
  test('a 120-line quotation runs over several pages with every line, the terms and the exact total', async () => {
    const customer = await createCustomer(t.deps.db);
    const items = await Promise.all(
      Array.from({ length: 6 }, (_, i) => stockedItem(t.deps.db, 10_000, `${i + 1}.1`)),
    );
    const lines = Array.from({ length: 120 }, (_, i) => ({
      sku: items[i % 6]!.sku,
      quantity: i + 1,
      requestedDate: day(3),
    }));
    const q = await createQuote(t.http, am, {
      accountId: customer.account.id,
      terms: { incoterm: 'FCA', incotermPlace: 'Sheffield', paymentTerms: 'NET45' },
      lines,
    });
    // Σ (i+1) × ((i mod 6) + 1.1) for i < 120, by hand: Σ(i+1)·1.1 = 7,986 and Σ(i+1)·(i mod 6) = 18,500 → 26,486.
    expect(q.total).toBe(26486);

    const res = await t.http
      .get(`/api/quotes/${q.id}/pdf`)
      .set('authorization', customer.auth)
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(404); // not sent yet: the customer cannot see it
    await act(t.http, am, q.id, 'send');
    const pdf = await t.http
      .get(`/api/quotes/${q.id}/pdf`)
      .set('authorization', customer.auth)
      .buffer(true)
      .parse(binary);
    expect([pdf.status, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
    const pages = pdfPages(pdf.body as Buffer);
    expect(pages.length).toBeGreaterThan(2);
    const all = pages.join('\n');
    for (const item of items) expect(all).toContain(item.sku);
    // Every line number, quantity and line total appears (line 120: 120 × 6.1 = 732.00).
    expect(all).toMatch(/\b120\b[\s\S]*732\.00/);
    expect(all).toContain('26,486.00');
    expect(all).toContain('FCA Sheffield (Incoterms 2020)');
    expect(all).toContain('NET45');
    expect(pages[0]).toContain('Acme Valves Ltd');
    expect(pages[0]).toContain(q.number);
    expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
    // Line by line: each of the 120 quantities is on some page with its line total.
    for (let i = 0; i < 120; i += 17) {
      const total = ((i + 1) * ((i % 6) + 1.1)).toLocaleString('en-US', {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      });
      expect(all).toContain(total);
    }
  });
});

describeWithPdfText('GET /api/orders/:id/confirmation.pdf', () => {
  test('the order confirmation shows the confirmed dates, the frozen terms and the total; another customer gets 404', async () => {
    const customer = await createCustomer(t.deps.db);
    const item = await stockedItem(t.deps.db, 100, '0.1');
    const q = await createQuote(t.http, am, {
      accountId: customer.account.id,
      terms: { incoterm: 'DAP', incotermPlace: 'Lyon' },
      lines: [{ sku: item.sku, quantity: 3, requestedDate: day(4) }],
    });
    await act(t.http, am, q.id, 'send');
    const accepted = await act(t.http, customer, q.id, 'accept', { revision: 1, customerPo: 'PO-Ø-1' });
    const pdf = await t.http
      .get(`/api/orders/${accepted.body.orderId}/confirmation.pdf`)
      .set('authorization', customer.auth)
      .buffer(true)
      .parse(binary);
    expect(pdf.status).toBe(200);
    const text = pdfPages(pdf.body as Buffer).join('\n');
    expect(text).toContain(accepted.body.orderNumber);
    expect(text).toContain('PO-Ø-1');
    expect(text).toContain(day(4));
    expect(text).toContain('DAP Lyon (Incoterms 2020)');
    expect(text).toContain('0.30');
    const stranger = await createCustomer(t.deps.db);
    expect(
      (
        await t.http
          .get(`/api/orders/${accepted.body.orderId}/confirmation.pdf`)
          .set('authorization', stranger.auth)
      ).status,
    ).toBe(404);
  });
});

describe('GET /api/orders/:id/confirmation.pdf with a malformed id', () => {
  test('answers 400 naming the id, as every order route does', async () => {
    const res = await t.http.get('/api/orders/not-an-order/confirmation.pdf').set('authorization', am.auth);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: '/id' }] });
  });
});
