import type { Knex } from 'knex';
import { chunks, rowsPerInsert } from '../shared/db/chunks';
import { AccountScope, scopeToAccount } from '../shared/http/actor';

export interface QuoteRequestRow {
  id: string;
  number: string;
  account_id: string;
  status: string;
  assigned_to: string | null;
  notes: string | null;
  decline_reason: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface QuoteRequestLineRow {
  id: string;
  quote_request_id: string;
  line_no: number;
  sku: string | null;
  description: string | null;
  quantity: string | number;
  requested_date: string;
  notes: string | null;
}

export async function insertRequest(trx: Knex, row: QuoteRequestRow): Promise<void> {
  await trx('quote_requests').insert(row);
}

export async function insertRequestLines(trx: Knex, rows: QuoteRequestLineRow[]): Promise<void> {
  for (const c of chunks(rows, rowsPerInsert(8))) await trx('quote_request_lines').insert(c);
}

export async function findRequest(
  db: Knex,
  scope: AccountScope,
  id: string,
): Promise<QuoteRequestRow | undefined> {
  return (await scopeToAccount(db('quote_requests').where({ id }), scope).first()) as
    | QuoteRequestRow
    | undefined;
}

export async function findRequestLines(db: Knex, requestId: string): Promise<QuoteRequestLineRow[]> {
  return (await db('quote_request_lines')
    .where({ quote_request_id: requestId })
    .orderBy('line_no')) as QuoteRequestLineRow[];
}

export async function listRequests(
  db: Knex,
  scope: AccountScope,
  filter: { accountId?: string; status?: string; assignedTo?: string },
  limit: number,
  after: string[] | null,
): Promise<QuoteRequestRow[]> {
  const q = scopeToAccount(db('quote_requests'), scope);
  if (filter.accountId) q.where('account_id', filter.accountId);
  if (filter.status) q.where('status', filter.status);
  if (filter.assignedTo) q.where('assigned_to', filter.assignedTo);
  if (after)
    q.where((w) =>
      w
        .where('created_at', '<', after[0]!)
        .orWhere((x) => x.where('created_at', after[0]!).where('id', '<', after[1]!)),
    );
  return (await q
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit + 1)) as QuoteRequestRow[];
}

/** A status move only from the statuses the caller allows: of two racing moves, one wins. */
export async function moveRequest(
  trx: Knex,
  id: string,
  from: string[],
  patch: Partial<QuoteRequestRow> & { updated_at: string },
): Promise<boolean> {
  return (await trx('quote_requests').where({ id }).whereIn('status', from).update(patch)) === 1;
}

export async function assignRequest(db: Knex, id: string, userId: string, now: string): Promise<boolean> {
  return (await db('quote_requests').where({ id }).update({ assigned_to: userId, updated_at: now })) === 1;
}

/** Assigns an open request that nobody has; false when someone took it first (or it is no longer open). */
export async function takeUnassignedRequest(
  db: Knex,
  id: string,
  userId: string,
  now: string,
): Promise<boolean> {
  const n = await db('quote_requests')
    .where({ id, status: 'open' })
    .whereNull('assigned_to')
    .update({ assigned_to: userId, updated_at: now });
  return n === 1;
}

export async function findStaffUser(db: Knex, id: string): Promise<{ id: string } | undefined> {
  return (await db('users')
    .where({ id, active: true })
    .whereIn('role', ['account_manager', 'admin'])
    .first('id')) as { id: string } | undefined;
}

/** Who a request may be assigned to (findStaffUser's rule), for a choice in the pages. */
export async function listAssignableStaff(db: Knex): Promise<Array<{ id: string; email: string }>> {
  return (await db('users')
    .where({ active: true })
    .whereIn('role', ['account_manager', 'admin'])
    .orderBy('email')
    .limit(500)
    .select('id', 'email')) as Array<{ id: string; email: string }>;
}
