import type { Knex } from 'knex';

/**
 * Reads of the quote, order and account a notification is about, and the mail log. The log row
 * is the notification's claim: whoever inserts its dedupe key (or re-claims a failed one) sends;
 * everyone else, a redelivered job above all, finds it and sends nothing.
 */
type Num = string | number;

export type MailStatus = 'sending' | 'sent' | 'written' | 'failed' | 'skipped';

export interface MailLogRow {
  id: string;
  dedupe_key: string;
  kind: string;
  recipients: string;
  subject: string;
  status: MailStatus;
  transport: string;
  location: string | null;
  error: string | null;
  created_at: string;
  /** The process sending it while 'sending', and since when. */
  holder_pid: number | null;
  holder_host: string | null;
  claimed_at: string | null;
}

export type MailClaim = Pick<
  MailLogRow,
  'recipients' | 'subject' | 'transport' | 'holder_pid' | 'holder_host' | 'claimed_at'
>;

export interface QuoteMailRow {
  id: string;
  number: string;
  account_id: string;
  account_name: string;
  currency: string;
  revision: number;
  revision_id: string;
  valid_until: string;
  payment_terms: string | null;
  incoterm: string | null;
  incoterm_place: string | null;
  terms_note: string | null;
  total: Num;
  sent_at: string | null;
  /** The quote's own account manager, while that user is active. */
  manager_email: string | null;
  account_manager_email: string | null;
}

export interface QuoteMailLineRow {
  line_no: number;
  sku: string | null;
  description: string | null;
  quantity: Num;
  net_price: Num;
  line_total: Num;
  quoted_date: string | null;
}

export interface OrderMailRow {
  id: string;
  number: string;
  account_id: string;
  account_name: string;
  customer_po: string | null;
  status: string;
  account_manager_email: string | null;
}

export interface OrderMailLineRow {
  line_no: number;
  /** null for a non-catalog line of an accepted quote (order_custom_lines). */
  sku: string | null;
  description: string | null;
  quantity: Num;
  /** The confirmed date of a catalog line, the promised date of a custom one. */
  confirmed_date: string | null;
}

export async function findQuoteForMail(
  db: Knex,
  quoteId: string,
  revision: number,
): Promise<QuoteMailRow | undefined> {
  return db('quotes as q')
    .join('quote_revisions as r', 'r.quote_id', 'q.id')
    .join('accounts as a', 'a.id', 'q.account_id')
    .leftJoin('users as m', (j) => j.on('m.id', 'q.account_manager_id').andOnVal('m.active', true))
    .where('q.id', quoteId)
    .andWhere('r.revision', revision)
    .first(
      'q.id',
      'q.number',
      'q.account_id',
      'a.name as account_name',
      'q.currency',
      'r.revision',
      'r.id as revision_id',
      'r.valid_until',
      'r.payment_terms',
      'r.incoterm',
      'r.incoterm_place',
      'r.terms_note',
      'r.total',
      'r.sent_at',
      'm.email as manager_email',
      'a.account_manager_email',
    );
}

export async function findQuoteLinesForMail(db: Knex, revisionId: string): Promise<QuoteMailLineRow[]> {
  return db('quote_lines')
    .where('revision_id', revisionId)
    .orderBy('line_no')
    .select('line_no', 'sku', 'description', 'quantity', 'net_price', 'line_total', 'quoted_date');
}

export async function findOrderForMail(db: Knex, orderId: string): Promise<OrderMailRow | undefined> {
  return db('orders as o')
    .join('accounts as a', 'a.id', 'o.account_id')
    .where('o.id', orderId)
    .first(
      'o.id',
      'o.number',
      'o.account_id',
      'a.name as account_name',
      'o.customer_po',
      'o.status',
      'a.account_manager_email',
    );
}

/** Catalog lines, then the custom lines an accepted quote brought, each in line order. */
export async function findOrderLinesForMail(db: Knex, orderId: string): Promise<OrderMailLineRow[]> {
  const catalog: OrderMailLineRow[] = await db('order_lines as l')
    .leftJoin('items as i', 'i.sku', 'l.sku')
    .where('l.order_id', orderId)
    .orderBy('l.line_no')
    .select('l.line_no', 'l.sku', 'i.description', 'l.quantity', 'l.confirmed_date');
  const custom: Array<Omit<OrderMailLineRow, 'sku'>> = await db('order_custom_lines')
    .where('order_id', orderId)
    .orderBy('line_no')
    .select('line_no', 'description', 'quantity', 'promised_date as confirmed_date');
  return [...catalog, ...custom.map((line) => ({ ...line, sku: null }))];
}

