import type { Knex } from 'knex';
import { type AccountScope, scopeToAccount } from '../shared/http/actor';

/** Every SQL statement over the cases domain's tables (cases, case_events, sla_targets). */

export interface CaseRow {
  id: string;
  number: string;
  account_id: string;
  type: string;
  subject: string;
  description: string;
  order_id: string | null;
  line_no: number | null;
  serial_or_batch: string | null;
  severity: string;
  priority: string;
  channel: string;
  status: string;
  assignee_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  first_response_at: string | null;
  fr_target_minutes: number;
  fr_paused_ms: number | string;
  fr_paused_since: string | null;
  fr_stopped_at: string | null;
  fr_due: string;
  fr_breached_at: string | null;
  res_target_minutes: number;
  res_paused_ms: number | string;
  res_paused_since: string | null;
  res_stopped_at: string | null;
  res_due: string;
  res_breached_at: string | null;
  /** The nearest due of a clock still counting; NO_DUE when none is, so it sorts last on every database. */
  sla_next_due: string;
  /** The nearest instant a clock still counting enters its warning (migration 027); the warning sweep's index. */
  sla_warn_at?: string;
  /** When each clock's warning was sent: once (migration 027). */
  fr_warned_at?: string | null;
  res_warned_at?: string | null;
  breached: boolean | number;
  warranty_applies: boolean | number | null;
  warranty_until: string | null;
  warranty_reason: string | null;
}

/** Sorts after every real timestamp as text: the queue's "no due time" without NULLS LAST (SQL Server has none). */
export const NO_DUE = '9999-12-31T23:59:59.999Z';

export async function insertCase(trx: Knex, row: CaseRow): Promise<void> {
  await trx('cases').insert(row);
}

export async function findCase(db: Knex, scope: AccountScope, id: string): Promise<CaseRow | undefined> {
  return scopeToAccount(db('cases').where('id', id), scope).first();
}

/**
 * The case's row under its lock, so messages, status changes, RMAs and the sweep on one case
 * serialize: the lock is a write (the row's updated_at set to itself), a row lock on PostgreSQL
 * and SQL Server and on SQLite the write that makes this transaction the one writer before it reads.
 */
export async function lockCase(trx: Knex, scope: AccountScope, id: string): Promise<CaseRow | undefined> {
  const locked = await scopeToAccount(trx('cases').where('id', id), scope).update({
    updated_at: trx.ref('updated_at'),
  });
  if (!locked) return undefined;
  return trx('cases').where('id', id).first();
}

export type CasePatch = Partial<Omit<CaseRow, 'id' | 'number' | 'account_id' | 'created_at'>>;

export async function updateCase(trx: Knex, id: string, patch: CasePatch): Promise<void> {
  await trx('cases').where('id', id).update(patch);
}

/** Records a breach once: the conditional update is the claim, so a second sweep or a racing request writes nothing. */
export async function markBreached(trx: Knex, id: string, clock: 'fr' | 'res', at: string): Promise<boolean> {
  const n = await trx('cases')
    .where('id', id)
    .whereNull(`${clock}_breached_at`)
    .update({ [`${clock}_breached_at`]: at, breached: true });
  return n > 0;
}

export interface QueueFilter {
  status?: string;
  type?: string;
  accountId?: string;
  /** A user id, or null for the unassigned. */
  assignee?: string | null;
  breached?: boolean;
}

/** The queue: priority, then the nearest due time, then id; keyset after the last row's key. */
export async function listQueue(
  db: Knex,
  scope: AccountScope,
  filter: QueueFilter,
  after: [string, string, string] | null,
  limit: number,
): Promise<CaseRow[]> {
  const q = scopeToAccount(db('cases'), scope);
  if (filter.status) q.where('status', filter.status);
  if (filter.type) q.where('type', filter.type);
  if (filter.accountId) q.where('account_id', filter.accountId);
  if (filter.assignee === null) q.whereNull('assignee_id');
  else if (filter.assignee !== undefined) q.where('assignee_id', filter.assignee);
  if (filter.breached !== undefined) q.where('breached', filter.breached);
  if (after) {
    const [p, due, id] = after;
    q.where((w) =>
      w
        .where('priority', '>', p)
        .orWhere((x) => x.where('priority', p).where('sla_next_due', '>', due))
        .orWhere((x) => x.where('priority', p).where('sla_next_due', due).where('id', '>', id)),
    );
  }
  return q.orderBy([{ column: 'priority' }, { column: 'sla_next_due' }, { column: 'id' }]).limit(limit);
}

/** Cases with a clock still counting whose stored due has passed: the breach sweep's candidates. */
export async function findDueCases(
  db: Knex,
  now: string,
  after: string | null,
  limit: number,
): Promise<CaseRow[]> {
  const q = db('cases').where('sla_next_due', '<=', now).whereNot('status', 'closed');
  if (after) q.where('id', '>', after);
  return q.orderBy('id').limit(limit);
}

/** Cases in new or open with a clock not yet warned whose warning instant has come: the warning sweep's candidates. */
export async function findWarnCandidates(
  db: Knex,
  now: string,
  after: string | null,
  limit: number,
): Promise<Array<{ id: string }>> {
  const q = db('cases')
    .where('sla_warn_at', '<=', now)
    .whereIn('status', ['new', 'open'])
    .where((w) => w.whereNull('fr_warned_at').orWhereNull('res_warned_at'));
  if (after) q.where('id', '>', after);
  return q.orderBy('id').limit(limit).select('id');
}

