import ExcelJS from 'exceljs';
import { buildApp } from '../../src/app';
import { XLSX_MIME } from '../../src/quotes';
import { addDays, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import { createCustomer, createTestUser } from '../support/factories';
import { csrfOf, pageSession } from '../support/page-session';
import { act, createQuote, Quote, readQuote, stockedItem } from '../quotes/helpers';

const t = useTestApp();
const day = (n: number): string => addDays(todayIso(), n);

/** A draft from a customer's request: a catalog line (list 100.00) and a custom flange with no price yet. */
async function quoteWithCustomPart() {
  const customer = await createCustomer(t.deps.db);
  const am = await createTestUser(t.deps.db, 'account_manager');
  const { sku } = await stockedItem(t.deps.db, 50, 100);
  const rfq = await t.http
    .post('/api/quote-requests')
    .set('authorization', customer.auth)
    .send({
      accountId: customer.account.id,
      lines: [
        { sku, quantity: 4, requestedDate: day(5) },
        { description: 'Flange to drawing 4711', quantity: 2, requestedDate: day(10) },
      ],
    });
  expect(rfq.status).toBe(201);
  const q = await createQuote(t.http, am, { accountId: customer.account.id, quoteRequestId: rfq.body.id });
  return { q, am, customer, sku, page: `/quotes/${q.id}` };
}

/** The revision form as the page fills it in, with the custom line's price and (optionally) lead time. */
const revisionFields = (sku: string, leadTimeDays: string) => ({
  'lines.0.quantity': '4',
  'lines.0.requestedDate': day(5),
  'lines.0.unitPrice': '100',
  'lines.1.quantity': '2',
  'lines.1.requestedDate': day(10),
  'lines.1.unitPrice': '480',
  'lines.1.leadTimeDays': leadTimeDays,
  paymentTerms: 'NET30',
  reason: `priced the flange (${sku})`,
});

/** The total cell of the list row of quote `number`. */
const totalInRow = (html: string, number: string): string | undefined =>
  new RegExp(`>${number}</a>(?:(?!</tr>)[\\s\\S])*?data-test="total">([^<]*)<`).exec(html)?.[1];

const revisionsOf = async (id: string): Promise<number> =>
  Number((await t.deps.db('quote_revisions').where({ quote_id: id }).count({ n: '*' }).first())?.n);

describe('the quote page: custom parts, revision comparison, list totals, spreadsheets', () => {
  test("a custom part is priced in the revision form with its lead time; without the lead time the API's refusal is shown and nothing is saved", async () => {
    const { q, am, sku, page } = await quoteWithCustomPart();
    const s = await pageSession(buildApp(t.deps), am);
    expect((await s.agent.get(page)).text).toContain('name="lines.1.leadTimeDays"');

    await s.post(page, `${page}/revisions`, revisionFields(sku, ''));
    expect((await s.agent.get(page)).text).toContain('a non-catalog line needs its lead time');
    expect(await revisionsOf(q.id)).toBe(1);

    await s.post(page, `${page}/revisions`, revisionFields(sku, '30'));
    const rev = (await readQuote(t.http, am, q.id)).body as Quote;
    expect(rev.revision).toBe(2);
    // Lead time 30 days from today is later than the requested day 10: that is the quoted date.
    expect(rev.lines[1]).toMatchObject({ unitPrice: 480, quotedDate: day(30), dateSource: 'lead_time' });
    expect((await act(t.http, am, q.id, 'send')).status).toBe(200);
  });

  test('the quote page shows what the later revision changed, by default against the one before and for any revision chosen', async () => {
    const { q, am, sku, page } = await quoteWithCustomPart();
    const s = await pageSession(buildApp(t.deps), am);
    expect((await s.agent.get(page)).text).not.toContain('id="compare"');
    await s.post(page, `${page}/revisions`, revisionFields(sku, '30'));
    const shown = (await s.agent.get(page)).text.replace(/\s+/g, ' ');
    expect(shown).toContain('What changed from revision 1 to 2');
    expect(shown).toContain(`Reason for revision 2: “priced the flange (${sku})”`);
    // The flange had no price yet (0.00) and no date; the total follows.
    expect(shown).toContain('unit price 0.00 → 480.00');
    expect(shown).toContain(`quoted date — → ${day(30)}`);
    expect(shown).toContain('<strong>total</strong>: 400.00 → 1,360.00');
    expect(shown).not.toContain('<strong>Line 1</strong>');
    const older = (await s.agent.get(`${page}?revision=1&compare=2`)).text;
    expect(older).toContain('What changed from revision 1 to 2');
    expect((await s.agent.get(`${page}?compare=9`)).status).toBe(404);
    expect(q.revision).toBe(1);
  });

  test("the quote list shows each quote's total; a customer sees the total of what it was sent, never a newer draft's", async () => {
    const { q, am, customer, sku, page } = await quoteWithCustomPart();
    const staff = await pageSession(buildApp(t.deps), am);
    await staff.post(page, `${page}/revisions`, revisionFields(sku, '30'));
    expect((await act(t.http, am, q.id, 'send')).status).toBe(200);
    // A third revision, a draft: 4 x 90 + 2 x 480 = 1,320.00 instead of 1,360.00.
    await staff.post(page, `${page}/revisions`, { ...revisionFields(sku, '30'), 'lines.0.unitPrice': '90' });
    const list = (await staff.agent.get('/quotes')).text;
    expect(totalInRow(list, q.number)).toBe('EUR 1,320.00');
    const buyer = await pageSession(buildApp(t.deps), customer);
    const theirs = (await buyer.agent.get('/quotes')).text;
    expect(totalInRow(theirs, q.number)).toBe('EUR 1,360.00');
    expect(theirs).not.toContain('1,320.00');
  });

  test('lines are imported from an uploaded .xlsx as a new revision; a bad row is named; no file changes nothing', async () => {
    const { q, am, sku, page } = await quoteWithCustomPart();
    const s = await pageSession(buildApp(t.deps), am);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Lines');
    ws.addRow(['SKU', 'Quantity', 'Requested date']);
    ws.addRow([sku, 6, day(7)]);
    ws.addRow(['NO-SUCH-SKU', 1, day(7)]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const csrf = csrfOf((await s.agent.get(page)).text);

    const empty = await s.agent.post(`${page}/import-lines`).field('_csrf', csrf).field('reason', 'x');
    expect(empty.status).toBe(303);
    expect((await s.agent.get(page)).text).toContain('Choose the .xlsx file to import');
    expect(await revisionsOf(q.id)).toBe(1);

    const res = await s.agent
      .post(`${page}/import-lines`)
      .field('_csrf', csrf)
      .field('reason', 'lines from the buyer sheet')
      .attach('file', file, { filename: 'lines.xlsx', contentType: XLSX_MIME });
    expect([res.status, res.headers.location]).toEqual([303, page]);
    const shown = (await s.agent.get(page)).text;
    expect(shown).toContain('1 lines imported as revision 2; not imported: row 3');
    const rev = (await readQuote(t.http, am, q.id)).body as Quote;
    expect(rev.lines.map((l) => [l.sku, l.quantity])).toEqual([
      [sku, 4],
      [null, 2],
      [sku, 6],
    ]);
  });

  test('an upload without the form token is refused and imports nothing', async () => {
    const { q, am, page } = await quoteWithCustomPart();
    const s = await pageSession(buildApp(t.deps), am);
    const res = await s.agent
      .post(`${page}/import-lines`)
      .attach('file', Buffer.from('not a workbook'), { filename: 'x.xlsx', contentType: XLSX_MIME });
    expect(res.status).toBe(403);
    expect(await revisionsOf(q.id)).toBe(1);
  });

  test("the export links download the quote lines; a customer is refused another account's quote page and comparison (404)", async () => {
    const { q, am, customer, sku, page } = await quoteWithCustomPart();
    const s = await pageSession(buildApp(t.deps), am);
    const shown = (await s.agent.get(page)).text;
    expect(shown).toContain(`href="/api/quote-lines.xlsx?accountId=${customer.account.id}"`);
    expect((await s.agent.get('/quotes?status=draft')).text).toContain(
      'href="/api/quote-lines.xlsx?status=draft"',
    );
    const sheet = await s.agent.get(`/api/quote-lines.xlsx?accountId=${customer.account.id}`);
    expect([sheet.status, sheet.headers['content-type']]).toEqual([200, XLSX_MIME]);

    await s.post(page, `${page}/revisions`, revisionFields(sku, '30'));
    expect((await act(t.http, am, q.id, 'send')).status).toBe(200);
    const stranger = await pageSession(buildApp(t.deps), await createCustomer(t.deps.db));
    const [a, b] = [await stranger.agent.get(page), await stranger.agent.get(`${page}?compare=1`)];
    expect([a.status, b.status]).toEqual([404, 404]);
    const owner = await pageSession(buildApp(t.deps), customer);
    expect((await owner.agent.get(page)).status).toBe(200);
  });
});
