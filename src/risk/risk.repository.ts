import type { Knex } from 'knex';
import { chunks, IN_CHUNK, readInChunks, rowsPerInsert } from '../shared/db/chunks';

/**
 * Every statement of the risk domain: reads of open lines, ERP supply and the promise ledger (read
 * only; their domains write them) and the stored scores in risk_lines.
 */
type Qty = string | number;

/** Orders whose open lines carry a promise to keep (as ATP's reservations: draft to partially shipped). */
const OPEN_ORDER_STATUSES = ['draft', 'confirmed', 'in_production', 'partially_shipped'];

export interface OpenLineRow {
  id: string;
  order_id: string;
  order_number: string;
  line_no: number;
  account_id: string;
  sku: string;
  site_code: string;
  quantity: Qty;
  confirmed_date: string | null;
  new_supply: Qty;
}

const openLines = (db: Knex) =>
  db('order_lines as ol')
    .join('orders as o', 'o.id', 'ol.order_id')
    .where('ol.open', true)
    .whereIn('o.status', OPEN_ORDER_STATUSES)
    .select(
      'ol.id',
      'ol.order_id',
      { order_number: 'o.number' },
      'ol.line_no',
      'o.account_id',
      'ol.sku',
      'ol.site_code',
      'ol.quantity',
      'ol.confirmed_date',
      'ol.new_supply',
    )
    // Intake order: the order re-confirmation serves lines of equal priority in.
    .orderBy([{ column: 'o.created_at' }, { column: 'o.number' }, { column: 'ol.line_no' }]);

/** The open lines of the skus given, in intake order. */
export async function findOpenLines(db: Knex, skus: readonly string[]): Promise<OpenLineRow[]> {
  const rows = await readInChunks(skus, (part) => openLines(db).whereIn('ol.sku', part));
  return rows as OpenLineRow[];
}

/** The skus that have open lines: what a full recompute scores. */
export async function findOpenLineSkus(db: Knex): Promise<string[]> {
  const rows: Array<{ sku: string }> = await db('order_lines as ol')
    .join('orders as o', 'o.id', 'ol.order_id')
    .where('ol.open', true)
    .whereIn('o.status', OPEN_ORDER_STATUSES)
    .distinct('ol.sku');
  return rows.map((r) => r.sku);
}

export async function findOrderSkus(db: Knex, orderId: string): Promise<string[]> {
  const rows: Array<{ sku: string }> = await db('order_lines').where({ order_id: orderId }).distinct('sku');
  return rows.map((r) => r.sku);
}

/** What each line reserves: the sum of its current confirmations. */
export async function findReservedQty(
  db: Knex,
  lineIds: readonly string[],
): Promise<Array<{ order_line_id: string; qty: Qty }>> {
  return readInChunks(lineIds, (part) =>
    db('order_line_confirmations')
      .whereIn('order_line_id', part)
      .groupBy('order_line_id')
      .select('order_line_id', db.raw('sum(??) as ??', ['quantity', 'qty'])),
  );
}

/** Every ledger version's confirmed date, in version order per line. */
export async function findLedgerDates(
  db: Knex,
  lineIds: readonly string[],
): Promise<Array<{ order_line_id: string; version: number; confirmed_date: string | null }>> {
  return readInChunks(lineIds, (part) =>
    db('promise_ledger')
      .whereIn('order_line_id', part)
      .orderBy([{ column: 'order_line_id' }, { column: 'version' }])
      .select('order_line_id', 'version', 'confirmed_date'),
  );
}

export interface RiskItemRow {
  sku: string;
  make_or_buy: 'make' | 'buy';
  lead_time_days: number;
  family: string | null;
}

export async function findItems(db: Knex, skus: readonly string[]): Promise<RiskItemRow[]> {
  return readInChunks(skus, (part) =>
    db('items').whereIn('sku', part).select('sku', 'make_or_buy', 'lead_time_days', 'family'),
  );
}

export interface SupplyRow {
  ref: string;
  kind: 'production' | 'purchase' | 'transfer';
  sku: string;
  site_code: string;
  open_qty: Qty;
  due_date: string;
  status: 'planned' | 'firm' | 'released' | null;
  prev_due_date: string | null;
}

