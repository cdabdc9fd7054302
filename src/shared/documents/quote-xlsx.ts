import type { Stream } from 'node:stream';
import ExcelJS from 'exceljs';
import { readXlsxCells, XlsxLimits, XlsxTooLarge } from '../cells/xlsx-cells';
import { AppError } from '../errors';
import { isValidDate } from '../time';
import { neutralizeFormula } from './spreadsheet-safety';

// ---------------------------------------------------------------------------------------------
// Import: the lines of a quote request, uploaded as a spreadsheet

export interface QuoteLineUpload {
  /** The row as the spreadsheet shows it (the header is row 1). */
  row: number;
  sku: string;
  quantity: number;
  /** YYYY-MM-DD */
  requestedDate: string;
}

export interface UploadRowError {
  row: number;
  message: string;
}

export const MAX_UPLOAD_LINES = 2000;
const SKU_MAX_LENGTH = 40;
/** The same bound as an order line's quantity (orders.schemas.ts). */
const QUANTITY_MAX = 1e12;

const REQUIRED = { sku: 'sku', quantity: 'quantity', requesteddate: 'requested date' } as const;
type Field = keyof typeof REQUIRED;

/** "Requested date", "requested_date" and "RequestedDate" name one column. */
const headerKey = (name: string | null): string => (name ?? '').toLowerCase().replace(/[\s_]+/g, '');

/**
 * Reads sku, quantity and requested date from the first sheet. A bad row is reported by its row
 * number and the good rows are still returned, so a buyer fixes only what is wrong. Cells are
 * read as the file-drop connector reads them (dates from date cells, formulas by their result).
 */
export async function readQuoteLinesXlsx(
  input: Buffer,
  limits?: XlsxLimits,
): Promise<{ lines: QuoteLineUpload[]; errors: UploadRowError[] }> {
  const lines: QuoteLineUpload[] = [];
  const errors: UploadRowError[] = [];
  let columns: Record<Field, number> | undefined;
  let dataRows = 0;
  try {
    for await (const { line: row, cells, problem } of readXlsxCells(
      { buffer: input },
      'the workbook',
      limits,
    )) {
      if (!columns) {
        const found = findColumns(cells);
        if ('missing' in found)
          return {
            lines: [],
            errors: [{ row, message: `missing required column(s): ${found.missing.join(', ')}` }],
          };
        columns = found;
        continue;
      }
      dataRows += 1;
      if (dataRows > MAX_UPLOAD_LINES) {
        errors.push({
          row,
          message: `more than ${MAX_UPLOAD_LINES.toLocaleString('en-US')} lines: this row and those after it were not read`,
        });
        break;
      }
      const read = readLine(row, cells, columns, problem);
      if ('message' in read) errors.push(read);
      else lines.push(read);
    }
  } catch (err) {
    if (err instanceof XlsxTooLarge)
      throw new AppError('payload_too_large', `The spreadsheet is too large to read: ${err.message}`, [
        { path: '/file', message: err.message },
      ]);
    throw notAWorkbook((err as Error).message);
  }
  if (!columns) {
    errors.push({
      row: 1,
      message: `the sheet is empty: expected a header row with ${Object.values(REQUIRED).join(', ')}`,
    });
  }
  return { lines, errors };
}

const notAWorkbook = (why: string): AppError =>
  new AppError('validation_failed', 'The file is not a readable Excel workbook (.xlsx)', [
    { path: '/file', message: why },
  ]);

function findColumns(header: readonly (string | null)[]): Record<Field, number> | { missing: string[] } {
  const keys = header.map(headerKey);
  const columns: Partial<Record<Field, number>> = {};
  const missing: string[] = [];
  for (const field of Object.keys(REQUIRED) as Field[]) {
    const at = keys.indexOf(field);
    if (at < 0) missing.push(REQUIRED[field]);
    else columns[field] = at;
  }
  return missing.length > 0 ? { missing } : (columns as Record<Field, number>);
}

function readLine(
  row: number,
  cells: readonly (string | null)[],
  columns: Record<Field, number>,
  problem: string | undefined,
): QuoteLineUpload | UploadRowError {
  const sku = cells[columns.sku] ?? null;
  const quantityText = cells[columns.quantity] ?? null;
  const date = cells[columns.requesteddate] ?? null;
  const problems = problem === undefined ? [] : [problem];
  if (sku === null) problems.push('sku is empty');
  else if (sku.length > SKU_MAX_LENGTH) problems.push(`sku is longer than ${SKU_MAX_LENGTH} characters`);
  const quantity = quantityText === null ? null : parseQuantity(quantityText);
  if (quantityText === null) problems.push('quantity is empty');
  else if (quantity === null)
    problems.push(`quantity "${quantityText}" must be a number greater than 0 with at most 3 decimals`);
  if (date === null) problems.push('requested date is empty');
  else if (!isValidDate(date))
    problems.push(`requested date "${date}" must be a date (a date cell or YYYY-MM-DD)`);
  if (problems.length > 0) return { row, message: problems.join('; ') };
  return { row, sku: sku!, quantity: quantity!, requestedDate: date! };
}

/** Text as the connector reads it: a number cell arrives as its shortest decimal ("12.5", "1e-7"). */
function parseQuantity(text: string): number | null {
  if (!/^\d+(\.\d{1,3})?$/.test(text)) return null;
  const n = Number(text);
  return n > 0 && n <= QUANTITY_MAX ? n : null;
}

