import type { Knex } from 'knex';
import { chunks } from '../shared/db/chunks';

/** Every SQL statement of delivery alerts and the inbox. */

/** Orders whose lines are promised to someone: alerts are about these ("shipped": D-term lines still on their way). */
const ALERTED_STATUSES = ['confirmed', 'in_production', 'partially_shipped', 'shipped'];

export interface AlertableLineRow {
  id: string;
  order_id: string;
  line_no: number;
  sku: string;
  site_code: string;
  quantity: string | number;
  shipped_qty: string | number | null;
  /** The ship date; the promise under an arrival basis is this plus transit_days. */
  confirmed_date: string | null;
  transit_days: number | string | null;
  promised_by: string | null;
  open: boolean | number;
  slipped_at: string | null;
  slip_chosen_at: string | null;
  slip_reason: string | null;
  account_id: string;
  number: string;
}

/**
 * Lines that may be due an alert: open lines, and lines promised on arrival that have shipped in
 * full (closed for ATP, but not delivered until they arrive), dated up to `horizon` (a ship date;
 * overdue ones included) or slipped. Lines promised further out cannot be due anything yet, so
 * most lines are never read.
 */
export async function findAlertableLines(db: Knex, horizon: string): Promise<AlertableLineRow[]> {
  return db('order_lines as l')
    .join('orders as o', 'o.id', 'l.order_id')
    .whereIn('o.status', ALERTED_STATUSES)
    .where((w) =>
      w
        .where('l.open', true)
        .orWhere((a) =>
          a.where('l.promised_by', 'arrival').where('l.shipped_qty', '>=', db.ref('l.quantity')),
        ),
    )
    .where((w) => w.where('l.confirmed_date', '<=', horizon).orWhereNotNull('l.slipped_at'))
    .select(
      'l.id',
      'l.order_id',
      'l.line_no',
      'l.sku',
      'l.site_code',
      'l.quantity',
      'l.shipped_qty',
      'l.confirmed_date',
      'l.transit_days',
      'l.promised_by',
      'l.open',
      'l.slipped_at',
      'l.slip_chosen_at',
      'l.slip_reason',
      'o.account_id',
      'o.number',
    );
}

/** What the ERP's shipments say has been delivered of these orders' lines, by order number and line. */
export async function findDeliveredQuantities(
  db: Knex,
  orderNumbers: string[],
): Promise<Array<{ order_ref: string; order_line_no: number | string; delivered: string | number }>> {
  const out: Array<{ order_ref: string; order_line_no: number | string; delivered: string | number }> = [];
  for (const part of chunks(orderNumbers, 1000))
    out.push(
      ...(await db('erp_shipments')
        .whereIn('order_ref', part)
        .whereNotNull('delivered_date')
        .groupBy('order_ref', 'order_line_no')
        .select('order_ref', 'order_line_no', db.raw('sum(??) as ??', ['quantity', 'delivered']))),
    );
  return out;
}

/** Of these keys, the ones already claimed (so the job claims only the rest). */
export async function findClaimedKeys(db: Knex, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(keys, 1000)) {
    const rows: Array<{ alert_key: string }> = await db('delivery_alerts')
      .whereIn('alert_key', part)
      .select('alert_key');
    for (const r of rows) found.add(r.alert_key);
  }
  return found;
}

export interface AlertRow {
  id: string;
  alert_key: string;
  kind: string;
  account_id: string;
  order_id: string;
  order_line_id: string;
  line_no: number;
  promised_date: string | null;
  days: number;
  reason: string | null;
  customer_visible: boolean | number;
  created_at: string;
}

const ALERT_COLUMNS = [
  'id',
  'alert_key',
  'kind',
  'account_id',
  'order_id',
  'order_line_id',
  'line_no',
  'promised_date',
  'days',
  'reason',
  'customer_visible',
  'created_at',
] as const;

/**
 * Claims an alert with a conditional insert: the row goes in only while no row has its key. True
 * when this call's row is the one stored. Two racing claims that both pass the NOT EXISTS meet the
 * unique index: the loser's statement fails and its transaction rolls back, sending nothing.
 */
