import crypto from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { connectMssql, loadMssqlMapping } from '../../connectors';
import type { MssqlPoolLike } from '../../connectors';
import { milliText, toMilli } from '../shared/quantity';
import type { Deps } from '../deps';
import { moneyText, parseMoney } from '../shared/money';
import { neutralizeFormula } from '../shared/documents/spreadsheet-safety';
import { mergeOrdersOut } from './orders-out.mssql';
import * as repo from './orders-out.repository';

/**
 * Outbound orders for the ERP (orders_out): one row per order line, keyed by order_number +
 * line_no. The file drop is the complete current picture, regenerated each time, so exporting
 * twice can never duplicate a row; SQL Server gets an upsert per line into its staging table.
 */
export const ORDERS_OUT_COLUMNS = [
  'order_number',
  'line_no',
  'erp_customer_id',
  'customer_po',
  'sku',
  'site_code',
  'quantity',
  'requested_date',
  'confirmed_date',
  'confirmations',
  'status',
  'ship_complete',
  'payment_terms',
  'incoterm',
  'incoterm_place',
  'currency',
  'net_price',
  'line_total',
  'updated_at',
] as const;

export interface OrdersOutRow {
  order_number: string;
  line_no: number;
  erp_customer_id: string | null;
  customer_po: string | null;
  sku: string;
  site_code: string;
  /** Exact decimal text (`2.5`), never through a float. */
  quantity: string;
  requested_date: string;
  confirmed_date: string | null;
  /** The line's current dated confirmations: `2026-12-01:5;2026-12-08:3`. */
  confirmations: string;
  status: string;
  ship_complete: boolean;
  payment_terms: string | null;
  /** The negotiated delivery rule and place (Incoterms 2020), from the accepted quote. */
  incoterm: string | null;
  incoterm_place: string | null;
  /** Agreed net unit price and line total in `currency`, exact decimal text; empty for orders taken without a quote. */
  currency: string | null;
  net_price: string | null;
  line_total: string | null;
  updated_at: string;
}

export const ORDERS_OUT_FILES = { csv: 'orders_out.csv', xlsx: 'orders_out.xlsx' } as const;

/**
 * Finished orders stay in the file this long after their last change (a cancellation, say), so
 * the ERP sees the change; after that they drop out. Absence from the file means "no news", not
 * "deleted": lines are never deleted in FactoryDesk.
 */
export const FINISHED_ORDERS_KEPT_DAYS = 30;
const FINISHED_STATUSES = ['shipped', 'delivered', 'cancelled'] as const;

/** Writes re-checked against the database before giving up; the job's retries take it from there. */
const MAX_PASSES = 3;

export interface ExportOrdersOptions {
  /** Orders that changed: the ones upserted into SQL Server. Omitted: the whole current picture (nightly). */
  orderIds?: string[];
}

export interface ExportOrdersResult {
  /** Lines in the file drop (the whole current picture). */
  fileRows: number;
  /** Lines upserted into the ERP's staging table; null when the connector has no ordersOut table. */
  mergedRows: number | null;
}

export type MssqlConnect = (url: string) => Promise<MssqlPoolLike>;

function currentPicture(): repo.ExportSelection {
  const since = new Date(Date.now() - FINISHED_ORDERS_KEPT_DAYS * 86_400_000).toISOString();
  return { finishedStatuses: FINISHED_STATUSES, finishedSince: since };
}

/**
 * Exports orders for the ERP: always the file drop in EXPORT_DIR; with ERP_CONNECTOR=mssql and a
 * mapping naming `ordersOut.table`, also an upsert per line into that table. Idempotent: run it
 * twice and the ERP holds one row per order line.
 */
export async function exportOrders(
  deps: Deps,
  opts: ExportOrdersOptions,
  connect: MssqlConnect = connectMssql,
): Promise<ExportOrdersResult> {
  const { config, db } = deps;
  // The mapping is read before anything is written, so a misconfiguration fails the job at once.
  const table = config.erpConnector === 'mssql' ? ordersOutTable(config.erpMappingFile) : null;
  const fileRows = await writeOrdersOutFiles(db, config.exportDir);
  let mergedRows: number | null = null;
  if (table !== null) {
    if (!config.erpMssqlUrl) throw new Error('ERP_MSSQL_URL is required for ERP_CONNECTOR=mssql');
    const selection = opts.orderIds ? { orderIds: [...new Set(opts.orderIds)] } : currentPicture();
    const pool = await connect(config.erpMssqlUrl);
    try {
      mergedRows = await untilStable(
        'orders_out (SQL Server)',
        async () => {
          const read = hashing(readRows(db, selection));
          const rows = await mergeOrdersOut(pool, table, read.rows);
          return { rows, digest: read.digest() };
        },
        () => digestRows(readRows(db, selection)),
      );
    } finally {
      await pool.close().catch(() => undefined);
    }
  }
  deps.logger.info(
    { fileRows, mergedRows, orders: opts.orderIds?.length ?? 'all' },
    'orders exported for the ERP',
  );
  return { fileRows, mergedRows };
}

