import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { XLSX_MIME } from '../../src/quotes';
import { addDays, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import { createItem, createSite, setStock } from '../support/erp-factories';
import { createAccount, createCustomer } from '../support/factories';
import { act, createQuote, Quote, setListPrice } from './helpers';

const day = (n: number): string => addDays(todayIso(), n);

const t = useTestApp();
const am = t.user('account_manager');

async function pricedItem(price: number | string): Promise<string> {
  const site = await createSite(t.deps.db);
  const sku = await createItem(t.deps.db);
  await setStock(t.deps.db, sku, site, 1000);
  await setListPrice(t.deps.db, sku, price);
  return sku;
}

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Lines');
  ws.addRow(['SKU', 'Quantity', 'Requested date']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (quoteId: string, body: Buffer, type = XLSX_MIME) =>
  t.http
    .post(`/api/quotes/${quoteId}/import-lines`)
    .set('authorization', am.auth)
    .set('content-type', type)
    .send(body);

/** Reads a downloaded workbook: the header row and the data rows as plain values. */
async function readDownload(res: Response): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as never);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('POST /api/quotes/:id/import-lines', () => {
  test('imports the good rows as a new revision and reports each bad row by its row number', async () => {
    const account = await createAccount(t.deps.db);
    const a = await pricedItem(10);
    const b = await pricedItem('2.5');
    const unpriced = await pricedItem(1);
    await setListPrice(t.deps.db, unpriced, null);
    const q = await createQuote(t.http, am, {
      accountId: account.id,
      lines: [{ sku: a, quantity: 1, requestedDate: day(1) }],
    });
    const file = await workbook([
      [a, 4, day(3)], // row 2
      ['NO-SUCH', 1, day(3)], // row 3: unknown sku
      [b, -2, day(3)], // row 4: negative quantity
      [b, 8, '2026-02-30'], // row 5: impossible date
      [b, 8, new Date(`${day(4)}T00:00:00Z`)], // row 6: a date cell
      [unpriced, 1, day(4)], // row 7: no price
    ]);
    const res = await upload(q.id, file);
    expect(res.status).toBe(201);
    expect(res.body.imported).toBe(2);
    expect(res.body.errors.map((e: { row: number }) => e.row)).toEqual([3, 4, 5, 7]);
    expect(res.body.errors[0].message).toMatch(/NO-SUCH/);
    const quote = res.body.quote as Quote;
    expect([
      quote.revision,
      quote.lines.map((l) => [l.sku, l.quantity, l.lineTotal, l.requestedDate]),
    ]).toEqual([
      2,
      [
        [a, 1, 10, day(1)],
        [a, 4, 40, day(3)],
        [b, 8, 20, day(4)],
      ],
    ]);
    expect(quote.total).toBe(70);
  });

  test('a file with no importable row, or that is no spreadsheet, changes nothing', async () => {
    const account = await createAccount(t.deps.db);
    const a = await pricedItem(10);
    const q = await createQuote(t.http, am, {
      accountId: account.id,
      lines: [{ sku: a, quantity: 1, requestedDate: day(1) }],
    });
    const none = await upload(q.id, await workbook([['NO-SUCH', 1, day(2)]]));
    expect([none.status, none.body.error.details]).toEqual([
      422,
      [{ path: '/rows/2', message: expect.stringMatching(/NO-SUCH/) }],
    ]);
    const garbage = await upload(q.id, Buffer.from('not a workbook'));
    expect(garbage.status).toBe(400);
    const json = await t.http
      .post(`/api/quotes/${q.id}/import-lines`)
      .set('authorization', am.auth)
      .send({ lines: [] });
    expect(json.status).toBe(415);
    const after = await t.http.get(`/api/quotes/${q.id}`).set('authorization', am.auth);
    expect(after.body.currentRevision).toBe(1);
  });
});

describe('GET /api/quote-lines.xlsx', () => {
  test('exports the current lines with numbers as numbers and formula-like text neutralized; a customer gets only its own sent quotes', async () => {
    const customer = await createCustomer(t.deps.db);
    await t.deps
      .db('accounts')
      .where({ id: customer.account.id })
      .update({ name: '=HYPERLINK("http://evil","x")' });
    const a = await pricedItem('0.1');
    const q = await createQuote(t.http, am, {
      accountId: customer.account.id,
      lines: [
        { sku: a, quantity: 3, requestedDate: day(2) },
        {
          description: '@SUM(1+1) special',
          quantity: 1,
          requestedDate: day(2),
          unitPrice: 5,
          leadTimeDays: 3,
        },
      ],
    });
    const other = await createCustomer(t.deps.db);
    await createQuote(t.http, am, {
      accountId: other.account.id,
      lines: [{ sku: a, quantity: 1, requestedDate: day(2) }],
    }).then((o) => act(t.http, am, o.id, 'send'));

    const staff = await t.http
      .get(`/api/quote-lines.xlsx?accountId=${customer.account.id}`)
      .set('authorization', am.auth)
      .buffer(true)
      .parse(binary);
    expect([staff.status, staff.headers['content-type']]).toEqual([200, XLSX_MIME]);
    const rows = await readDownload(staff);
    expect(rows).toHaveLength(3);
    const header = rows[0] as string[];
    const col = (name: RegExp) => header.findIndex((h) => name.test(String(h)));
    const [l1, l2] = [rows[1]!, rows[2]!];
    expect(l1[col(/^quote/i)]).toBe(q.number);
    expect(l1[col(/total/i)]).toBe(0.3);
    expect(typeof l1[col(/quantity/i)]).toBe('number');
    expect(String(l1[col(/account|customer name/i)])).toBe('\'=HYPERLINK("http://evil","x")');
    expect(String(l2[col(/description/i)])).toBe("'@SUM(1+1) special");

    // Not sent yet: the customer's own export is empty; the other account's quote never appears.
    const mine = await readDownload(
      await t.http
        .get('/api/quote-lines.xlsx')
        .set('authorization', customer.auth)
        .buffer(true)
        .parse(binary),
    );
    expect(mine).toHaveLength(1);
    await act(t.http, am, q.id, 'send');
    const sent = await readDownload(
      await t.http
        .get('/api/quote-lines.xlsx')
        .set('authorization', customer.auth)
        .buffer(true)
        .parse(binary),
    );
    expect(sent.slice(1).map((r) => r[col(/^quote/i)])).toEqual([q.number, q.number]);
  });
});