// ---------------------------------------------------------------------------------------------
// Export: every line of a list of quotes

export interface QuoteListRow {
  quoteNumber: string;
  revision: number;
  status: string;
  accountName: string;
  erpCustomerId: string | null;
  validUntil: string | null;
  currency: string;
  lineNo: number;
  sku: string | null;
  description: string;
  quantity: number;
  unitPrice: number;
  discountPct: number;
  netPrice: number;
  lineTotal: number;
  quotedDate: string | null;
}

/**
 * One shared style object per column kind (and TEXT for the rows themselves): exceljs looks a
 * style object up once and then by identity, where the fresh {} it gives every row and cell
 * costs a style serialization each.
 */
const TEXT: Partial<ExcelJS.Style> = {};
/** Excel's General: 12, 12.5 and 0.125 as typed (a "0.###" format would print "12."). */
const NUMBER: Partial<ExcelJS.Style> = {};
const MONEY: Partial<ExcelJS.Style> = { numFmt: '#,##0.00' };

/** Column order, header text, width (characters) and cell style. */
const EXPORT_COLUMNS: ReadonlyArray<[keyof QuoteListRow, string, number, Partial<ExcelJS.Style>]> = [
  ['quoteNumber', 'Quote', 12, TEXT],
  ['revision', 'Revision', 9, NUMBER],
  ['status', 'Status', 12, TEXT],
  ['accountName', 'Account', 32, TEXT],
  ['erpCustomerId', 'ERP customer', 14, TEXT],
  ['validUntil', 'Valid until', 12, TEXT],
  ['currency', 'Currency', 9, TEXT],
  ['lineNo', 'Line', 7, NUMBER],
  ['sku', 'SKU', 18, TEXT],
  ['description', 'Description', 48, TEXT],
  ['quantity', 'Quantity', 11, NUMBER],
  ['unitPrice', 'Unit price', 13, MONEY],
  ['discountPct', 'Discount %', 11, NUMBER],
  ['netPrice', 'Net price', 13, MONEY],
  ['lineTotal', 'Line total', 14, MONEY],
  ['quotedDate', 'Quoted date', 12, TEXT],
];

/**
 * Streams one row per quote line into an .xlsx on `output` and returns the rows written; memory
 * stays flat however many rows come. Text is neutralized against formula injection (the file is
 * opened by people, in a spreadsheet); numbers stay numbers, so -5 is -5 and not text.
 */
export async function writeQuoteLinesXlsx(
  output: NodeJS.WritableStream,
  rows: AsyncIterable<QuoteListRow>,
): Promise<number> {
  // exceljs waits for the stream's 'finish' and would wait forever on a stream that failed.
  const failed = new Promise<never>((_, reject) => output.once('error', reject));
  failed.catch(() => undefined);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output as unknown as Stream,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('Quote lines', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = EXPORT_COLUMNS.map(([key, , width]) => ({ key, width }));
  const header = sheet.addRow(EXPORT_COLUMNS.map(([, label]) => label));
  header.font = { name: 'Calibri', size: 11, bold: true };
  header.commit();
  let count = 0;
  for await (const row of rows) {
    const cells = EXPORT_COLUMNS.map(([key]) => {
      const value = row[key];
      return typeof value === 'string' ? neutralizeFormula(value) : value;
    });
    const written = sheet.addRow(cells);
    (written as ExcelJS.Row & { style: Partial<ExcelJS.Style> }).style = TEXT; // declared by exceljs's Row, not by its typings
    EXPORT_COLUMNS.forEach(([, , , style], i) => (written.getCell(i + 1).style = style));
    written.commit();
    count += 1;
    if (count % SETTLE_EVERY === 0) await settle(sheet, output, failed);
  }
  sheet.commit();
  await Promise.race([workbook.commit(), failed]);
  return count;
}

const SETTLE_EVERY = 100;
const MAX_BACKLOG = 1 << 20;

/** A stream as old readable-stream (archiver's) or Node's own: what is buffered in front of it. */
interface Buffering {
  writableLength?: number;
  _writableState?: { length?: number; needDrain?: boolean };
  once(event: 'drain', listener: () => void): unknown;
}
const buffered = (s: Buffering): number => s.writableLength ?? s._writableState?.length ?? 0;

/**
 * exceljs hands a sheet's XML to the zip without waiting (its StreamBuf ignores backpressure),
 * and rows from a fast source never leave the microtask queue, so compression (a callback per
 * 64 KB chunk) falls behind and the XML piles up in memory in front of it. Every SETTLE_EVERY
 * rows this gives the event loop a turn and, while more than MAX_BACKLOG bytes wait in front of
 * the zip or in the output (a slow disk or HTTP client holds the whole chain back), waits until
 * they are taken. The stream in front of the zip is archiver's (pinned by the lockfile); should it
 * ever be missing, the output's own state is the remaining signal.
 */
async function settle(sheet: unknown, output: NodeJS.WritableStream, failed: Promise<never>): Promise<void> {
  // Racing `failed` also stops the export at the first settle after the output broke.
  await Promise.race([new Promise((resolve) => setImmediate(resolve)), failed]);
  const ahead = (sheet as { stream?: { pipes?: Buffering[] } }).stream?.pipes ?? [];
  for (const target of [...ahead, output as unknown as Buffering]) {
    if (buffered(target) > MAX_BACKLOG)
      await Promise.race([new Promise<void>((resolve) => target.once('drain', resolve)), failed]);
  }
}
