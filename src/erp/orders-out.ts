import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { createConnector, ORDERS_OUT_COLUMNS } from '../../connectors';
import type {
  CreateConnectorOptions,
  ErpConnector,
  OrdersOutRow,
  OutboundScope,
  OutboundTarget,
} from '../../connectors';
import { milliText, toMilli } from '../shared/quantity';
import type { Deps } from '../deps';
import { moneyText, parseMoney } from '../shared/money';
import { addDays, addHours, nowIso } from '../shared/time';
import * as repo from './orders-out.repository';
import { watermarkStore } from './sync.service';

export { ORDERS_OUT_COLUMNS, ORDERS_OUT_FILES } from '../../connectors';
export type { OrdersOutRow } from '../../connectors';

/**
 * Outbound orders for the ERP (orders_out): one row per order line, keyed by order_number +
 * line_no. This module decides which orders and builds the rows; the configured connector's
 * outbound port delivers them (the export folder's files, a SQL Server table, …). A target that
 * replaces its content gets the complete current picture each time, so exporting twice can never
 * duplicate a row; a target that upserts by key gets the changed orders only.
 */

/**
 * Finished orders stay in the picture this long after their last change (a cancellation, say), so
 * the ERP sees the change; after that they drop out. Absence from the picture means "no news",
 * not "deleted": lines are never deleted in FactoryDesk.
 */
export const FINISHED_ORDERS_KEPT_DAYS = 30;
const FINISHED_STATUSES = ['shipped', 'delivered', 'cancelled'] as const;

/** Writes re-checked against the database before giving up; the job's retries take it from there. */
const MAX_PASSES = 3;

export interface ExportOrdersOptions {
  /** Orders that changed: what an upserting target gets. Omitted: the whole current picture (nightly). */
  orderIds?: string[];
  /** Leaves out the targets that take the whole picture (their write is coalesced: orders-out.jobs.ts). */
  changesOnly?: boolean;
}

export interface ExportOrdersResult {
  /** Lines in the picture written to the targets that take it (the export folder's files). */
  fileRows: number;
  /** Lines upserted by the targets that take changes (a SQL Server table); null when there is none. */
  mergedRows: number | null;
}

/** Opens the connector whose outbound port receives the rows (ERP_CONNECTOR by default). */
export type OutboundConnectorFactory = () => Promise<ErpConnector>;

/** The configured connector, with the export folder; `overrides` stand fakes in at the boundary. */
export function configuredOutbound(
  deps: Deps,
  overrides: Partial<CreateConnectorOptions> = {},
): OutboundConnectorFactory {
  const { config, db } = deps;
  return () =>
    createConnector({
      name: config.erpConnector,
      dropDir: config.erpDropDir,
      mappingFile: config.erpMappingFile,
      mssqlUrl: config.erpMssqlUrl,
      exportDir: config.exportDir,
      watermarks: watermarkStore(db),
      ...overrides,
    });
}

function currentPicture(): repo.ExportSelection {
  const since = addHours(nowIso(), -FINISHED_ORDERS_KEPT_DAYS * 24);
  return { finishedStatuses: FINISHED_STATUSES, finishedSince: since };
}

/**
 * Exports orders for the ERP through the connector's outbound port, each target in turn with the
 * rows it takes. Idempotent: run it twice and the ERP holds one row per order line. The connector
 * is opened (its mapping read) before anything is written, so a misconfiguration fails the job at once.
 */
export async function exportOrders(
  deps: Deps,
  opts: ExportOrdersOptions,
  openConnector: OutboundConnectorFactory = configuredOutbound(deps),
): Promise<ExportOrdersResult> {
  const connector = await openConnector();
  let fileRows = 0;
  let mergedRows: number | null = null;
  try {
    for (const target of connector.outbound.orders) {
      if (opts.changesOnly && target.takes === 'picture') continue;
      // A target that replaces its content needs every order, whatever changed.
      const changed = target.takes === 'changes' ? opts.orderIds : undefined;
      const selection = changed ? { orderIds: [...new Set(changed)] } : currentPicture();
      const rows = await writeUntilStable(deps.db, target, selection, changed ? 'changes' : 'picture');
      if (target.takes === 'picture') fileRows = rows;
      else mergedRows = (mergedRows ?? 0) + rows;
    }
  } finally {
    await connector.close().catch(() => undefined);
  }
  deps.logger.info(
    { fileRows, mergedRows, orders: opts.orderIds?.length ?? 'all' },
    'orders exported for the ERP',
  );
  return { fileRows, mergedRows };
}

/**
 * Writes a read of the selection, then reads again: if the orders changed meanwhile, it writes
 * again. Two exports at once (the nightly and an order's job, or two workers) may finish in
 * either order, but whichever writes last has checked its picture was current after writing, so
 * the last write is never a stale one.
 */
