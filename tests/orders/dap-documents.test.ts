import fs from 'node:fs';
import path from 'node:path';
import type { Response } from 'supertest';
import { addDays, todayIso } from '../../src/shared/time';
import { describeWithPdfText, pdfPages } from '../documents/pdf-text';
import { act, createQuote } from '../quotes/helpers';
import { addTransitLane, createPlace, setStock } from '../support/erp-factories';
import { createAccount, createTestUser } from '../support/factories';
import { useTestApp } from '../support/test-app';

/*
 * Issue 15, dates by Incoterm: "the PDF says which date is promised, and orders_out carries
 * both". A DAP quote to Italy, 4 days' transit from a site with stock, accepted by the buyer: the
 * line wanted on day 6 ships on day 2 (6 - 4) and arrives on day 6, the promise.
 */

const T = todayIso();
const day = (n: number): string => addDays(T, n);
const t = useTestApp();
const am = t.user('account_manager');

const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function acceptedDapOrder() {
  const db = t.deps.db;
  const { sku, site } = await createPlace(db, { leadTimeDays: 90 });
  await setStock(db, sku, site, 20);
  await addTransitLane(db, site, 'IT', 4);
  const account = await createAccount(db, { country: 'IT' });
  const buyer = await createTestUser(db, 'customer', account.id);
  const quote = await createQuote(t.http, am, {
    accountId: account.id,
    terms: { incoterm: 'DAP', incotermPlace: 'Ravenna' },
    lines: [{ sku, site, quantity: 3, requestedDate: day(6), unitPrice: 10 }],
  });
  expect((await act(t.http, am, quote.id, 'send')).status).toBe(200);
  const accepted = await act(t.http, buyer, quote.id, 'accept', { revision: 1 });
  expect(accepted.status).toBe(201);
  await t.deps.jobs.drain();
  const order = (await t.http.get(`/api/orders/${accepted.body.orderId}`).set('authorization', buyer.auth))
    .body;
  expect(order.lines[0]).toMatchObject({ shipDate: day(2), arrivalDate: day(6), promisedBy: 'arrival' });
  return { order, buyer };
}

describe('a DAP order outside FactoryDesk', () => {
  test('orders_out carries the ship date and the arrival date, and the arrival date as the confirmed one', async () => {
    const { order } = await acceptedDapOrder();
    const [header, ...rows] = fs
      .readFileSync(path.join(t.deps.config.exportDir, 'orders_out.csv'), 'utf8')
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(','));
    const col = (name: string) => header!.indexOf(name);
    const mine = rows.filter((r) => r[col('order_number')] === order.number);
    expect(
      mine.map((r) => [
        r[col('ship_date')],
        r[col('arrival_date')],
        r[col('confirmed_date')],
        r[col('promised_by')],
      ]),
    ).toEqual([[day(2), day(6), day(6), 'arrival']]);
  });
});

describeWithPdfText('the order confirmation of a DAP order', () => {
  test('says the date promised is the arrival date, with the ship date beside it', async () => {
    const { order, buyer } = await acceptedDapOrder();
    const pdf = await t.http
      .get(`/api/orders/${order.id}/confirmation.pdf`)
      .set('authorization', buyer.auth)
      .buffer(true)
      .parse(binary);
    expect(pdf.status).toBe(200);
    const text = pdfPages(pdf.body as Buffer).join('\n');
    // The date column wraps its words onto several lines of the PDF's text.
    expect(text).toMatch(new RegExp(`${day(6)}[\\s\\S]*arrival\\s+date,\\s+ships\\s+${day(2)}`));
  });
});