function ordersOutTable(mappingFile: string | undefined): string | null {
  // The connector's own default (connectors/index.ts), resolved from here.
  const mapping = loadMssqlMapping(
    mappingFile ?? path.resolve(__dirname, '../../connectors/mssql/mapping.json'),
  );
  return mapping.ordersOut?.table ?? null;
}

/**
 * Runs a pass (a write from one read), then reads again: if the orders changed meanwhile, the
 * pass runs again. Two exports at once (the nightly and an order's job, or two workers) may
 * finish in either order, but whichever writes last has checked its picture was current after
 * writing, so the last write is never a stale one. A pass returns the digest of what it wrote.
 */
async function untilStable(
  label: string,
  pass: () => Promise<{ rows: number; digest: string }>,
  check: () => Promise<string>,
): Promise<number> {
  for (let i = 0; i < MAX_PASSES; i++) {
    const written = await pass();
    if ((await check()) === written.digest) return written.rows;
  }
  throw new Error(`${label}: the orders kept changing while they were exported; the job will retry`);
}

// ---------------------------------------------------------------------------------------------
// Reading

const qtyText = (q: string | number): string => milliText(toMilli(q));

/** The selected orders' lines as export rows, a page of orders at a time (bounded memory). */
async function* readRows(db: Knex, selection: repo.ExportSelection): AsyncGenerator<OrdersOutRow> {
  if ('orderIds' in selection) {
    for (let i = 0; i < selection.orderIds.length; i += repo.EXPORT_PAGE)
      yield* readPages(db, { orderIds: selection.orderIds.slice(i, i + repo.EXPORT_PAGE) });
  } else {
    yield* readPages(db, selection);
  }
}

async function* readPages(db: Knex, selection: repo.ExportSelection): AsyncGenerator<OrdersOutRow> {
  let after: string | null = null;
  for (;;) {
    const orders = await repo.findExportOrders(db, selection, after, repo.EXPORT_PAGE);
    if (orders.length === 0) return;
    const ids = orders.map((o) => o.id);
    const lines = await repo.findExportLines(db, ids);
    const confirmations = await repo.findExportConfirmations(db, ids);
    yield* toRows(orders, lines, confirmations);
    if (orders.length < repo.EXPORT_PAGE) return;
    after = orders[orders.length - 1]!.number;
  }
}