/** The cases of one assignee in the given statuses, in id order (the order their locks are taken in). */
export async function findAssignedCaseIds(
  db: Knex,
  assigneeId: string,
  statuses: string[],
): Promise<string[]> {
  return db('cases').where('assignee_id', assigneeId).whereIn('status', statuses).orderBy('id').pluck('id');
}

/** Claims a clock's warning once: the conditional update is the claim. */
export async function markWarned(trx: Knex, id: string, clock: 'fr' | 'res', at: string): Promise<boolean> {
  const n = await trx('cases')
    .where('id', id)
    .whereNull(`${clock}_warned_at`)
    .update({ [`${clock}_warned_at`]: at });
  return n > 0;
}

// ---------------------------------------------------------------------------------------------
// The timeline

export interface CaseEventRow {
  case_id: string;
  seq: number;
  at: string;
  kind: string;
  actor_id: string | null;
  internal: boolean | number;
  body: string | null;
  from_value: string | null;
  to_value: string | null;
  detail: string | null;
  /** How a message came (email, phone, portal, api); null for entries that are no messages. */
  channel?: string | null;
}

/** Appends to a case's timeline; the caller holds the case's lock, so the next seq is its own. */
export async function appendEvent(trx: Knex, event: Omit<CaseEventRow, 'seq'>): Promise<void> {
  const row = (await trx('case_events').where('case_id', event.case_id).max({ seq: 'seq' }).first()) as
    | { seq: number | string | null }
    | undefined;
  await trx('case_events').insert({ ...event, seq: Number(row?.seq ?? 0) + 1 });
}

export async function findEvents(db: Knex, caseId: string, withInternal: boolean): Promise<CaseEventRow[]> {
  const q = db('case_events').where('case_id', caseId);
  if (!withInternal) q.where('internal', false);
  return q.orderBy([{ column: 'at' }, { column: 'seq' }]);
}

// ---------------------------------------------------------------------------------------------
// SLA targets

export interface SlaTargetRow {
  priority: string;
  first_response_minutes: number;
  resolution_minutes: number;
  updated_at: string;
  updated_by: string | null;
}

export async function findSlaTargets(db: Knex): Promise<SlaTargetRow[]> {
  return db('sla_targets').orderBy('priority');
}

export async function updateSlaTarget(trx: Knex, row: SlaTargetRow): Promise<void> {
  const { priority, ...rest } = row;
  await trx('sla_targets').where({ priority }).update(rest);
}

// ---------------------------------------------------------------------------------------------
// What a case reads of other domains' tables (read-only)

export interface CaseLineRow {
  order_id: string;
  account_id: string;
  order_number: string;
  erp_customer_id: string | null;
  line_no: number;
  sku: string;
  shipped_qty: string | number;
  warranty_months: number | null;
  first_ship_date: string | null;
}

/**
 * An order line as a case sees it: its order's account, what shipped of it, when it first
 * shipped (the ERP's earliest shipment of that order number and line) and its item's warranty.
 */
export async function findCaseLine(
  db: Knex,
  orderId: string,
  lineNo: number,
): Promise<CaseLineRow | undefined> {
  const firstShip = db('erp_shipments as s')
    .whereRaw('?? = ??', ['s.order_ref', 'o.number'])
    .whereRaw('?? = ??', ['s.order_line_no', 'l.line_no'])
    .min('s.ship_date');
  return db('order_lines as l')
    .join('orders as o', 'o.id', 'l.order_id')
    .join('accounts as a', 'a.id', 'o.account_id')
    .leftJoin('items as i', 'i.sku', 'l.sku')
    .where('l.order_id', orderId)
    .where('l.line_no', lineNo)
    .first(
      'l.order_id',
      'o.account_id',
      'o.number as order_number',
      'a.erp_customer_id',
      'l.line_no',
      'l.sku',
      'l.shipped_qty',
      'i.warranty_months',
      firstShip.as('first_ship_date'),
    );
}

export async function orderBelongsTo(db: Knex, orderId: string, accountId: string): Promise<boolean> {
  return Boolean(await db('orders').where({ id: orderId, account_id: accountId }).first('id'));
}

/**
 * The account's ABC class when accounts carries a `class` column (metrics adds it later); until
 * then null. The whole row is read so the query names no column that may not exist yet.
 */
export async function accountClass(db: Knex, accountId: string): Promise<string | null> {
  const row = (await db('accounts').where('id', accountId).first()) as { class?: string | null } | undefined;
  return row?.class ?? null;
}

/** Everyone a case may be assigned to, by e-mail. */
export async function findStaffUsers(db: Knex): Promise<Array<{ id: string; email: string; role: string }>> {
  return db('users')
    .where('active', true)
    .whereIn('role', ['admin', 'account_manager', 'service'])
    .orderBy('email')
    .select('id', 'email', 'role');
}

export async function findStaffUser(
  db: Knex,
  userId: string,
): Promise<{ id: string; role: string } | undefined> {
  return db('users')
    .where({ id: userId, active: true })
    .whereIn('role', ['admin', 'account_manager', 'service'])
    .first('id', 'role');
}