/** Open receipts of the skus, each on its own (the daily sums ATP reads do not name them). */
export async function findOpenSupply(db: Knex, skus: readonly string[]): Promise<SupplyRow[]> {
  return readInChunks(skus, (part) =>
    db('erp_supply')
      .whereIn('sku', part)
      .whereNull('closed_at')
      .where('open_qty', '>', 0)
      .select('ref', 'kind', 'sku', 'site_code', 'open_qty', 'due_date', 'status', 'prev_due_date'),
  );
}

/** ERP demand per day that is no FactoryDesk line (the sync's daily sums leave those out). */
export async function findErpDemand(
  db: Knex,
  skus: readonly string[],
): Promise<Array<{ sku: string; site_code: string; due_date: string; open_qty: Qty }>> {
  return readInChunks(skus, (part) =>
    db('erp_demand_daily').whereIn('sku', part).select('sku', 'site_code', 'due_date', 'open_qty'),
  );
}

/** A family's capacity and what lines booked of it, per day between two dates. */
export async function findCapacityLoad(
  db: Knex,
  family: string,
  site: string,
  from: string,
  to: string,
): Promise<{ units: Array<{ date: string; qty: Qty }>; booked: Array<{ date: string; qty: Qty }> }> {
  const units = await db('erp_capacity')
    .where({ family, site_code: site })
    .whereBetween('date', [from, to])
    .select({ date: 'date', qty: 'units' });
  const booked = await db('capacity_reservations')
    .where({ family, site_code: site })
    .whereBetween('date', [from, to])
    .groupBy('date')
    .select('date', db.raw('sum(??) as ??', ['units', 'qty']));
  return { units, booked };
}

/** Per site: its production orders known to the sync (closed ones too) and how many the ERP moved later. */
export async function findPlantHistory(db: Knex): Promise<Array<{ site_code: string; of: Qty; moved: Qty }>> {
  return db('erp_supply')
    .where({ kind: 'production' })
    .groupBy('site_code')
    .select(
      'site_code',
      db.raw('count(*) as ??', ['of']),
      db.raw('sum(case when ?? is not null and ?? < ?? then 1 else 0 end) as ??', [
        'prev_due_date',
        'prev_due_date',
        'due_date',
        'moved',
      ]),
    );
}

export async function findSiteTimezones(
  db: Knex,
): Promise<Array<{ site_code: string; timezone: string | null }>> {
  return db('sites').select('site_code', 'timezone');
}

// ---- Stored scores ------------------------------------------------------------------------------

export interface RiskLineRow {
  order_line_id: string;
  order_id: string;
  order_number: string;
  line_no: number;
  account_id: string;
  sku: string;
  site_code: string;
  family: string | null;
  promised_date: string | null;
  score: number;
  band: string;
  reason_codes: string;
  reasons: string;
  cover_kind: string | null;
  cover_ref: string | null;
  cover_due_date: string | null;
  cover_status: string | null;
  computed_at: string;
}

/**
 * Replaces the stored scores of the skus given (every sku when null) by the rows given. Two
 * recomputes of a sku may run at once (an order change's and a sync's): each first locks the skus'
 * item rows, sorted, as order intake does, so the second waits for the first's commit instead of
 * inserting the same lines beside it (a duplicate key on PostgreSQL and SQL Server). SQLite's one
 * writer already serializes them. `lockSkus` names the rows to lock when `skus` is null (all).
 */