/** The e-mail addresses of the account's active customer-portal users. */
export async function findPortalEmails(db: Knex, accountId: string): Promise<string[]> {
  const rows: Array<{ email: string }> = await db('users')
    .where({ account_id: accountId, role: 'customer', active: true })
    .orderBy('email')
    .select('email');
  return rows.map((r) => r.email);
}

/**
 * Claims a notification by inserting its log row. False when the dedupe key is already taken:
 * another delivery owns it or has finished it. Must not run inside a transaction (PostgreSQL
 * aborts a transaction on the unique violation this expects).
 */
export async function insertMailClaim(db: Knex, row: MailLogRow): Promise<boolean> {
  try {
    await db('mail_log').insert(row);
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** A retry re-claims the row its failed attempt left; only one of racing retries gets it. */
export async function reclaimFailedMail(db: Knex, dedupeKey: string, patch: MailClaim): Promise<boolean> {
  const changed = await db('mail_log')
    .where({ dedupe_key: dedupeKey, status: 'failed' })
    .update({ ...patch, status: 'sending', error: null, location: null });
  return changed === 1;
}

/**
 * The job's next delivery re-claims a row left 'sending' by a process that died mid-send; the
 * claim time it saw makes the update conditional, so of two such deliveries one sends.
 */
export async function reclaimDeadMail(
  db: Knex,
  dedupeKey: string,
  seenClaimedAt: string | null,
  patch: MailClaim,
): Promise<boolean> {
  const changed = await db('mail_log')
    .where({ dedupe_key: dedupeKey, status: 'sending' })
    .andWhere((w) =>
      seenClaimedAt === null ? w.whereNull('claimed_at') : w.where('claimed_at', seenClaimedAt),
    )
    .update({ ...patch, error: null, location: null });
  return changed === 1;
}

/** Ends a claim: sent, written to the outbox, or failed with the transport's error. */
export async function finishMail(
  db: Knex,
  dedupeKey: string,
  outcome: Pick<MailLogRow, 'status' | 'location' | 'error'>,
): Promise<void> {
  await db('mail_log').where({ dedupe_key: dedupeKey, status: 'sending' }).update(outcome);
}

export async function findMailLog(db: Knex, dedupeKey: string): Promise<MailLogRow | undefined> {
  return db<MailLogRow>('mail_log').where({ dedupe_key: dedupeKey }).first();
}

/** SQLite (better-sqlite3), PostgreSQL (23505) and SQL Server (2627 constraint, 2601 index). */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; number?: unknown } | null;
  return (
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === '23505' || e?.number === 2627 || e?.number === 2601
  );
}

/** Active staff of a role (account managers, admins), by address. */
export async function findActiveStaffEmails(db: Knex, role: string): Promise<string[]> {
  const rows = await db('users').where({ role, active: true }).orderBy('email').select('email');
  return rows.map((r: { email: string }) => r.email);
}

export interface RequestStaffMailRow {
  id: string;
  number: string;
  account_name: string;
  notes: string | null;
  /** The assignee's address while that user is active; null when nobody (active) is assigned. */
  assignee_email: string | null;
}

export async function findRequestForStaffMail(
  db: Knex,
  id: string,
): Promise<RequestStaffMailRow | undefined> {
  return db('quote_requests as r')
    .join('accounts as a', 'a.id', 'r.account_id')
    .leftJoin('users as u', (j) => j.on('u.id', 'r.assigned_to').andOnVal('u.active', true))
    .where('r.id', id)
    .first('r.id', 'r.number', 'a.name as account_name', 'r.notes', 'u.email as assignee_email');
}

export interface QuoteStaffMailRow {
  id: string;
  number: string;
  account_name: string;
  status: string;
  /** The quote's own account manager while active, else the account's manager from the ERP. */
  manager_email: string | null;
  account_manager_email: string | null;
}

export async function findQuoteForStaffMail(
  db: Knex,
  quoteId: string,
): Promise<QuoteStaffMailRow | undefined> {
  return db('quotes as q')
    .join('accounts as a', 'a.id', 'q.account_id')
    .leftJoin('users as u', (j) => j.on('u.id', 'q.account_manager_id').andOnVal('u.active', true))
    .where('q.id', quoteId)
    .first(
      'q.id',
      'q.number',
      'a.name as account_name',
      'q.status',
      'u.email as manager_email',
      'a.account_manager_email',
    );
}

/** The active users with these addresses (any case), for their inboxes. */
export async function findActiveUserIds(db: Knex, emails: readonly string[]): Promise<string[]> {
  if (emails.length === 0) return [];
  const rows = await db('users')
    .where('active', true)
    // knex takes a raw column here at run time; its types only admit a name.
    .whereIn(
      db.raw('lower(??)', ['email']) as unknown as string,
      emails.map((e) => e.toLowerCase()),
    )
    .select('id');
  return rows.map((r: { id: string }) => r.id);
}
