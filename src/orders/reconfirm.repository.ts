import type { Knex } from 'knex';
import type { ItemPlanningRow, DatedQty } from '../atp';
import { toMilli } from '../shared/quantity';
import { dialectOf, rowsPerStatement } from '../shared/db/knex';
import { chunks } from '../shared/db/chunks';
import { mapRows, selectArrays } from '../shared/db/array-rows';
import { chunked, chunksOf, insertMany, rowsOf, whereIdIn } from '../shared/db/bulk';
import { unfoldConfirmations } from './held-confirmations';
import {
  lockSkus,
  type ConfirmationRow,
  type LedgerRow,
  type LinePromiseUpdate,
  type OrderLineRow,
} from './orders.repository';

type Qty = string | number;
import { RESERVING_STATUSES } from './orders.schemas';

export const OPEN_ORDER_STATUSES = [...RESERVING_STATUSES];

/** What re-confirmation needs of a line: its promise, and what orders it among the others. */
export interface OpenLineRow
  extends Pick<
    OrderLineRow,
    | 'id'
    | 'order_id'
    | 'line_no'
    | 'sku'
    | 'site_code'
    | 'quantity'
    | 'requested_date'
    | 'confirmed_date'
    | 'date_source'
    | 'transit_days'
    | 'promised_by'
  > {
  ship_complete: boolean | number;
  /** The order's account: its allocation strategy, when an admin set one, orders who keeps supply. */
  account_id: string;
  priority: number;
  /** The order's intake, as ISO-8601 text. */
  order_created_at: string;
  /** The line's confirmations (its reservations), quantities in thousandths, in date order. */
  confirmations: DatedQty[];
  /** quantity, new_supply and shipped_qty in thousandths, parsed once (PostgreSQL returns decimals as text). */
  qtyMilli: number;
  newSupplyMilli: number;
  /** What the ERP has shipped of the line (its shipments, summed by the sync). */
  shippedMilli: number;
}

/**
 * The columns findOpenLines reads, in order; rows come back as arrays of them (selectArrays). The
 * last holds the line's confirmations, folded on the line (held-confirmations.ts). New supply and
 * shipped quantity are zero on most lines and come as null then: a value the driver need not
 * turn into text and back, 100,000 times each.
 */
const lineColumns = (db: Knex) => [
  'ol.id',
  'ol.order_id',
  'ol.line_no',
  'ol.sku',
  'ol.site_code',
  'ol.quantity',
  'ol.requested_date',
  'ol.confirmed_date',
  'ol.date_source',
  db.raw('nullif(??, 0) as ??', ['ol.new_supply', 'new_supply']),
  'o.ship_complete',
  // A replacement of returned goods is served before the account's ordinary orders (its boost).
  db.raw('?? + ?? as ??', ['a.promise_priority', 'o.promise_boost', 'promise_priority']),
  'o.created_at',
  db.raw('nullif(??, 0) as ??', ['ol.shipped_qty', 'shipped_qty']),
  'ol.held_confirmations',
  'ol.transit_days',
  'ol.promised_by',
  'o.account_id',
];

type Text = string;
type OpenLineSql = [
  Text,
  Text,
  number,
  Text,
  Text,
  Qty,
  Text,
  Text | null,
  Text,
  Qty | null,
  boolean | number,
  number | string,
  Text,
  Qty | null,
  Text | null,
  number | string | null,
  Text | null,
  Text,
];

/**
 * Each line as a fresh object of one shape with its numbers parsed once: the loop that serves the
 * lines reads them many times.
 */
function openLine(r: OpenLineSql): OpenLineRow {
  return {
    id: r[0],
    order_id: r[1],
    line_no: r[2],
    sku: r[3],
    site_code: r[4],
    quantity: r[5] as OpenLineRow['quantity'],
    requested_date: r[6],
    confirmed_date: r[7],
    date_source: r[8] as OpenLineRow['date_source'],
    transit_days: r[15] === null ? null : Number(r[15]),
    promised_by: r[16] ?? 'ship',
    ship_complete: r[10],
    account_id: r[17],
    // Stored as ISO-8601 text on every database, so it orders as text.
    order_created_at: r[12],
    priority: Number(r[11]),
    confirmations: unfoldConfirmations(r[14]),
    qtyMilli: toMilli(r[5]),
    newSupplyMilli: r[9] === null ? 0 : toMilli(r[9]),
    shippedMilli: r[13] === null ? 0 : toMilli(r[13]),
  };
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Service order: account priority (highest first), then the earliest intake, then order and line.
 * An order's lines share its priority and intake, so the orders are sorted (a fifth as many as the
 * lines) and each order's lines follow it by line number: far fewer comparisons of long texts than
 * sorting every line by them, in about half the time.
 */
