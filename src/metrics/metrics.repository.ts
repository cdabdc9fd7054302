import type { Knex } from 'knex';
import { chunks } from '../shared/db/chunks';

/*
 * The loader of the fulfillment metrics: every fact the contract's definitions read, for a range of
 * dates. Dates are YYYY-MM-DD text and timestamps ISO text on every database, so ranges are text
 * comparisons; the arithmetic happens in fulfillment.engine.ts and commercial.engine.ts.
 */

/** Ids per `IN (…)` list: far below SQL Server's 2,100 parameters. */
const IDS_PER_QUERY = 500;

export interface MetricLineRow {
  line_id: string;
  order_id: string;
  order_number: string;
  line_no: number | string;
  sku: string;
  site_code: string;
  quantity: string | number;
  requested_date: string;
  net_price: string | number | null;
  order_status: string;
  order_created_at: string;
  order_currency: string | null;
  quote_id: string | null;
  quote_revision: number | string | null;
  account_id: string;
  erp_customer_id: string | null;
  account_currency: string | null;
  family: string | null;
  list_price: string | number | null;
  item_currency: string | null;
  /** `arrival` when the line's promise is kept on arrival; absent before the column exists. */
  promised_by?: string | null;
}

export interface LineSelection {
  /** Inclusive YYYY-MM-DD bounds. */
  fromDate: string;
  toDate: string;
  /** Lines whose requested or any confirmed date falls in the range count too, not only the order date. */
  byPromise: boolean;
  /** Lines whose promise was re-recorded (a ledger version) in the range count too: promise churn. */
  byLedger?: boolean;
  accountId?: string;
}

/** The day after a YYYY-MM-DD date, as the exclusive upper bound of a timestamp range. */
function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

const promisedByColumn = new WeakMap<Knex, Promise<boolean>>();

/**
 * Whether order lines say how their promise is kept (a column of the delivery-dates work). Without
 * it every line is promised by its ship date, the contract's default. Asked once per connection pool.
 */
export function hasPromisedBy(db: Knex): Promise<boolean> {
  let known = promisedByColumn.get(db);
  if (!known) {
    known = db.schema.hasColumn('order_lines', 'promised_by');
    promisedByColumn.set(db, known);
  }
  return known;
}

/**
 * Order lines with their order, account and item: those ordered in the range, and with `byPromise`
 * also those requested or confirmed (in any version of the ledger) in it, so a line due in the range
 * under any basis is read.
 */
export async function findMetricLines(
  db: Knex,
  selection: LineSelection,
  withPromisedBy: boolean,
): Promise<MetricLineRow[]> {
  const { fromDate, toDate } = selection;
  const q = db('order_lines as l')
    .join('orders as o', 'o.id', 'l.order_id')
    .join('accounts as a', 'a.id', 'o.account_id')
    .leftJoin('items as i', 'i.sku', 'l.sku')
    .select(
      'l.id as line_id',
      'o.id as order_id',
      'o.number as order_number',
      'l.line_no',
      'l.sku',
      'l.site_code',
      'l.quantity',
      'l.requested_date',
      'l.net_price',
      'o.status as order_status',
      'o.created_at as order_created_at',
      'o.currency as order_currency',
      'o.quote_id',
      'o.quote_revision',
      'a.id as account_id',
      'a.erp_customer_id',
      'a.currency as account_currency',
      'i.family',
      'i.list_price',
      'i.currency as item_currency',
    )
    .where((w) => {
      w.where((d) => d.where('o.created_at', '>=', fromDate).andWhere('o.created_at', '<', dayAfter(toDate)));
      if (selection.byPromise) {
        w.orWhereBetween('l.requested_date', [fromDate, toDate]);
        w.orWhereIn(
          'l.id',
          db('promise_ledger').select('order_line_id').whereBetween('confirmed_date', [fromDate, toDate]),
        );
      }
      if (selection.byLedger)
        w.orWhereIn(
          'l.id',
          db('promise_ledger')
            .select('order_line_id')
            .where('at', '>=', fromDate)
            .andWhere('at', '<', dayAfter(toDate)),
        );
    })
    .orderBy([{ column: 'o.number' }, { column: 'l.line_no' }]);
  if (withPromisedBy) q.select('l.promised_by');
  if (selection.accountId !== undefined) q.where('o.account_id', selection.accountId);
  return (await q) as MetricLineRow[];
}

export interface LedgerVersionRow {
  order_line_id: string;
  version: number | string;
  at: string;
  confirmed_date: string | null;
  changed_by: string;
  reason: string | null;
}

/** Every promise-ledger version of the lines, oldest first per line. */
export async function findLedgerVersions(db: Knex, lineIds: string[]): Promise<LedgerVersionRow[]> {
  const out: LedgerVersionRow[] = [];
  for (const part of chunks(lineIds, IDS_PER_QUERY))
    out.push(
      ...((await db('promise_ledger')
        .whereIn('order_line_id', part)
        .select('order_line_id', 'version', 'at', 'confirmed_date', 'changed_by', 'reason')
        .orderBy([{ column: 'order_line_id' }, { column: 'version' }])) as LedgerVersionRow[]),
    );
  return out;
}