async function writeUntilStable(
  db: Knex,
  target: OutboundTarget<OrdersOutRow>,
  selection: repo.ExportSelection,
  scope: OutboundScope,
): Promise<number> {
  for (let i = 0; i < MAX_PASSES; i++) {
    const read = hashing(readRows(db, selection));
    const written = await target.write(read.rows, { scope });
    if ((await digestRows(readRows(db, selection))) === read.digest()) return written;
  }
  throw new Error(`${target.label}: the orders kept changing while they were exported; the job will retry`);
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
    const custom = await repo.findExportCustomLines(db, ids);
    yield* toRows(orders, lines, confirmations, custom);
    if (orders.length < repo.EXPORT_PAGE) return;
    after = orders[orders.length - 1]!.number;
  }
}

function toRows(
  orders: repo.ExportOrderRow[],
  lines: repo.ExportLineRow[],
  confirmations: repo.ExportConfirmationRow[],
  custom: repo.ExportCustomLineRow[],
): OrdersOutRow[] {
  const lineKey = (orderId: string, lineNo: number | string) => `${orderId}\0${Number(lineNo)}`;
  const dated = new Map<string, string[]>();
  for (const c of confirmations) {
    const key = lineKey(c.order_id, c.line_no);
    dated.set(key, [...(dated.get(key) ?? []), `${c.date}:${qtyText(c.quantity)}`]);
  }
  const byOrder = new Map<string, OrdersOutRow[]>();
  const add = (orderId: string, row: OrdersOutRow) =>
    byOrder.set(orderId, [...(byOrder.get(orderId) ?? []), row]);
  const orderOf = new Map(orders.map((o) => [o.id, o]));
  const common = (o: repo.ExportOrderRow) => ({
    order_number: o.number,
    erp_customer_id: o.erp_customer_id,
    customer_po: o.customer_po,
    status: o.status,
    ship_complete: Boolean(o.ship_complete),
    payment_terms: o.payment_terms,
    incoterm: o.incoterm,
    incoterm_place: o.incoterm_place,
    currency: o.currency,
    updated_at: o.updated_at,
  });
  const price = (v: string | number | null) => (v === null ? null : moneyText(parseMoney(v)));
  for (const l of lines) {
    const o = orderOf.get(l.order_id)!;
    // Dates by Incoterm: the stored date is the ship date; under an arrival promise the ERP gets
    // the arrival date as the confirmed one, and both dates beside it.
    const transit = l.transit_days === null ? null : Number(l.transit_days);
    const arrival = l.confirmed_date !== null && transit !== null ? addDays(l.confirmed_date, transit) : null;
    const byArrival = l.promised_by === 'arrival' && transit !== null;
    add(l.order_id, {
      ...common(o),
      line_no: Number(l.line_no),
      sku: l.sku,
      site_code: l.site_code,
      quantity: qtyText(l.quantity),
      requested_date: l.requested_date,
      confirmed_date: byArrival ? arrival : l.confirmed_date,
      confirmations: (dated.get(lineKey(o.id, l.line_no)) ?? []).join(';'),
      net_price: price(l.net_price),
      line_total: price(l.line_total),
      description: l.description,
      ship_date: l.confirmed_date,
      arrival_date: arrival,
      promised_by: byArrival ? 'arrival' : 'ship',
    });
  }
  // Non-catalog lines reach the ERP too (contract: catalog and non-catalog lines alike), without a
  // sku, described, dated by their lead time and shipped from the order's site when it names one.
  for (const c of custom) {
    const o = orderOf.get(c.order_id)!;
    add(c.order_id, {
      ...common(o),
      line_no: Number(c.line_no),
      sku: null,
      site_code: o.site_code,
      quantity: qtyText(c.quantity),
      requested_date: c.requested_date,
      confirmed_date: c.promised_date,
      confirmations: c.promised_date ? `${c.promised_date}:${qtyText(c.quantity)}` : '',
      net_price: price(c.net_price),
      line_total: price(c.line_total),
      description: c.description,
      ship_date: c.promised_date,
      arrival_date: null,
      promised_by: 'ship',
    });
  }
  return orders.flatMap((o) => (byOrder.get(o.id) ?? []).sort((a, b) => a.line_no - b.line_no));
}

// ---------------------------------------------------------------------------------------------
// What was written, to compare with a second read

/** The row as one line of text, every column in order, so two reads hash equal exactly when their rows are. */
const rowText = (row: OrdersOutRow): string =>
  `${JSON.stringify(ORDERS_OUT_COLUMNS.map((column) => row[column]))}\n`;

/** Passes the rows through, hashing the ones the target consumed as digestRows does. */
function hashing(rows: AsyncIterable<OrdersOutRow>): {
  rows: AsyncGenerator<OrdersOutRow>;
  digest: () => string;
} {
  const hash = crypto.createHash('sha256');
  async function* through(): AsyncGenerator<OrdersOutRow> {
    for await (const row of rows) {
      hash.update(rowText(row));
      yield row;
    }
  }
  return { rows: through(), digest: () => hash.digest('hex') };
}

async function digestRows(rows: AsyncIterable<OrdersOutRow>): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const row of rows) hash.update(rowText(row));
  return hash.digest('hex');
}