function byServiceOrder(lines: OpenLineRow[]): OpenLineRow[] {
  const byOrder = new Map<string, OpenLineRow[]>();
  for (const l of lines) {
    const of = byOrder.get(l.order_id);
    if (of) of.push(l);
    else byOrder.set(l.order_id, [l]);
  }
  const orders = [...byOrder.values()].sort((x, y) => {
    const a = x[0]!;
    const b = y[0]!;
    return (
      b.priority - a.priority ||
      compareText(a.order_created_at, b.order_created_at) ||
      compareText(a.order_id, b.order_id)
    );
  });
  const out: OpenLineRow[] = new Array(lines.length);
  let i = 0;
  for (const of of orders) {
    if (of.length > 1) of.sort((a, b) => a.line_no - b.line_no);
    for (const l of of) out[i++] = l;
  }
  return out;
}

/**
 * Open lines in the order they are served. Read unsorted and sorted in memory: an ORDER BY over
 * the three-table join makes the database sort every open line on columns of two other tables,
 * which costs more than the read itself; narrow columns, because every one is materialized 100,000 times.
 */
export async function findOpenLines(db: Knex, skus?: string[]): Promise<OpenLineRow[]> {
  const q = (chunk?: string[]) => {
    const b = db('order_lines as ol')
      .join('orders as o', 'o.id', 'ol.order_id')
      .join('accounts as a', 'a.id', 'o.account_id')
      .where('ol.open', true)
      .whereIn('o.status', OPEN_ORDER_STATUSES)
      .select(lineColumns(db));
    return chunk ? b.whereIn('ol.sku', chunk) : b;
  };
  const each = (r: unknown[]) => openLine(r as OpenLineSql);
  return byServiceOrder(
    await (skus ? chunked(db, skus, (c) => mapRows(db, q(c), each)) : mapRows(db, q(), each)),
  );
}

/** An open line as a night's first read gives it: what tells whether its picture's promises all still stand. */
export interface HeldLineRow {
  sku: string;
  site_code: string;
  /** Its confirmations, quantities in thousandths, in date order. */
  confirmations: DatedQty[];
  /** Not confirmed, partly shipped, counting on new supply, or booking capacity: its picture is decided line by line. */
  special: boolean;
  /** Its order, when that ships complete: the order's other lines follow a line that moves. */
  shipCompleteOrder: string | null;
}

/**
 * Every open line, narrow: its picture, its confirmations as folded text, and two values that are
 * null on most lines. Re-confirmation reads in full (findOpenLines) only the lines of pictures
 * where some promise may not stand: the fifth of a nightly run's lines that a moved receipt touches.
 */
export async function findHeldLines(db: Knex): Promise<HeldLineRow[]> {
  const booked = db('capacity_reservations').distinct('order_line_id').as('b');
  const q = db('order_lines as ol')
    .join('orders as o', 'o.id', 'ol.order_id')
    .leftJoin(booked, 'b.order_line_id', 'ol.id')
    .where('ol.open', true)
    .whereIn('o.status', OPEN_ORDER_STATUSES)
    .select(
      'ol.sku',
      'ol.site_code',
      'ol.held_confirmations',
      db.raw('case when ?? is null or ?? <> 0 or ?? <> 0 or ?? is not null then 1 end as ??', [
        'ol.confirmed_date',
        'ol.shipped_qty',
        'ol.new_supply',
        'b.order_line_id',
        'special',
      ]),
      db.raw('case when ?? = ? then ?? end as ??', [
        'o.ship_complete',
        true,
        'ol.order_id',
        'ship_complete_order',
      ]),
    );
  return mapRows(db, q, (r) => ({
    sku: r[0] as string,
    site_code: r[1] as string,
    confirmations: unfoldConfirmations(r[2] as string | null),
    special: r[3] !== null,
    shipCompleteOrder: r[4] as string | null,
  }));
}

/**
 * Capacity bookings of every open line, for a re-confirmation of all of them: one join on the open
 * lines instead of a lookup per chunk of skus.
 */
export async function findOpenLineBookings(
  db: Knex,
): Promise<Array<{ order_line_id: string; date: string; units: Qty }>> {
  return db('capacity_reservations as cr')
    .join('order_lines as ol', 'ol.id', 'cr.order_line_id')
    .where('ol.open', true)
    .select('cr.order_line_id', 'cr.date', 'cr.units');
}

export async function findBookingsBySkus(
  db: Knex,
  skus: string[],
): Promise<Array<{ order_line_id: string; date: string; units: Qty }>> {
  return chunked(db, skus, (c) =>
    db('capacity_reservations as cr')
      .join('order_lines as ol', 'ol.id', 'cr.order_line_id')
      .whereIn('ol.sku', c)
      .orderBy(['cr.order_line_id', 'cr.date'])
      .select('cr.order_line_id', 'cr.date', 'cr.units'),
  );
}

