import crypto from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { neutralizeFormula } from '../../src/shared/documents/spreadsheet-safety';
import {
  ErpOutbound,
  ORDERS_OUT_COLUMNS,
  OrdersOutRow,
  OutboundTarget,
  RMA_OUT_COLUMNS,
  RmaOutRow,
  FULFILLMENT_METRICS_COLUMNS,
  FulfillmentMetricsRow,
} from '../connector';

/**
 * The export folder (EXPORT_DIR): each outbound dataset as `<name>.csv` and `<name>.xlsx`, the
 * complete current picture, replaced whole on every write. Replacing instead of appending is what
 * makes a second export harmless: the ERP reads the newest picture, never a duplicated row.
 */
export interface ExportFileSpec<Row> {
  /** The file's base name and the sheet's name: `orders_out`. */
  name: string;
  columns: ReadonlyArray<keyof Row & string>;
  /** Decimal-text columns written as numbers in the sheet (the CSV keeps their exact text). */
  numbers: ReadonlyArray<keyof Row & string>;
  /**
   * The date written into the workbook (its document properties and every zip entry's header)
   * instead of the time of writing, so the same rows give the same bytes on every run.
   */
  pinnedDate?: Date;
}

export const ORDERS_OUT_FILE_SPEC: ExportFileSpec<OrdersOutRow> = {
  name: 'orders_out',
  columns: ORDERS_OUT_COLUMNS,
  numbers: ['quantity'],
};

export const ORDERS_OUT_FILES = { csv: 'orders_out.csv', xlsx: 'orders_out.xlsx' } as const;

export const RMA_OUT_FILE_SPEC: ExportFileSpec<RmaOutRow> = {
  name: 'rma_out',
  columns: RMA_OUT_COLUMNS,
  numbers: ['quantity'],
};

export const RMA_OUT_FILES = { csv: 'rma_out.csv', xlsx: 'rma_out.xlsx' } as const;
/**
 * fulfillment_metrics: re-running the export on unchanged data must give identical bytes (the ERP
 * side may compare by hash), so the workbook carries a fixed date rather than the time of writing.
 */
export const FULFILLMENT_METRICS_FILE_SPEC: ExportFileSpec<FulfillmentMetricsRow> = {
  name: 'fulfillment_metrics',
  columns: FULFILLMENT_METRICS_COLUMNS,
  numbers: [
    'otif_pct',
    'avg_days_late',
    'quoted_lead_days_avg',
    'actual_lead_days_avg',
    'hit_rate_count_pct',
    'hit_rate_value_pct',
    'ordered_value',
  ],
  pinnedDate: new Date(Date.UTC(2000, 0, 1)),
};

export const FULFILLMENT_METRICS_FILES = {
  csv: 'fulfillment_metrics.csv',
  xlsx: 'fulfillment_metrics.xlsx',
} as const;

/** The export folder as an outbound target: it replaces the whole file, so it takes the picture. */
export function exportFilesTarget<Row>(dir: string, spec: ExportFileSpec<Row>): OutboundTarget<Row> {
  return {
    label: `${spec.name} files`,
    takes: 'picture',
    write: (rows) => writeExportFiles(dir, spec, rows),
  };
}

/** The export folder's files; the SQL Server connector writes them too, beside its table. */
export function exportFolderOutbound(exportDir: string | undefined): ErpOutbound {
  if (exportDir === undefined) return { orders: [], rmas: [], metrics: [] };
  return {
    orders: [exportFilesTarget(exportDir, ORDERS_OUT_FILE_SPEC)],
    rmas: [exportFilesTarget(exportDir, RMA_OUT_FILE_SPEC)],
    metrics: [exportFilesTarget(exportDir, FULFILLMENT_METRICS_FILE_SPEC)],
  };
}

type Cell = string | number | boolean | null;

/** The row as spreadsheet cells: text neutralized, numbers as numbers (never prefixed: -5 is no formula). */
function sheetCells<Row>(spec: ExportFileSpec<Row>, row: Row): Cell[] {
  return spec.columns.map((column) => {
    const value = row[column] as Cell;
    // A number column without a figure (an average over no lines) stays an empty cell, not 0.
    if (spec.numbers.includes(column)) return value === null ? null : Number(value);
    return typeof value === 'string' ? neutralizeFormula(value) : value;
  });
}