function toRows(
  orders: repo.ExportOrderRow[],
  lines: repo.ExportLineRow[],
  confirmations: repo.ExportConfirmationRow[],
): OrdersOutRow[] {
  const lineKey = (orderId: string, lineNo: number | string) => `${orderId}\0${Number(lineNo)}`;
  const dated = new Map<string, string[]>();
  for (const c of confirmations) {
    const key = lineKey(c.order_id, c.line_no);
    dated.set(key, [...(dated.get(key) ?? []), `${c.date}:${qtyText(c.quantity)}`]);
  }
  const byOrder = new Map<string, repo.ExportLineRow[]>();
  for (const l of lines) byOrder.set(l.order_id, [...(byOrder.get(l.order_id) ?? []), l]);
  return orders.flatMap((o) =>
    (byOrder.get(o.id) ?? []).map((l) => ({
      order_number: o.number,
      line_no: Number(l.line_no),
      erp_customer_id: o.erp_customer_id,
      customer_po: o.customer_po,
      sku: l.sku,
      site_code: l.site_code,
      quantity: qtyText(l.quantity),
      requested_date: l.requested_date,
      confirmed_date: l.confirmed_date,
      confirmations: (dated.get(lineKey(o.id, l.line_no)) ?? []).join(';'),
      status: o.status,
      ship_complete: Boolean(o.ship_complete),
      payment_terms: o.payment_terms,
      incoterm: o.incoterm,
      incoterm_place: o.incoterm_place,
      currency: o.currency,
      net_price: l.net_price === null ? null : moneyText(parseMoney(l.net_price)),
      line_total: l.line_total === null ? null : moneyText(parseMoney(l.line_total)),
      updated_at: o.updated_at,
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// The file drop

type Cell = string | number | boolean | null;

/** The row as spreadsheet cells: text neutralized, numbers as numbers (never prefixed: -5 is no formula). */
function sheetCells(row: OrdersOutRow): Cell[] {
  return ORDERS_OUT_COLUMNS.map((column) => {
    const value = row[column];
    if (column === 'quantity') return Number(value);
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

/** One CSV record (RFC 4180, CRLF); the quantity keeps its exact decimal text. */
function csvLine(row: OrdersOutRow): string {
  const cells = sheetCells(row);
  cells[ORDERS_OUT_COLUMNS.indexOf('quantity')] = row.quantity;
  return cells.map(csvField).join(',') + CSV_EOL;
}

/** Passes the rows through, hashing them as digestRows does. */
function hashing(rows: AsyncIterable<OrdersOutRow>): {
  rows: AsyncGenerator<OrdersOutRow>;
  digest: () => string;
} {
  const hash = crypto.createHash('sha256');
  async function* through(): AsyncGenerator<OrdersOutRow> {
    for await (const row of rows) {
      hash.update(csvLine(row));
      yield row;
    }
  }
  return { rows: through(), digest: () => hash.digest('hex') };
}

async function digestRows(rows: AsyncIterable<OrdersOutRow>): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const row of rows) hash.update(csvLine(row));
  return hash.digest('hex');
}

/** Writes orders_out.csv and orders_out.xlsx with the current picture, re-checked until current; returns the line count. */
export async function writeOrdersOutFiles(db: Knex, dir: string): Promise<number> {
  const selection = currentPicture();
  return untilStable(
    'orders_out files',
    () => writeFilesOnce(dir, readRows(db, selection)),
    () => digestRows(readRows(db, selection)),
  );
}

/**
 * Streams both files under temporary names in the same folder (the ERP ignores dot-files), then
 * renames each over the old one: a rename within a folder is atomic, so the ERP reads the old
 * file or the new one, never half of one.
 */
async function writeFilesOnce(
  dir: string,
  rows: AsyncIterable<OrdersOutRow>,
): Promise<{ rows: number; digest: string }> {
  await fs.promises.mkdir(dir, { recursive: true });
  const tag = `${process.pid}-${crypto.randomUUID()}`;
  const tmp = {
    csv: path.join(dir, `.${ORDERS_OUT_FILES.csv}.${tag}.tmp`),
    xlsx: path.join(dir, `.${ORDERS_OUT_FILES.xlsx}.${tag}.tmp`),
  };
  const csv = fs.createWriteStream(tmp.csv, { encoding: 'utf8' });
  const xlsx = fs.createWriteStream(tmp.xlsx);
  // Either stream failing (a full disk) fails the pass; exceljs would otherwise wait for 'finish' forever.
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
    });
    const sheet = workbook.addWorksheet('orders_out');
    sheet.addRow([...ORDERS_OUT_COLUMNS]).commit();
    const hash = crypto.createHash('sha256');
    let count = 0;
    if (!csv.write(ORDERS_OUT_COLUMNS.join(',') + CSV_EOL)) await orFail(once(csv, 'drain'));
    for await (const row of rows) {
      const line = csvLine(row);
      hash.update(line);
      sheet.addRow(sheetCells(row)).commit();
      count += 1;
      if (!csv.write(line)) await orFail(once(csv, 'drain'));
    }
    csv.end();
    await orFail(finished(csv));
    sheet.commit();
    await orFail(workbook.commit());
    for (const file of [tmp.csv, tmp.xlsx]) await syncToDisk(file);
    await fs.promises.rename(tmp.csv, path.join(dir, ORDERS_OUT_FILES.csv));
    await fs.promises.rename(tmp.xlsx, path.join(dir, ORDERS_OUT_FILES.xlsx));
    return { rows: count, digest: hash.digest('hex') };
  } catch (err) {
    csv.destroy();
    xlsx.destroy();
    await Promise.all(Object.values(tmp).map((file) => fs.promises.rm(file, { force: true })));
    throw err;
  }
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