export interface StockRow {
  sku: string;
  site_code: string;
  on_hand: Qty;
  blocked: Qty;
  prev_on_hand: Qty | null;
  changed_run_id: string | null;
}

export async function findStockBySkus(db: Knex, skus: string[]): Promise<StockRow[]> {
  return chunked(db, skus, (c) =>
    db('erp_stock')
      .whereIn('sku', c)
      .whereNull('closed_at')
      .select('sku', 'site_code', 'on_hand', 'blocked', 'prev_on_hand', 'changed_run_id'),
  );
}

export interface SupplyRow {
  ref: string;
  kind: string;
  sku: string;
  site_code: string;
  open_qty: Qty;
  due_date: string;
  prev_due_date: string | null;
  prev_open_qty: Qty | null;
  changed_run_id: string | null;
  closed_at: string | null;
}

/** A dated quantity of one sku at one site, as a row array: sku, site, date, quantity. */
export type DatedRow = [string, string, string, Qty];

/** Open supply due within the horizon: what ATP counts, four narrow columns of every receipt. */
export async function findOpenSupplyBySkus(db: Knex, skus: string[], horizon: string): Promise<DatedRow[]> {
  return chunked(
    db,
    skus,
    (c) =>
      selectArrays(
        db,
        db('erp_supply')
          .whereIn('sku', c)
          .whereNull('closed_at')
          .where('open_qty', '>', 0)
          .where('due_date', '<=', horizon)
          .select('sku', 'site_code', 'due_date', 'open_qty'),
      ) as Promise<DatedRow[]>,
  );
}

/** Supply the given run changed, closed rows included, with what it was before: to say why a promise moved. */
export async function findSupplyChangedInRun(db: Knex, skus: string[], runId: string): Promise<SupplyRow[]> {
  return chunked(db, skus, (c) =>
    db('erp_supply')
      .whereIn('sku', c)
      .where('changed_run_id', runId)
      .select(
        'ref',
        'kind',
        'sku',
        'site_code',
        'open_qty',
        'due_date',
        'prev_due_date',
        'prev_open_qty',
        'changed_run_id',
        'closed_at',
      ),
  );
}

export async function findErpDemandBySkus(db: Knex, skus: string[], horizon: string): Promise<DatedRow[]> {
  return chunked(
    db,
    skus,
    (c) =>
      selectArrays(
        db,
        db('erp_demand as d')
          .whereIn('d.sku', c)
          .whereNull('d.closed_at')
          .where('d.open_qty', '>', 0)
          .where('d.due_date', '<=', horizon)
          .where((w) =>
            w
              .whereNull('d.crm_order_ref')
              .orWhereNotExists(
                db('order_lines as ol')
                  .select(db.raw('1'))
                  .whereRaw('?? = ??', ['ol.erp_ref', 'd.crm_order_ref']),
              ),
          )
          .select('d.sku', 'd.site_code', 'd.due_date', 'd.open_qty'),
      ) as Promise<DatedRow[]>,
  );
}

export async function findCapacityByFamilies(
  db: Knex,
  families: string[],
  from: string,
  to: string,
): Promise<Array<{ family: string; site_code: string; date: string; units: Qty }>> {
  return chunked(db, families, (c) =>
    db('erp_capacity')
      .whereIn('family', c)
      .whereBetween('date', [from, to])
      .select('family', 'site_code', 'date', 'units'),
  );
}

/**
 * The planning fields of many items and the ATP version each had when read, in chunks (SQL
 * Server's parameter limit applies to a night's 5,000 skus as to any list).
 */
export async function findPlanningItemsBySkus(
  db: Knex,
  skus: string[],
): Promise<Array<ItemPlanningRow & { atp_version: number }>> {
  return chunked(db, skus, (c) =>
    db('items')
      .whereIn('sku', c)
      .select('sku', 'make_or_buy', 'lead_time_days', 'family', 'active', 'atp_version'),
  );
}

export async function findAtpVersions(
  db: Knex,
  skus: string[],
): Promise<Array<{ sku: string; atp_version: number }>> {
  return chunked(db, skus, (c) => db('items').whereIn('sku', c).select('sku', 'atp_version'));
}

// ---------------------------------------------------------------- bulk writes of moved promises

/**
 * The ATP locks of many skus, in sorted order as `lockSkus` takes them, so re-confirmation and
 * order intake never wait on each other in a cycle, in a few statements instead of one per sku:
 * SQLite has one writer anyway; PostgreSQL locks the rows of a sorted chunk in the order its
 * ORDER BY … FOR UPDATE returns them; SQL Server keeps the row-by-row updates.
 */
