import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { readQuoteLinesXlsx, writeQuoteLinesXlsx, QuoteListRow } from '../../src/shared/documents/quote-xlsx';
import { AppError } from '../../src/shared/errors';

type Cell = ExcelJS.CellValue;

/** A workbook whose first sheet holds `rows` from row 1 (null leaves a blank row). */
async function xlsx(rows: Array<Cell[] | null>, extraSheetFirstInZip = false): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Lines');
  if (extraSheetFirstInZip) book.addWorksheet('Other').addRow(['sku', 'quantity', 'requested date']).commit();
  rows.forEach((values, i) => {
    if (values) sheet.getRow(i + 1).values = values;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

const utc = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

describe('readQuoteLinesXlsx', () => {
  test('returns the good rows and reports each bad one by the row number the spreadsheet shows', async () => {
    const file = await xlsx([
      ['SKU', 'Quantity', 'Requested date'],
      ['FL-DN50', 12, '2026-04-01'],
      [null, 5, '2026-04-01'],
      ['FL-DN80', 0, '2026-04-01'],
      ['FL-DN80', 1.2345, '2026-04-01'],
      ['FL-DN80', 3, '2026-02-30'],
      null,
      ['X'.repeat(41), 3, '2026-04-01'],
      ['VLV-2IN', 2.5, utc('2026-05-15')],
      ['VLV-2IN', 'ten', 'next week'],
      ['GSK-80', -4, '2026-04-01'],
    ]);
    const { lines, errors } = await readQuoteLinesXlsx(file);
    expect(lines).toEqual([
      { row: 2, sku: 'FL-DN50', quantity: 12, requestedDate: '2026-04-01' },
      { row: 9, sku: 'VLV-2IN', quantity: 2.5, requestedDate: '2026-05-15' },
    ]);
    expect(errors.map((e) => e.row)).toEqual([3, 4, 5, 6, 8, 10, 11]);
    const message = (row: number) => errors.find((e) => e.row === row)?.message;
    expect(message(3)).toMatch(/sku is empty/);
    expect(message(4)).toMatch(/quantity "0" must be a number greater than 0/);
    expect(message(5)).toMatch(/at most 3 decimals/);
    expect(message(6)).toMatch(/requested date "2026-02-30" must be a date/);
    expect(message(8)).toMatch(/longer than 40 characters/);
    expect(message(10)).toMatch(/quantity "ten".*; requested date "next week"/);
    expect(message(11)).toMatch(/quantity "-4"/);
  });

  test('reads date cells and YYYY-MM-DD text alike, and header names regardless of case, spaces and underscores', async () => {
    const file = await xlsx([
      ['Note', ' Sku ', 'QUANTITY', 'requested_date'],
      ['first', 'A-1', 1, utc('2026-12-31')],
      ['second', 'A-2', '7.125', '2026-01-02'],
      ['third', 'A-3', 1000, utc('2028-02-29')],
    ]);
    expect(await readQuoteLinesXlsx(file)).toEqual({
      lines: [
        { row: 2, sku: 'A-1', quantity: 1, requestedDate: '2026-12-31' },
        { row: 3, sku: 'A-2', quantity: 7.125, requestedDate: '2026-01-02' },
        { row: 4, sku: 'A-3', quantity: 1000, requestedDate: '2028-02-29' },
      ],
      errors: [],
    });
  });

  test('a date cell holding a time of day is not a date', async () => {
    const { lines, errors } = await readQuoteLinesXlsx(
      await xlsx([
        ['sku', 'quantity', 'RequestedDate'],
        ['A-1', 1, new Date('2026-03-01T10:30:00Z')],
      ]),
    );
    expect(lines).toEqual([]);
    expect(errors).toEqual([{ row: 2, message: expect.stringMatching(/requested date .* must be a date/) }]);
  });

  test('a missing required column is one error on row 1 and no lines', async () => {
    const file = await xlsx([
      ['sku', 'qty', 'requested date'],
      ['A-1', 1, '2026-04-01'],
      ['A-2', 2, '2026-04-01'],
    ]);
    expect(await readQuoteLinesXlsx(file)).toEqual({
      lines: [],
      errors: [{ row: 1, message: 'missing required column(s): quantity' }],
    });
  });

  test('an empty sheet says what header it expects', async () => {
    expect(await readQuoteLinesXlsx(await xlsx([]))).toEqual({
      lines: [],
      errors: [{ row: 1, message: expect.stringMatching(/empty.*sku, quantity, requested date/) }],
    });
  });

  test('reads the first tab, not whichever sheet the zip stores first', async () => {
    const { lines } = await readQuoteLinesXlsx(
      await xlsx(
        [
          ['sku', 'quantity', 'requested date'],
          ['FIRST-TAB', 1, '2026-04-01'],
        ],
        true,
      ),
    );
    expect(lines.map((l) => l.sku)).toEqual(['FIRST-TAB']);
  });

  test('more than 2,000 lines: the first 2,000 are read and the row beyond says so', async () => {
    const rows: Cell[][] = [['sku', 'quantity', 'requested date']];
    for (let i = 1; i <= 2005; i += 1) rows.push([`S-${i}`, i, '2026-04-01']);
    const { lines, errors } = await readQuoteLinesXlsx(await xlsx(rows));
    expect(lines).toHaveLength(2000);
    expect(lines.at(-1)).toEqual({ row: 2001, sku: 'S-2000', quantity: 2000, requestedDate: '2026-04-01' });
    expect(errors).toEqual([{ row: 2002, message: expect.stringMatching(/more than 2,000 lines/) }]);
  });

  test.each([
    ['text', Buffer.from('sku,quantity,requested date\nA-1,1,2026-04-01\n')],
    ['an empty file', Buffer.alloc(0)],
    ['a zip that is not a workbook', Buffer.from('504b0506000000000000000000000000000000000000', 'hex')],
    ['a cut-off zip', Buffer.from('504b0304140000000800', 'hex')],
  ])('%s is rejected as validation_failed', async (_, input) => {
    const read = readQuoteLinesXlsx(input);
    await expect(read).rejects.toBeInstanceOf(AppError);
    await expect(read).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

// ---------------------------------------------------------------------------------------------

function quoteRow(extra: Partial<QuoteListRow> = {}): QuoteListRow {
  return {
    quoteNumber: 'Q-000012',
    revision: 2,
    status: 'sent',
    accountName: 'Müller & Söhne KG',
    erpCustomerId: 'C-1001',
    validUntil: '2026-03-04',
    currency: 'EUR',
    lineNo: 10,
    sku: 'FL-DN50',
    description: 'Weld neck flange DN50 PN16',
    quantity: 12.5,
    unitPrice: 1234.5,
    discountPct: 5,
    netPrice: 1172.78,
    lineTotal: 14659.75,
    quotedDate: '2026-04-01',
    ...extra,
  };
}

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/** Writes the rows and reads the file back with exceljs's own (non-streaming) reader. */
async function exportAndRead(rows: QuoteListRow[]): Promise<{ count: number; sheet: ExcelJS.Worksheet }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const count = await writeQuoteLinesXlsx(out, from(rows));
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
  return { count, sheet: book.worksheets[0]! };
}

const rowValues = (sheet: ExcelJS.Worksheet, n: number): Cell[] =>
  (sheet.getRow(n).values as Cell[]).slice(1);

describe('writeQuoteLinesXlsx', () => {
  test('round-trips: a bold, frozen header and one row per quote line, numbers as numbers and text as text', async () => {
    const rows = [
      quoteRow(),
      quoteRow({
        lineNo: 20,
        sku: null,
        description: 'Custom flange',
        quantity: 3,
        discountPct: 0,
        erpCustomerId: null,
        quotedDate: null,
      }),
    ];
    const { count, sheet } = await exportAndRead(rows);
    expect(count).toBe(2);
    expect(sheet.rowCount).toBe(3);
    expect(rowValues(sheet, 1)).toEqual([
      'Quote',
      'Revision',
      'Status',
      'Account',
      'ERP customer',
      'Valid until',
      'Currency',
      'Line',
      'SKU',
      'Description',
      'Quantity',
      'Unit price',
      'Discount %',
      'Net price',
      'Line total',
      'Quoted date',
    ]);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(rowValues(sheet, 2)).toEqual([
      'Q-000012',
      2,
      'sent',
      'Müller & Söhne KG',
      'C-1001',
      '2026-03-04',
      'EUR',
      10,
      'FL-DN50',
      'Weld neck flange DN50 PN16',
      12.5,
      1234.5,
      5,
      1172.78,
      14659.75,
      '2026-04-01',
    ]);
    const second = sheet.getRow(3);
    expect(second.getCell(5).value).toBeNull();
    expect(second.getCell(9).value).toBeNull();
    expect(second.getCell(11).value).toBe(3);
    expect(second.getCell(12).numFmt).toBe('#,##0.00');
    expect(sheet.getColumn(10).width).toBeGreaterThan(sheet.getColumn(8).width!);
  });

  test('text a spreadsheet would run as a formula is neutralized; numbers, negative ones too, stay numbers', async () => {
    const { sheet } = await exportAndRead([
      quoteRow({
        description: '=HYPERLINK("http://evil.example","click")',
        accountName: '+cmd|" /C calc"!A0',
        sku: '@SUM(1)',
        status: '-2+3',
        unitPrice: -5,
        lineTotal: -62.5,
      }),
      quoteRow({ description: '\tTAB', accountName: '＝1+1', sku: 'A-1' }),
    ]);
    const first = sheet.getRow(2);
    expect(first.getCell(10).value).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(first.getCell(4).value).toBe(`'+cmd|" /C calc"!A0`);
    expect(first.getCell(9).value).toBe(`'@SUM(1)`);
    expect(first.getCell(3).value).toBe(`'-2+3`);
    expect(first.getCell(12).value).toBe(-5);
    expect(first.getCell(15).value).toBe(-62.5);
    for (let c = 1; c <= 16; c += 1) expect(first.getCell(c).type).not.toBe(ExcelJS.ValueType.Formula);
    const second = sheet.getRow(3);
    expect(second.getCell(10).value).toBe(`'\tTAB`);
    expect(second.getCell(4).value).toBe(`'＝1+1`);
    expect(second.getCell(9).value).toBe('A-1');
  });

  test('an output that fails rejects the export instead of leaving it waiting', async () => {
    const broken = new Writable({ write: (_chunk, _enc, done) => done(new Error('disk full')) });
    const many = Array.from({ length: 5000 }, (_, i) => quoteRow({ lineNo: i + 1 }));
    await expect(writeQuoteLinesXlsx(broken, from(many))).rejects.toThrow('disk full');
  });
});