const CSV_EOL = '\r\n';
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

function csvField(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record (RFC 4180, CRLF); decimal columns keep their exact text. */
function csvLine<Row>(spec: ExportFileSpec<Row>, row: Row): string {
  const cells = sheetCells(spec, row);
  for (const column of spec.numbers) cells[spec.columns.indexOf(column)] = row[column] as Cell;
  return cells.map(csvField).join(',') + CSV_EOL;
}

/**
 * Streams both files under temporary names in the same folder (the ERP ignores dot-files), then
 * renames each over the old one: a rename within a folder is atomic, so the ERP reads the old
 * file or the new one, never half of one. Returns the rows written.
 */
export async function writeExportFiles<Row>(
  dir: string,
  spec: ExportFileSpec<Row>,
  rows: AsyncIterable<Row>,
): Promise<number> {
  await fs.promises.mkdir(dir, { recursive: true });
  const tag = `${process.pid}-${crypto.randomUUID()}`;
  const tmp = {
    csv: path.join(dir, `.${spec.name}.csv.${tag}.tmp`),
    xlsx: path.join(dir, `.${spec.name}.xlsx.${tag}.tmp`),
  };
  const csv = fs.createWriteStream(tmp.csv, { encoding: 'utf8' });
  const xlsx = fs.createWriteStream(tmp.xlsx);
  // Either stream failing (a full disk) fails the write; exceljs would otherwise wait for 'finish' forever.
  const failed = new Promise<never>((_, reject) => {
    csv.on('error', reject);
    xlsx.on('error', reject);
  });
  failed.catch(() => undefined);
  const orFail = <T>(p: Promise<T>): Promise<T> => Promise.race([p, failed]);
  try {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: xlsx,
      useStyles: false,
      useSharedStrings: false,
      ...(spec.pinnedDate && { created: spec.pinnedDate, modified: spec.pinnedDate }),
    });
    const sheet = workbook.addWorksheet(spec.name);
    sheet.addRow([...spec.columns]).commit();
    let count = 0;
    if (!csv.write(spec.columns.join(',') + CSV_EOL)) await orFail(once(csv, 'drain'));
    for await (const row of rows) {
      sheet.addRow(sheetCells(spec, row)).commit();
      count += 1;
      if (!csv.write(csvLine(spec, row))) await orFail(once(csv, 'drain'));
    }
    csv.end();
    await orFail(finished(csv));
    sheet.commit();
    await orFail(workbook.commit());
    if (spec.pinnedDate) await pinZipDates(tmp.xlsx, spec.pinnedDate);
    for (const file of [tmp.csv, tmp.xlsx]) await syncToDisk(file);
    await fs.promises.rename(tmp.csv, path.join(dir, `${spec.name}.csv`));
    await fs.promises.rename(tmp.xlsx, path.join(dir, `${spec.name}.xlsx`));
    return count;
  } catch (err) {
    csv.destroy();
    xlsx.destroy();
    await Promise.all(Object.values(tmp).map((file) => fs.promises.rm(file, { force: true })));
    throw err;
  }
}

/**
 * exceljs has archiver stamp each part with the time it was added, some of them while the workbook
 * is constructed, so the zip's entry dates are rewritten afterwards: the DOS time and date of every
 * local header and central directory entry (no checksum covers them). Archiver writes no extended
 * timestamp fields, so these are the only dates in the package.
 */
async function pinZipDates(file: string, date: Date): Promise<void> {
  const zip = await fs.promises.readFile(file);
  const dosTime = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
  const dosDate = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error(`${path.basename(file)}: no zip directory`);
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${path.basename(file)}: bad zip directory`);
    zip.writeUInt16LE(dosTime, at + 12);
    zip.writeUInt16LE(dosDate, at + 14);
    const local = zip.readUInt32LE(at + 42);
    zip.writeUInt16LE(dosTime, local + 10);
    zip.writeUInt16LE(dosDate, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  await fs.promises.writeFile(file, zip);
}

/** On disk before the rename: a crash right after it must not leave an empty file under the real name. */
async function syncToDisk(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
