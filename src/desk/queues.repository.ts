import type { Knex } from 'knex';

/**
 * The reads behind the work queues and the account page: rows of other domains' tables, read
 * here only to show and count them (each links to the page where its domain acts on it).
 */
export interface QueueRequestRow {
  id: string;
  number: string;
  account_id: string;
  account_name: string;
  assigned_to: string | null;
  created_at: string;
}

/** Open quote requests assigned to the user or to nobody, oldest first. */
export async function findOpenRequestsFor(
  db: Knex,
  userId: string,
  limit: number,
): Promise<QueueRequestRow[]> {
  return db('quote_requests as r')
    .join('accounts as a', 'a.id', 'r.account_id')
    .where('r.status', 'open')
    .where((w) => w.where('r.assigned_to', userId).orWhereNull('r.assigned_to'))
    .select('r.id', 'r.number', 'r.account_id', 'a.name as account_name', 'r.assigned_to', 'r.created_at')
    .orderBy([
      { column: 'r.created_at', order: 'asc' },
      { column: 'r.id', order: 'asc' },
    ])
    .limit(limit);
}

export async function countOpenRequestsFor(db: Knex, userId: string): Promise<number> {
  const row = await db('quote_requests')
    .where('status', 'open')
    .where((w) => w.where('assigned_to', userId).orWhereNull('assigned_to'))
    .count({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

export interface QueueQuoteRow {
  id: string;
  number: string;
  account_id: string;
  account_name: string;
  status: string;
  revision: number;
  valid_until: string;
  updated_at: string;
}

const quoteColumns = [
  'q.id',
  'q.number',
  'q.account_id',
  'a.name as account_name',
  'q.status',
  'q.revision',
  'q.valid_until',
  'q.updated_at',
];

/** The user's quotes: its own, or on an account the ERP names the user manager of. */
const mineOrAccounts = (userId: string, email: string) => (w: Knex.QueryBuilder) =>
  w.where('q.account_manager_id', userId).orWhere('a.account_manager_email', email);

/** Sent quotes of the user's whose current revision has a counter-offer to answer. */
export async function findCounterOffersFor(
  db: Knex,
  userId: string,
  email: string,
  limit: number,
): Promise<QueueQuoteRow[]> {
  return db('quotes as q')
    .join('accounts as a', 'a.id', 'q.account_id')
    .where('q.status', 'sent')
    .where(mineOrAccounts(userId, email))
    .whereExists((e) =>
      e
        .select(db.raw('1'))
        .from('quote_events as e')
        .where('e.quote_id', db.ref('q.id'))
        .where('e.revision', db.ref('q.revision'))
        .where('e.kind', 'counter_offer'),
    )
    .select(quoteColumns)
    .orderBy([
      { column: 'q.updated_at', order: 'asc' },
      { column: 'q.id', order: 'asc' },
    ])
    .limit(limit);
}

/** Sent quotes of the user's valid until a day in [from, to], soonest first. */
export async function findQuotesExpiringFor(
  db: Knex,
  userId: string,
  email: string,
  from: string,
  to: string,
  limit: number,
): Promise<QueueQuoteRow[]> {
  return db('quotes as q')
    .join('accounts as a', 'a.id', 'q.account_id')
    .where('q.status', 'sent')
    .where(mineOrAccounts(userId, email))
    .whereBetween('q.valid_until', [from, to])
    .select(quoteColumns)
    .orderBy([
      { column: 'q.valid_until', order: 'asc' },
      { column: 'q.id', order: 'asc' },
    ])
    .limit(limit);
}

/** Quotes waiting for an admin's approval, oldest first. */
export async function findPendingApprovals(db: Knex, limit: number): Promise<QueueQuoteRow[]> {
  return db('quotes as q')
    .join('accounts as a', 'a.id', 'q.account_id')
    .where('q.status', 'pending_approval')
    .select(quoteColumns)
    .orderBy([
      { column: 'q.updated_at', order: 'asc' },
      { column: 'q.id', order: 'asc' },
    ])
    .limit(limit);
}

export async function countPendingApprovals(db: Knex): Promise<number> {
  const row = await db('quotes').where('status', 'pending_approval').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export interface QueueLineRow {
  order_id: string;
  number: string;
  account_id: string;
  account_name: string;
  line_no: number;
  sku: string;
  confirmed_date: string | null;
  slipped_at: string | null;
  slip_reason: string | null;
}

const lineColumns = [
  'o.id as order_id',
  'o.number',
  'o.account_id',
  'a.name as account_name',
  'l.line_no',
  'l.sku',
  'l.confirmed_date',
  'l.slipped_at',
  'l.slip_reason',
];
const CLOSED_ORDERS = ['cancelled', 'shipped', 'delivered'];

/** Open lines on the manager's accounts that slipped or whose confirmed date has passed. */
export async function findSlippedOrOverdueLinesFor(
  db: Knex,
  email: string,
  today: string,
  limit: number,
): Promise<QueueLineRow[]> {
  return db('order_lines as l')
    .join('orders as o', 'o.id', 'l.order_id')
    .join('accounts as a', 'a.id', 'o.account_id')
    .where('a.account_manager_email', email)
    .where('l.open', true)
    .whereNotIn('o.status', CLOSED_ORDERS)
    .where((w) => w.whereNotNull('l.slipped_at').orWhere('l.confirmed_date', '<', today))
    .select(lineColumns)
    .orderBy([
      { column: 'o.number', order: 'asc' },
      { column: 'l.line_no', order: 'asc' },
    ])
    .limit(limit);
}

/** Open lines that slipped at or after the instant given (the last sync's start). */
export async function findLinesSlippedSince(db: Knex, since: string, limit: number): Promise<QueueLineRow[]> {
  return db('order_lines as l')
    .join('orders as o', 'o.id', 'l.order_id')
    .join('accounts as a', 'a.id', 'o.account_id')
    .where('l.open', true)
    .where('l.slipped_at', '>=', since)
    .select(lineColumns)
    .orderBy([
      { column: 'o.number', order: 'asc' },
      { column: 'l.line_no', order: 'asc' },
    ])
    .limit(limit);
}

export interface LastSyncRow {
  id: string;
  status: string;
  trigger: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export async function findLastSyncRun(db: Knex): Promise<LastSyncRow | undefined> {
  return db('erp_sync_runs')
    .select('id', 'status', 'trigger', 'created_at', 'started_at', 'finished_at')
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .first();
}

export async function countQuarantined(db: Knex, runId: string): Promise<number> {
  const row = await db('erp_quarantine').where('run_id', runId).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export async function countActiveUsersByRole(db: Knex): Promise<Array<{ role: string; n: number | string }>> {
  const rows = await db('users')
    .where('active', true)
    .groupBy('role')
    .select('role')
    .count({ n: '*' })
    .orderBy('role');
  return rows as unknown as Array<{ role: string; n: number | string }>;
}

export interface AccountSearch {
  /** Part of the name or the ERP id, any case. */
  text?: string;
  country?: string;
  managerEmail?: string;
}

/** LIKE's own characters in a search text match themselves ('!' is the escape on every dialect). */
const likeTerm = (s: string) => `%${s.toLowerCase().replace(/[!%_[]/g, (c) => `!${c}`)}%`;

export async function searchAccounts(db: Knex, s: AccountSearch, limit: number) {
  const q = db('accounts').select(
    'id',
    'name',
    'erp_customer_id',
    'country',
    'account_manager_email',
    'active',
  );
  if (s.text !== undefined) {
    const term = likeTerm(s.text);
    q.where((w) =>
      w
        .whereRaw("lower(??) like ? escape '!'", ['name', term])
        .orWhereRaw("lower(??) like ? escape '!'", ['erp_customer_id', term]),
    );
  }
  if (s.country !== undefined) q.whereRaw('lower(??) = ?', ['country', s.country.toLowerCase()]);
  if (s.managerEmail !== undefined)
    q.whereRaw("lower(??) like ? escape '!'", ['account_manager_email', likeTerm(s.managerEmail)]);
  return q
    .orderBy([
      { column: 'name', order: 'asc' },
      { column: 'id', order: 'asc' },
    ])
    .limit(limit);
}

/** The account's history for its page, newest first, each list capped at `limit`. */
export async function findAccountRequests(db: Knex, accountId: string, limit: number) {
  return db('quote_requests')
    .where('account_id', accountId)
    .select('id', 'number', 'status', 'created_at')
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit);
}

export async function findAccountQuotes(db: Knex, accountId: string, limit: number) {
  return db('quotes')
    .where('account_id', accountId)
    .select('id', 'number', 'status', 'revision', 'valid_until', 'updated_at')
    .orderBy([
      { column: 'updated_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit);
}

export async function findAccountOrders(db: Knex, accountId: string, limit: number) {
  return db('orders')
    .where('account_id', accountId)
    .select('id', 'number', 'status', 'customer_po', 'created_at')
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit);
}

export async function findAccountShipments(db: Knex, accountId: string, limit: number) {
  return db('erp_shipments as s')
    .join('orders as o', 'o.number', 's.order_ref')
    .where('o.account_id', accountId)
    .select(
      's.shipment_ref',
      's.line_no',
      'o.id as order_id',
      'o.number',
      's.order_line_no',
      's.sku',
      's.quantity',
      's.ship_date',
      's.carrier',
      's.tracking_no',
      's.delivered_date',
    )
    .orderBy([
      { column: 's.ship_date', order: 'desc' },
      { column: 's.shipment_ref', order: 'desc' },
      { column: 's.line_no', order: 'desc' },
    ])
    .limit(limit);
}
