import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CellRow, isBlank } from './cells';
import { toText } from './to-text';

interface SheetReader extends AsyncIterable<ExcelJS.Row> {
  name?: string;
}
interface BookReader extends AsyncIterable<SheetReader> {
  model?: { sheets?: { name?: string }[] };
  properties?: { model?: { date1904?: boolean } };
}

/**
 * Streams the first worksheet (the first tab) of an XLSX file. Styles must be read ('cache'):
 * a date is only a number with a date format in the sheet, and exceljs turns it into a Date only
 * when it knows the cell's style. Shared strings are cached because the zip may store them after
 * the sheet; their size grows with the distinct texts, not with the rows.
 */
export async function* readXlsxCells(input: Readable, label: string): AsyncGenerator<CellRow> {
  const book = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  }) as unknown as BookReader;
  try {
    for await (const sheet of book) {
      // Sheets arrive in zip order, which need not be tab order.
      const firstTab = book.model?.sheets?.[0]?.name;
      if (firstTab !== undefined && sheet.name !== undefined && sheet.name !== firstTab) continue;
      for await (const row of sheet) {
        const { cells, errors } = readRow(row, book.properties?.model?.date1904 === true);
        if (isBlank(cells) && errors.length === 0) continue;
        // No encoding check: XLSX text is XML the workbook declares the encoding of.
        yield errors.length > 0 ? { line: row.number, cells, problem: errors.join('; ') } : { line: row.number, cells };
      }
      return;
    }
  } catch (err) {
    throw new Error(`${label}: the XLSX file cannot be read (${(err as Error).message})`);
  } finally {
    input.destroy();
  }
}

function readRow(row: ExcelJS.Row, date1904: boolean): { cells: (string | null)[]; errors: string[] } {
  const cells: (string | null)[] = [];
  const errors: string[] = [];
  row.eachCell((cell, col) => {
    const { text, error } = cellText(cell.value, isDateFormat(cell.numFmt), date1904);
    if (error !== undefined) errors.push(`cell ${columnLetter(col)}${row.number} holds the error ${error}`);
    while (cells.length < col - 1) cells.push(null);
    cells[col - 1] = text;
  });
  while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
  return { cells, errors };
}

/**
 * Formulas count by their computed result, rich text by its characters, hyperlinks by their
 * text. exceljs's streaming reader turns a plain date cell into a Date but leaves a formula's
 * result as the serial number (and an error result as NaN), so those are converted here.
 */
function cellText(value: unknown, dateFormat: boolean, date1904: boolean): { text: string | null; error?: string } {
  if (value === null || typeof value !== 'object' || value instanceof Date) return { text: toText(value) };
  const v = value as Record<string, unknown>;
  if ('error' in v) return { text: null, error: String(v.error) };
  if (Array.isArray(v.richText)) return { text: toText((v.richText as { text?: string }[]).map((r) => r.text ?? '').join('')) };
  if ('formula' in v || 'sharedFormula' in v) {
    const result = v.result;
    if (typeof result === 'number' && Number.isNaN(result)) return { text: null, error: 'of a formula' };
    if (typeof result === 'number' && dateFormat) return { text: toText(excelSerialToDate(result, date1904)) };
    return cellText(result, false, date1904);
  }
  if ('text' in v) return cellText(v.text, false, date1904);
  return { text: toText(value) };
}

/** Excel's rule (as exceljs applies it): a number format with date/time letters outside quotes and brackets. */
function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  return /[ymdhMsb]/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** Serial days since 1899-12-30 (or 1904-01-01), read as UTC like exceljs does for plain date cells. */
function excelSerialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
