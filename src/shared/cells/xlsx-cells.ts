import ExcelJS from 'exceljs';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { CellRow, isBlank } from './cells';
import { toText } from './to-text';
import { DEFAULT_XLSX_LIMITS, openZip, XlsxInput, XlsxLimits, XlsxTooLarge, ZipParts } from './xlsx-zip';

export type { XlsxInput, XlsxLimits } from './xlsx-zip';
export { DEFAULT_XLSX_LIMITS, XlsxTooLarge } from './xlsx-zip';

type SheetReader = AsyncIterable<ExcelJS.Row>;

/**
 * The part parsers of exceljs's streaming WorkbookReader. Its own parse() reads the zip in one
 * forward pass (unzipper's Parse), and that pass sometimes ends early: the parts after the first
 * worksheet are never seen, and the read fails ("Cannot read properties of undefined (reading
 * 'sheets')", exceljs#3064) or, where the sheet comes last, silently yields no rows. So the parts
 * are opened by name here and handed to the same parsers, in the order they depend on.
 */
interface WorkbookParts {
  _parseRels(part: Readable): Promise<void>;
  _parseWorkbook(part: Readable): Promise<void>;
  _parseSharedStrings(part: Readable): AsyncIterable<unknown>;
  _parseStyles(part: Readable): Promise<void>;
  _parseWorksheet(
    chunks: AsyncIterable<unknown>,
    sheetNo: string,
  ): Iterable<{ eventType: string; value: SheetReader }>;
  workbookRels?: { Id: string; Type?: string; Target: string }[];
  model?: { sheets?: { rId?: string }[] };
  properties?: { model?: { date1904?: boolean } };
}

/**
 * Streams the first worksheet (the first tab) of an XLSX file. Styles must be read ('cache'):
 * a date is only a number with a date format in the sheet, and exceljs turns it into a Date only
 * when it knows the cell's style. Shared strings are cached; their size grows with the distinct
 * texts, not with the rows.
 */
export async function* readXlsxCells(
  input: XlsxInput,
  label: string,
  limits: XlsxLimits = DEFAULT_XLSX_LIMITS,
): AsyncGenerator<CellRow> {
  let zip: ZipParts | undefined;
  let sheet: SheetReader;
  let book: WorkbookParts;
  try {
    zip = await openZip(input, limits);
    book = new ExcelJS.stream.xlsx.WorkbookReader(null as never, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      entries: 'ignore',
    }) as unknown as WorkbookParts;
    sheet = await openFirstSheet(zip, book);
  } catch (err) {
    zip?.close();
    throw unreadable(label, err);
  }
  try {
    const date1904 = book.properties?.model?.date1904 === true;
    for await (const row of sheet) {
      const { cells, errors } = readRow(row, date1904);
      if (isBlank(cells) && errors.length === 0) continue;
      // No encoding check: XLSX text is XML the workbook declares the encoding of.
      yield errors.length > 0
        ? { line: row.number, cells, problem: errors.join('; ') }
        : { line: row.number, cells };
    }
  } catch (err) {
    throw unreadable(label, err);
  } finally {
    zip.close();
  }
}

/** A workbook too large says only that, in words an operator acts on, whichever parser met it first. */
const unreadable = (label: string, err: unknown) =>
  err instanceof XlsxTooLarge
    ? new XlsxTooLarge(`${label} ${err.message}`)
    : new Error(`${label}: the XLSX file cannot be read (${(err as Error).message})`);

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
/** A relationship's target: relative to the workbook's folder, or absolute from the package root. */
const partName = (target: string): string =>
  target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join('xl', target));

async function openFirstSheet(zip: ZipParts, book: WorkbookParts): Promise<SheetReader> {
  if (!zip.has(WORKBOOK) || !zip.has(WORKBOOK_RELS)) throw new Error('the file holds no workbook');
  await book._parseRels(await zip.open(WORKBOOK_RELS));
  await book._parseWorkbook(await zip.open(WORKBOOK));
  const rels = book.workbookRels ?? [];
  // The workbook's relationships name its parts; writers mostly use the usual names, not all do.
  const related = (type: string, usual: string): string => {
    const rel = rels.find((r) => r.Type?.endsWith(`/${type}`));
    return rel ? partName(rel.Target) : usual;
  };
  const strings = related('sharedStrings', 'xl/sharedStrings.xml');
  if (zip.has(strings)) for await (const _ of book._parseSharedStrings(await zip.open(strings)));
  const styles = related('styles', 'xl/styles.xml');
  if (zip.has(styles)) await book._parseStyles(await zip.open(styles));
  // The first tab is the workbook's first sheet; its relationship names the part that holds it.
  const rId = book.model?.sheets?.[0]?.rId;
  const target = rels.find((r) => r.Id === rId)?.Target;
  if (target === undefined) throw new Error('the workbook lists no worksheet');
  const part = partName(target);
  const sheetNo = /(\d+)\.xml$/.exec(part)?.[1] ?? '1';
  for (const { eventType, value } of book._parseWorksheet(await zip.open(part), sheetNo)) {
    if (eventType === 'worksheet') return value;
  }
  throw new Error(`the worksheet ${part} cannot be read`);
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
function cellText(
  value: unknown,
  dateFormat: boolean,
  date1904: boolean,
): { text: string | null; error?: string } {
  if (value === null || typeof value !== 'object' || value instanceof Date) return { text: toText(value) };
  const v = value as Record<string, unknown>;
  if ('error' in v) return { text: null, error: String(v.error) };
  if (Array.isArray(v.richText))
    return { text: toText((v.richText as { text?: string }[]).map((r) => r.text ?? '').join('')) };
  if ('formula' in v || 'sharedFormula' in v) {
    const result = v.result;
    if (typeof result === 'number' && Number.isNaN(result)) return { text: null, error: 'of a formula' };
    if (typeof result === 'number' && dateFormat)
      return { text: toText(excelSerialToDate(result, date1904)) };
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