export async function replaceRiskLines(
  trx: Knex.Transaction,
  skus: readonly string[] | null,
  rows: readonly RiskLineRow[],
  lockSkus: readonly string[] = skus ?? [],
): Promise<void> {
  for (const part of chunks([...new Set(lockSkus)].sort(), IN_CHUNK))
    await trx('items').whereIn('sku', part).orderBy('sku').forUpdate().select('sku');
  // Only what changed is written: after a sync most scores stand, and rewriting 100,000 rows cost
  // more than scoring them. A row that stands keeps its computed_at (when it last changed).
  const stored: RiskLineRow[] =
    skus === null
      ? await trx('risk_lines').select('*')
      : await readInChunks(skus, (part) => trx('risk_lines').whereIn('sku', part).select('*'));
  const before = new Map(stored.map((r) => [r.order_line_id, r]));
  const changed = rows.filter((r) => !sameScore(before.get(r.order_line_id), r));
  const fresh = new Set(rows.map((r) => r.order_line_id));
  const gone = [
    ...stored.filter((r) => !fresh.has(r.order_line_id)).map((r) => r.order_line_id),
    ...changed.filter((r) => before.has(r.order_line_id)).map((r) => r.order_line_id),
  ];
  for (const part of chunks(gone, IN_CHUNK)) await trx('risk_lines').whereIn('order_line_id', part).delete();
  for (const part of chunks(changed, rowsPerInsert(18))) await trx('risk_lines').insert(part);
}

/** Every column but computed_at, compared as text: the databases return numbers and text alike. */
function sameScore(a: RiskLineRow | undefined, b: RiskLineRow): boolean {
  if (!a) return false;
  for (const k of Object.keys(b) as Array<keyof RiskLineRow>)
    if (k !== 'computed_at' && String(a[k] ?? '') !== String(b[k] ?? '')) return false;
  return true;
}

export interface RiskFilter {
  site?: string;
  band?: string;
  accountId?: string;
  family?: string;
  reason?: string;
}

const filtered = (db: Knex, f: RiskFilter) => {
  const q = db('risk_lines');
  if (f.site) q.where('site_code', f.site);
  if (f.band) q.where('band', f.band);
  if (f.accountId) q.where('account_id', f.accountId);
  if (f.family) q.where('family', f.family);
  // Codes come from a closed list (the schema's enum), so they hold no LIKE wildcard.
  if (f.reason) q.where('reason_codes', 'like', `%,${f.reason},%`);
  return q;
};

/** Highest score first; the line id breaks ties, so the keyset is total. */
export async function listRiskLines(
  db: Knex,
  f: RiskFilter,
  limit: number,
  after: [number, string] | null,
): Promise<RiskLineRow[]> {
  const q = filtered(db, f);
  if (after)
    q.where((w) =>
      w
        .where('score', '<', after[0])
        .orWhere((e) => e.where('score', after[0]).where('order_line_id', '>', after[1])),
    );
  return q
    .orderBy([
      { column: 'score', order: 'desc' },
      { column: 'order_line_id', order: 'asc' },
    ])
    .limit(limit + 1)
    .select('*');
}

export async function countByBand(db: Knex, f: RiskFilter): Promise<Array<{ band: string; n: Qty }>> {
  return filtered(db, { ...f, band: undefined })
    .groupBy('band')
    .select('band', db.raw('count(*) as ??', ['n']));
}

/** The highest score per family and promised date, for the heatmap (the service folds dates into weeks). */
export async function findScoresByFamilyAndDate(
  db: Knex,
  f: RiskFilter,
): Promise<Array<{ family: string | null; promised_date: string; score: Qty }>> {
  return filtered(db, f)
    .whereNotNull('promised_date')
    .groupBy('family', 'promised_date')
    .select('family', 'promised_date', db.raw('max(??) as ??', ['score', 'score']));
}

/** The families with stored scores, for the page's filter. */
export async function findRiskFamilies(db: Knex): Promise<string[]> {
  const rows: Array<{ family: string }> = await db('risk_lines')
    .whereNotNull('family')
    .distinct('family')
    .orderBy('family');
  return rows.map((r) => r.family);
}

/** The accounts with stored scores, for the page's filter. */
export async function findRiskAccounts(db: Knex): Promise<string[]> {
  const rows: Array<{ account_id: string }> = await db('risk_lines').distinct('account_id');
  return rows.map((r) => r.account_id);
}

/** Re-confirmation serves higher account priorities first. */
export async function findAccountPriorities(
  db: Knex,
  accountIds: readonly string[],
): Promise<Array<{ id: string; promise_priority: number }>> {
  return readInChunks(accountIds, (part) =>
    db('accounts').whereIn('id', part).select('id', 'promise_priority'),
  );
}
