import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { FileDropConnector } from '../../connectors/file-drop/file-drop.connector';
import { makeDropDirs, readAll, writeFile } from './helpers';

const dirs = makeDropDirs();
afterAll(() => dirs.cleanup());

/** A cell value with a number format, as a person formats a date column in Excel. */
class Formatted {
  constructor(readonly value: ExcelJS.CellValue, readonly numFmt: string) {}
}

const utc = (y: number, m: number, d: number, h = 0, min = 0) => new Date(Date.UTC(y, m - 1, d, h, min));

async function writeXlsx(path: string, sheets: Record<string, unknown[][]>): Promise<void> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    rows.forEach((row, i) => {
      row.forEach((value, j) => {
        const cell = sheet.getCell(i + 1, j + 1);
        if (value instanceof Formatted) {
          cell.value = value.value;
          cell.numFmt = value.numFmt;
        } else if (value !== undefined) {
          cell.value = value as ExcelJS.CellValue;
        }
      });
    });
  }
  await book.xlsx.writeFile(path);
}

describe('file-drop connector: XLSX', () => {
  test('an XLSX with dates (typed or computed), decimals, text and empty cells yields exactly the values of the same data as CSV', async () => {
    const [xlsxDir, csvDir] = [dirs.make(), dirs.make()];
    await writeXlsx(join(xlsxDir, 'prices.xlsx'), {
      Prices: [
        ['SKU', 'erp_customer_id', 'currency', 'min_qty', 'unit_price', 'valid_from', 'valid_to'],
        ['A-1', undefined, 'EUR', 1, 0.1, utc(2025, 3, 1), utc(2025, 12, 31)],
        ['A-1', 'C-100', 'EUR', 100, 12.5, utc(2025, 3, 1, 8, 30), undefined],
        [' A-2 ', { richText: [{ text: 'C-' }, { text: '200', font: { bold: true } }] }, 'USD', { formula: 'D3*2', result: 200 }, 1234.5678, '2025-04-01',
          new Formatted({ formula: 'DATE(2025,6,30)', result: utc(2025, 6, 30) }, 'dd.mm.yyyy')],
        [],
        ['A-3', 42, 'EUR', true, 0.3, utc(1999, 12, 31), undefined],
      ],
    });
    writeFile(
      csvDir,
      'prices.csv',
      [
        'sku,erp_customer_id,currency,min_qty,unit_price,valid_from,valid_to',
        'A-1,,EUR,1,0.1,2025-03-01,2025-12-31',
        'A-1,C-100,EUR,100,12.5,2025-03-01T08:30:00.000Z,',
        'A-2,C-200,USD,200,1234.5678,2025-04-01,2025-06-30',
        '',
        'A-3,42,EUR,true,0.3,1999-12-31,',
      ].join('\n'),
    );
    const fromXlsx = await new FileDropConnector({ dir: xlsxDir }).open('prices');
    const fromCsv = await new FileDropConnector({ dir: csvDir }).open('prices');
    expect(fromXlsx?.file).toBe('prices.xlsx');
    expect(fromXlsx?.columns).toEqual(fromCsv?.columns);
    expect(fromXlsx?.warnings).toEqual([]);
    const xlsxRows = await readAll(fromXlsx);
    expect(xlsxRows.map((r) => r.values)).toEqual((await readAll(fromCsv)).map((r) => r.values));
    expect(xlsxRows.map((r) => r.line)).toEqual([2, 3, 4, 6]);
    expect(xlsxRows[0]?.values).toEqual({
      sku: 'A-1', erp_customer_id: null, currency: 'EUR', min_qty: '1', unit_price: '0.1', valid_from: '2025-03-01', valid_to: '2025-12-31',
    });
  });

  test('only the first worksheet is read', async () => {
    const dir = dirs.make();
    await writeXlsx(join(dir, 'sites.xlsx'), {
      Plants: [['site_code', 'name'], ['P1', 'Plant 1']],
      Notes: [['anything'], ['else']],
    });
    const source = await new FileDropConnector({ dir }).open('sites');
    expect(source?.warnings).toEqual([]);
    expect(await readAll(source)).toEqual([{ line: 2, values: { site_code: 'P1', name: 'Plant 1' } }]);
  });

  test('an error cell or a value right of the last header becomes that row\'s problem', async () => {
    const dir = dirs.make();
    await writeXlsx(join(dir, 'sites.xlsx'), {
      Plants: [
        ['site_code', 'name'],
        ['P1', { error: '#N/A' }],
        ['P2', 'Plant 2', 'stray'],
        ['P3', 'Plant 3'],
      ],
    });
    expect(await readAll(await new FileDropConnector({ dir }).open('sites'))).toEqual([
      { line: 2, values: { site_code: 'P1', name: null }, problem: 'cell B2 holds the error #N/A' },
      { line: 3, values: { site_code: 'P2', name: 'Plant 2' }, problem: 'expected 2 columns, found 3' },
      { line: 4, values: { site_code: 'P3', name: 'Plant 3' } },
    ]);
  });

  test('a file that is not a valid XLSX fails with its name', async () => {
    const dir = dirs.make();
    writeFile(dir, 'sites.xlsx', 'this is not a zip');
    await expect(new FileDropConnector({ dir }).open('sites')).rejects.toThrow(/sites\.xlsx/);
  });
});