export async function lockSkusInOrder(trx: Knex, skus: string[]): Promise<void> {
  const d = dialectOf(trx);
  if (d === 'mssql') return lockSkus(trx, skus);
  for (const chunk of chunks([...new Set(skus)].sort(), rowsPerStatement(trx, 1))) {
    if (d === 'postgres') await trx('items').whereIn('sku', chunk).orderBy('sku').forUpdate().select('sku');
    await trx('items').whereIn('sku', chunk).increment('atp_version', 1);
  }
}

/** A line's promise rows (confirmations, capacity booked) go before the new ones are written. */
export async function deletePromiseRows(trx: Knex, lineIds: string[]): Promise<void> {
  for (const ids of chunksOf(trx, lineIds, 1)) {
    for (const table of ['order_line_confirmations', 'capacity_reservations']) {
      const [where, bindings] = whereIdIn(trx, 'order_line_id', ids);
      await trx.raw(`delete from ?? where ${where}`, [table, ...bindings]);
    }
  }
}

const CONFIRMATION_COLUMNS = ['order_line_id', 'sku', 'site_code', 'date', 'quantity'] as const;
const BOOKING_COLUMNS = ['order_line_id', 'family', 'site_code', 'date', 'units'] as const;
const LEDGER_COLUMNS = [
  'order_line_id',
  'at',
  'changed_by',
  'actor_id',
  'reason',
  'requested_date',
  'quantity',
  'confirmations',
  'confirmed_date',
  'date_source',
] as const;

export interface BookingRow {
  order_line_id: string;
  family: string;
  site_code: string;
  date: string;
  units: string;
}

/** A ledger row before the database numbers it. */
export type NewLedgerRow = Omit<LedgerRow, 'version'>;

export async function insertConfirmationRows(trx: Knex, rows: ConfirmationRow[]): Promise<void> {
  await insertMany(trx, 'order_line_confirmations', CONFIRMATION_COLUMNS, rows);
}

export async function insertBookingRows(trx: Knex, rows: BookingRow[]): Promise<void> {
  await insertMany(trx, 'capacity_reservations', BOOKING_COLUMNS, rows);
}

/**
 * Each line's next ledger version, numbered by the insert itself: no read of the last versions
 * first. The unique (order_line_id, version) index still refuses two writers numbering alike.
 */
export async function insertLedgerVersions(trx: Knex, rows: NewLedgerRow[]): Promise<void> {
  await insertMany(trx, 'promise_ledger', LEDGER_COLUMNS, rows, {
    column: 'version',
    sql: 'coalesce((select max(??) from ?? as ?? where ?? = ??), 0) + 1',
    bindings: ['p.version', 'promise_ledger', 'p', 'p.order_line_id', 'v.order_line_id'],
  });
}

const PROMISE_COLUMNS = [
  'id',
  'confirmed_date',
  'date_source',
  'new_supply',
  'open',
  'slipped_at',
  'slip_reason',
  'held_confirmations',
] as const;

/** New promises of many lines, one UPDATE … FROM per chunk. A null slip keeps the line's current flag; a line shipped in full closes. */
export async function updateMovedLines(trx: Knex, rows: LinePromiseUpdate[]): Promise<void> {
  const sets = '?? = ??, ?? = ??, ?? = ??, ?? = ??, ?? = coalesce(??, ??), ?? = coalesce(??, ??), ?? = ??';
  const setIds = [
    'confirmed_date',
    'v.confirmed_date',
    'date_source',
    'v.date_source',
    'new_supply',
    'v.new_supply',
    'open',
    'v.open',
    'slipped_at',
    'v.slipped_at',
    'ol.slipped_at',
    'slip_reason',
    'v.slip_reason',
    'ol.slip_reason',
    'held_confirmations',
    'v.held_confirmations',
  ];
  for (const chunk of chunksOf(trx, rows, PROMISE_COLUMNS.length)) {
    const [source, bindings] = rowsOf(trx, 'order_lines', PROMISE_COLUMNS, chunk);
    // SQL Server names the updated table by its alias and joins the rows in FROM.
    if (dialectOf(trx) === 'mssql')
      await trx.raw(`update ?? set ${sets} from ?? as ?? inner join ${source} on ?? = ??`, [
        'ol',
        ...setIds,
        'order_lines',
        'ol',
        ...bindings,
        'ol.id',
        'v.id',
      ]);
    else
      await trx.raw(`update ?? as ?? set ${sets} from ${source} where ?? = ??`, [
        'order_lines',
        'ol',
        ...setIds,
        ...bindings,
        'ol.id',
        'v.id',
      ]);
  }
}