export interface LineShipmentRow {
  line_id: string;
  ship_date: string;
  delivered_date: string | null;
  quantity: string | number;
}

/** The ERP's shipments naming the lines (order_ref = the order number, order_line_no = the line). */
export async function findLineShipments(db: Knex, lineIds: string[]): Promise<LineShipmentRow[]> {
  const out: LineShipmentRow[] = [];
  for (const part of chunks(lineIds, IDS_PER_QUERY))
    out.push(
      ...((await db('erp_shipments as s')
        .join('orders as o', 'o.number', 's.order_ref')
        .join('order_lines as l', (j) => j.on('l.order_id', 'o.id').andOn('l.line_no', 's.order_line_no'))
        .whereIn('l.id', part)
        .select('l.id as line_id', 's.ship_date', 's.delivered_date', 's.quantity')
        .orderBy([{ column: 's.shipment_ref' }, { column: 's.line_no' }])) as LineShipmentRow[]),
    );
  return out;
}

export interface QuotedLineRow {
  order_id: string;
  sent_at: string | null;
  line_no: number | string;
  quoted_date: string | null;
}

/**
 * The catalog lines of the revision each order was accepted from, in line order: the order's n-th
 * line is the revision's n-th catalog line (acceptance takes them in that order).
 */
export async function findQuotedLines(db: Knex, orderIds: string[]): Promise<QuotedLineRow[]> {
  const out: QuotedLineRow[] = [];
  for (const part of chunks(orderIds, IDS_PER_QUERY))
    out.push(
      ...((await db('orders as o')
        .join('quote_revisions as r', (j) =>
          j.on('r.quote_id', 'o.quote_id').andOn('r.revision', 'o.quote_revision'),
        )
        .join('quote_lines as ql', 'ql.revision_id', 'r.id')
        .whereIn('o.id', part)
        .whereNotNull('ql.sku')
        .select('o.id as order_id', 'r.sent_at', 'ql.line_no', 'ql.quoted_date')
        .orderBy([{ column: 'o.id' }, { column: 'ql.line_no' }])) as QuotedLineRow[]),
    );
  return out;
}

export interface DecidedQuoteLineRow {
  quote_id: string;
  status: string;
  decided_at: string;
  account_id: string;
  erp_customer_id: string | null;
  sku: string;
  family: string | null;
  site_code: string | null;
  line_total: string | number;
  /** The rejection's reason (the customer's text); null for an acceptance or an expiry. */
  reason: string | null;
}

/**
 * The catalog lines of quotes decided (accepted, rejected, expired) in the range, dated by the
 * event that decided them: the accepted revision's lines, else the current revision's.
 */
export async function findDecidedQuoteLines(
  db: Knex,
  range: { fromDate: string; toDate: string; accountId?: string },
): Promise<DecidedQuoteLineRow[]> {
  const q = db('quotes as q')
    .join('quote_events as e', (j) => j.on('e.quote_id', 'q.id').andOn('e.kind', 'q.status'))
    .join('quote_revisions as r', (j) =>
      j
        .on('r.quote_id', 'q.id')
        .andOn('r.revision', db.raw('coalesce(??, ??)', ['q.accepted_revision', 'q.revision'])),
    )
    .join('quote_lines as ql', 'ql.revision_id', 'r.id')
    .join('accounts as a', 'a.id', 'q.account_id')
    .leftJoin('items as i', 'i.sku', 'ql.sku')
    .whereIn('q.status', ['accepted', 'rejected', 'expired'])
    .whereNotNull('ql.sku')
    .where('e.at', '>=', range.fromDate)
    .where('e.at', '<', dayAfter(range.toDate))
    .select(
      'q.id as quote_id',
      'q.status',
      'e.at as decided_at',
      'a.id as account_id',
      'a.erp_customer_id',
      'ql.sku',
      'i.family',
      'ql.site_code',
      'ql.line_total',
      'e.reason',
    )
    .orderBy([{ column: 'q.id' }, { column: 'ql.line_no' }]);
  if (range.accountId !== undefined) q.where('q.account_id', range.accountId);
  return (await q) as DecidedQuoteLineRow[];
}

export interface SkuPriceRow {
  sku: string;
  erp_customer_id: string;
  currency: string;
  min_qty: string | number;
  valid_from: string;
  valid_to: string | null;
  unit_price: string | number;
}

/** The ERP's agreement and list prices of the skus, every currency and validity (chosen per line). */
export async function findSkuPrices(db: Knex, skus: string[]): Promise<SkuPriceRow[]> {
  const out: SkuPriceRow[] = [];
  for (const part of chunks([...new Set(skus)], IDS_PER_QUERY))
    out.push(
      ...((await db('erp_prices')
        .whereIn('sku', part)
        .select(
          'sku',
          'erp_customer_id',
          'currency',
          'min_qty',
          'valid_from',
          'valid_to',
          'unit_price',
        )) as SkuPriceRow[]),
    );
  return out;
}
