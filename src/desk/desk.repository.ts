import type { Knex } from 'knex';

/** Interactions and follow-ups: every SQL statement over the desk's own tables. */
export interface InteractionRow {
  id: string;
  account_id: string;
  kind: string;
  occurred_at: string;
  subject: string;
  note: string | null;
  people: string | null;
  quote_id: string | null;
  order_id: string | null;
  case_id: string | null;
  internal: boolean | number;
  source: string;
  created_by: string | null;
  created_at: string;
}

export interface FollowUpRow {
  id: string;
  owner_id: string;
  account_id: string;
  quote_id: string | null;
  order_id: string | null;
  case_id: string | null;
  subject: string;
  due_at: string;
  status: string;
  reminded_at: string | null;
  done_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A follow-up with its owner's address and its account's name, as lists show it. */
export interface FollowUpView extends FollowUpRow {
  owner_email: string;
  account_name: string;
}

export async function insertInteraction(db: Knex, row: InteractionRow): Promise<void> {
  await db('interactions').insert(row);
}

export async function listInteractions(
  db: Knex,
  accountId: string,
  opts: { includeInternal: boolean; limit: number },
): Promise<InteractionRow[]> {
  const q = db<InteractionRow>('interactions').where('account_id', accountId);
  if (!opts.includeInternal) q.where('internal', false);
  return q
    .orderBy([
      { column: 'occurred_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(opts.limit);
}

export async function insertFollowUp(db: Knex, row: FollowUpRow): Promise<void> {
  await db('follow_ups').insert(row);
}

const followUpView = (db: Knex) =>
  db('follow_ups as f')
    .join('users as u', 'u.id', 'f.owner_id')
    .join('accounts as a', 'a.id', 'f.account_id')
    .select('f.*', 'u.email as owner_email', 'a.name as account_name');

export async function findFollowUp(db: Knex, id: string): Promise<FollowUpView | undefined> {
  return followUpView(db).where('f.id', id).first();
}

export interface FollowUpFilter {
  ownerId?: string;
  accountId?: string;
  status?: string;
  /** Due at or after, and before (ISO instants). */
  from?: string;
  before?: string;
}

export async function listFollowUps(db: Knex, f: FollowUpFilter, limit: number): Promise<FollowUpView[]> {
  const q = followUpView(db);
  if (f.ownerId !== undefined) q.where('f.owner_id', f.ownerId);
  if (f.accountId !== undefined) q.where('f.account_id', f.accountId);
  if (f.status !== undefined) q.where('f.status', f.status);
  if (f.from !== undefined) q.where('f.due_at', '>=', f.from);
  if (f.before !== undefined) q.where('f.due_at', '<', f.before);
  return q
    .orderBy([
      { column: 'f.due_at', order: 'asc' },
      { column: 'f.id', order: 'asc' },
    ])
    .limit(limit);
}

/**
 * The owner's open follow-ups due strictly inside (after, before): the ones whose slot overlaps
 * a slot starting between those instants. ISO instants in one format compare as text.
 */
export async function findOpenFollowUpsBetween(
  db: Knex,
  ownerId: string,
  after: string,
  before: string,
  exceptId: string,
): Promise<FollowUpView[]> {
  return followUpView(db)
    .where('f.owner_id', ownerId)
    .where('f.status', 'open')
    .where('f.due_at', '>', after)
    .where('f.due_at', '<', before)
    .whereNot('f.id', exceptId)
    .orderBy([
      { column: 'f.due_at', order: 'asc' },
      { column: 'f.id', order: 'asc' },
    ]);
}

/** How many open follow-ups of the owner are due before the instant given. */
export async function countOpenFollowUpsDue(db: Knex, ownerId: string, before: string): Promise<number> {
  const row = await db('follow_ups')
    .where({ owner_id: ownerId, status: 'open' })
    .where('due_at', '<', before)
    .count({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

/** Marks an open follow-up done; false when it was not open (done already, or gone). */
export async function completeFollowUp(db: Knex, id: string, now: string): Promise<boolean> {
  const n = await db('follow_ups')
    .where({ id, status: 'open' })
    .update({ status: 'done', done_at: now, updated_at: now });
  return n === 1;
}

/** An active user who can own a follow-up: anyone of the manufacturer's staff. */
export async function findActiveStaffUser(
  db: Knex,
  id: string,
): Promise<{ id: string; email: string } | undefined> {
  return db('users').where({ id, active: true }).whereNot('role', 'customer').first('id', 'email');
}

/** Open follow-ups due by `now` whose reminder was not handled yet, oldest first. */
export async function findDueUnremindedFollowUps(
  db: Knex,
  now: string,
  limit: number,
): Promise<FollowUpView[]> {
  return followUpView(db)
    .where('f.status', 'open')
    .whereNull('f.reminded_at')
    .where('f.due_at', '<=', now)
    .orderBy([
      { column: 'f.due_at', order: 'asc' },
      { column: 'f.id', order: 'asc' },
    ])
    .limit(limit);
}

export async function markReminded(db: Knex, id: string, now: string): Promise<void> {
  await db('follow_ups').where('id', id).whereNull('reminded_at').update({ reminded_at: now });
}

const RECORD_TABLES = { quoteId: 'quotes', orderId: 'orders', caseId: 'cases' } as const;
export type RecordRef = keyof typeof RECORD_TABLES;

/** Whether the quote, order or case exists on that account. */
export async function recordOnAccount(
  db: Knex,
  ref: RecordRef,
  id: string,
  accountId: string,
): Promise<boolean> {
  const row = await db(RECORD_TABLES[ref]).where({ id, account_id: accountId }).first('id');
  return row !== undefined;
}