export async function claimAlert(trx: Knex, row: AlertRow): Promise<boolean> {
  // Booleans as 1/0: better-sqlite3 binds no booleans, and PostgreSQL reads '1' as true.
  const values = ALERT_COLUMNS.map((c) => (typeof row[c] === 'boolean' ? Number(row[c]) : row[c]));
  await trx.raw(
    `insert into ?? (${ALERT_COLUMNS.map(() => '??').join(', ')}) select ${ALERT_COLUMNS.map(() => '?').join(', ')} where not exists (select 1 from ?? where ?? = ?)`,
    ['delivery_alerts', ...ALERT_COLUMNS, ...values, 'delivery_alerts', 'alert_key', row.alert_key],
  );
  const stored: { id: string } | undefined = await trx('delivery_alerts')
    .where('alert_key', row.alert_key)
    .first('id');
  return stored?.id === row.id;
}

export async function findAlert(db: Knex, id: string): Promise<AlertRow | undefined> {
  return db<AlertRow>('delivery_alerts').where('id', id).first();
}

export interface RecipientRow {
  id: string;
  email: string;
  role: string;
  account_id: string | null;
  /** For account managers: the account whose manager they are. */
  managed_account_id: string | null;
}

/** The active users of these accounts: their customer users, and each account's manager by the ERP's e-mail. */
export async function findRecipients(db: Knex, accountIds: string[]): Promise<RecipientRow[]> {
  if (!accountIds.length) return [];
  const out: RecipientRow[] = [];
  for (const part of chunks(accountIds, 1000)) {
    out.push(
      ...(await db('users')
        .where({ role: 'customer', active: true })
        .whereIn('account_id', part)
        .select('id', 'email', 'role', 'account_id', db.raw('null as ??', ['managed_account_id']))),
      ...(await db('users as u')
        // Users' e-mails are stored in lower case; the ERP's account_manager_email may be in any case.
        .joinRaw('join ?? on lower(??) = ??', ['accounts as a', 'a.account_manager_email', 'u.email'])
        .where('u.active', true)
        .whereIn('u.role', ['account_manager', 'admin'])
        .whereIn('a.id', part)
        .select('u.id', 'u.email', 'u.role', 'u.account_id', 'a.id as managed_account_id')),
    );
  }
  return out;
}

export interface InboxRow {
  id: string;
  user_id: string;
  alert_id: string | null;
  kind: string;
  subject: string;
  link: string;
  order_id: string | null;
  line_no: number | null;
  created_at: string;
  read_at: string | null;
}

export async function insertInboxItems(trx: Knex, rows: InboxRow[]): Promise<void> {
  for (const part of chunks(rows, 100)) await trx('inbox_items').insert(part);
}

/** A user's inbox, newest first, by keyset (created_at, id). */
export async function listInbox(
  db: Knex,
  userId: string,
  limit: number,
  after: [string, string] | null,
  unreadOnly: boolean,
): Promise<InboxRow[]> {
  const q = db<InboxRow>('inbox_items').where('user_id', userId);
  if (unreadOnly) q.whereNull('read_at');
  if (after)
    q.where((w) =>
      w
        .where('created_at', '<', after[0])
        .orWhere((x) => x.where('created_at', after[0]).andWhere('id', '<', after[1])),
    );
  return q
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit + 1);
}

export async function countUnread(db: Knex, userId: string): Promise<number> {
  const row = (await db('inbox_items')
    .where('user_id', userId)
    .whereNull('read_at')
    .count({ n: '*' })
    .first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}

/** Marks one of the user's items read; the first reading time stays. */
export async function markRead(
  db: Knex,
  userId: string,
  id: string,
  now: string,
): Promise<InboxRow | undefined> {
  await db('inbox_items').where({ id, user_id: userId }).whereNull('read_at').update({ read_at: now });
  return db<InboxRow>('inbox_items').where({ id, user_id: userId }).first();
}

/** Marks every unread item created before `before` read, for all users; the count marked. */
export async function markReadBefore(db: Knex, before: string, now: string): Promise<number> {
  return db('inbox_items').whereNull('read_at').where('created_at', '<', before).update({ read_at: now });
}

export interface AlertMailRow extends AlertRow {
  number: string;
  sku: string;
  account_name: string;
}

/** The alert with what its e-mail names: the order's number, the line's sku, the account. */
export async function findAlertForMail(db: Knex, id: string): Promise<AlertMailRow | undefined> {
  return db('delivery_alerts as d')
    .join('orders as o', 'o.id', 'd.order_id')
    .join('order_lines as l', 'l.id', 'd.order_line_id')
    .join('accounts as a', 'a.id', 'd.account_id')
    .where('d.id', id)
    .first('d.*', 'o.number', 'l.sku', 'a.name as account_name');
}
