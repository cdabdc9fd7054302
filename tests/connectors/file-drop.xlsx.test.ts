import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { FileDropConnector } from '../../connectors/file-drop/file-drop.connector';
import { readXlsxCells } from '../../src/shared/cells/xlsx-cells';
import { makeDropDirs, readAll, writeFile } from './helpers';

const dirs = makeDropDirs();
afterAll(() => dirs.cleanup());

/** A cell value with a number format, as a person formats a date column in Excel. */
class Formatted {
  constructor(
    readonly value: ExcelJS.CellValue,
    readonly numFmt: string,
  ) {}
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

/**
 * The same parts stored in another zip order, and optionally under other part names (every
 * reference to a renamed part is renamed with it), as writers other than exceljs store them.
 */
async function rezip(
  path: string,
  order: (names: string[]) => string[],
  rename: Record<string, string> = {},
): Promise<void> {
  const source = await JSZip.loadAsync(readFileSync(path));
  const out = new JSZip();
  for (const name of order(Object.keys(source.files).filter((n) => !source.files[n]!.dir))) {
    let text = await source.file(name)!.async('string');
    for (const [from, to] of Object.entries(rename))
      text = text.split(from.replace(/^xl\//, '')).join(to.replace(/^xl\//, ''));
    out.file(rename[name] ?? name, text);
  }
  writeFileSync(path, await out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

async function cellsOf(path: string): Promise<unknown[]> {
  const rows = [];
  for await (const row of readXlsxCells({ path }, 'test')) rows.push(row);
  return rows;
}

/** This process's open file descriptors on the file (Linux). */
const openHandlesOn = (path: string): number =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;

describe('file-drop connector: XLSX', () => {
  test('an XLSX with dates (typed or computed), decimals, text and empty cells yields exactly the values of the same data as CSV', async () => {
    const [xlsxDir, csvDir] = [dirs.make(), dirs.make()];
    await writeXlsx(join(xlsxDir, 'prices.xlsx'), {
      Prices: [
        ['SKU', 'erp_customer_id', 'currency', 'min_qty', 'unit_price', 'valid_from', 'valid_to'],
        ['A-1', undefined, 'EUR', 1, 0.1, utc(2025, 3, 1), utc(2025, 12, 31)],
        ['A-1', 'C-100', 'EUR', 100, 12.5, utc(2025, 3, 1, 8, 30), undefined],
        [
          ' A-2 ',
          { richText: [{ text: 'C-' }, { text: '200', font: { bold: true } }] },
          'USD',
          { formula: 'D3*2', result: 200 },
          1234.5678,
          '2025-04-01',
          new Formatted({ formula: 'DATE(2025,6,30)', result: utc(2025, 6, 30) }, 'dd.mm.yyyy'),
        ],
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
      sku: 'A-1',
      erp_customer_id: null,
      currency: 'EUR',
      min_qty: '1',
      unit_price: '0.1',
      valid_from: '2025-03-01',
      valid_to: '2025-12-31',
    });
  });

  test('only the first worksheet is read', async () => {
    const dir = dirs.make();
    await writeXlsx(join(dir, 'sites.xlsx'), {
      Plants: [
        ['site_code', 'name'],
        ['P1', 'Plant 1'],
      ],
      Notes: [['anything'], ['else']],
    });
    const source = await new FileDropConnector({ dir }).open('sites');
    expect(source?.warnings).toEqual([]);
    expect(await readAll(source)).toEqual([{ line: 2, values: { site_code: 'P1', name: 'Plant 1' } }]);
  });

  test("an error cell or a value right of the last header becomes that row's problem", async () => {
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

  test('the parts are found by name: any zip order and a sheet part under any name give the same rows', async () => {
    const dir = dirs.make();
    const path = join(dir, 'prices.xlsx');
    const sheets = {
      Prices: [
        ['sku', 'unit_price', 'valid_from'],
        ['A-1', 12.5, utc(2025, 3, 1)],
        ['A-2', 7, new Formatted(45000, 'yyyy-mm-dd')],
      ],
      Notes: [['not', 'read']],
    };
    await writeXlsx(path, sheets);
    const written = await cellsOf(path);
    expect(written).toEqual([
      { line: 1, cells: ['sku', 'unit_price', 'valid_from'] },
      { line: 2, cells: ['A-1', '12.5', '2025-03-01'] },
      { line: 3, cells: ['A-2', '7', '2023-03-15'] },
    ]);
    // exceljs stores the worksheets first and the workbook last; others store the workbook first.
    const orders: Array<(names: string[]) => string[]> = [
      (n) => [...n].reverse(),
      (n) => [...n].sort(),
      (n) => [...n.filter((x) => x.includes('worksheets')), ...n.filter((x) => !x.includes('worksheets'))],
    ];
    for (const order of orders) {
      await writeXlsx(path, sheets);
      await rezip(path, order);
      expect(await cellsOf(path)).toEqual(written);
    }
    // Parts under other names, found through the workbook's relationships: the sheet, the shared
    // strings (without which the texts would be lost) and the styles (without which dates would be numbers).
    await writeXlsx(path, sheets);
    await rezip(path, (n) => n, {
      'xl/worksheets/sheet1.xml': 'xl/worksheets/prices-data.xml',
      'xl/sharedStrings.xml': 'xl/strings.xml',
      'xl/styles.xml': 'xl/look.xml',
    });
    expect(await cellsOf(path)).toEqual(written);
    // Part names compare case-insensitively in the package format: a part stored as Sheet1.xml is the sheet1.xml the workbook names.
    await writeXlsx(path, sheets);
    await rezip(path, (n) => n);
    const zip = await JSZip.loadAsync(readFileSync(path));
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.remove('xl/worksheets/sheet1.xml');
    zip.file('xl/worksheets/Sheet1.xml', sheet);
    writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer' }));
    expect(await cellsOf(path)).toEqual(written);
  });

  test('an exceljs-written file reads the same every time (its own streaming reader lost parts now and then)', async () => {
    const dir = dirs.make();
    const path = join(dir, 'stock.xlsx');
    await writeXlsx(path, {
      Stock: [
        ['sku', 'site_code', 'on_hand'],
        ['A-1', 'P1', 5],
      ],
    });
    const first = await cellsOf(path);
    expect(first).toHaveLength(2);
    const failures: string[] = [];
    for (let i = 0; i < 400; i++) {
      const again = await cellsOf(path).catch((err: Error) => err.message);
      if (JSON.stringify(again) !== JSON.stringify(first)) failures.push(String(again));
    }
    expect(failures).toEqual([]);
  });

  test('a read stopped after the header row, and a read to the end, leave the file closed', async () => {
    const dir = dirs.make();
    const path = join(dir, 'sites.xlsx');
    await writeXlsx(path, {
      Plants: [
        ['site_code', 'name'],
        ['P1', 'Plant 1'],
        ['P2', 'Plant 2'],
      ],
    });
    const source = await new FileDropConnector({ dir }).open('sites');
    for await (const row of source!.rows()) {
      expect(row).toEqual({ line: 2, values: { site_code: 'P1', name: 'Plant 1' } });
      break;
    }
    expect(await readAll(source)).toHaveLength(2);
    // The descriptors close on the next turns of the event loop, not within close().
    for (let i = 0; i < 100 && openHandlesOn(path) > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(openHandlesOn(path)).toBe(0);
  });

  test('a zip without a workbook in it fails with its name and says so', async () => {
    const dir = dirs.make();
    const zip = new JSZip().file('readme.txt', 'not a workbook');
    writeFile(dir, 'sites.xlsx', await zip.generateAsync({ type: 'nodebuffer' }));
    await expect(new FileDropConnector({ dir }).open('sites')).rejects.toThrow(
      'sites.xlsx: the XLSX file cannot be read (the file holds no workbook)',
    );
  });
});
