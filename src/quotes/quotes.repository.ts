import type { Knex } from 'knex';
import { chunks, rowsPerInsert } from '../shared/db/chunks';
import { AccountScope, scopeToAccount } from '../shared/http/actor';

type Num = string | number;

export interface QuoteRow {
  id: string;
  number: string;
  account_id: string;
  quote_request_id: string | null;
  status: string;
  revision: number;
  currency: string;
  valid_until: string;
  account_manager_id: string | null;
  created_by: string | null;
  order_id: string | null;
  accepted_revision: number | null;
  created_at: string;
  updated_at: string;
}

export interface RevisionRow {
  id: string;
  quote_id: string;
  revision: number;
  status: string;
  reason: string | null;
  valid_until: string;
  payment_terms: string | null;
  incoterm: string | null;
  incoterm_place: string | null;
  ship_complete: boolean | number;
  terms_note: string | null;
  total: Num;
  max_discount_pct: Num;
  approved_by: string | null;
  approved_at: string | null;
  approved_discount_pct: Num | null;
  sent_by: string | null;
  sent_at: string | null;
  created_by: string | null;
  created_at: string;
}

export interface QuoteLineRow {
  id: string;
  revision_id: string;
  line_no: number;
  sku: string | null;
  description: string | null;
  site_code: string | null;
  quantity: Num;
  requested_date: string;
  reference_price: Num | null;
  price_source: string;
  unit_price: Num;
  discount_pct: Num;
  net_price: Num;
  line_total: Num;
  quoted_date: string | null;
  date_source: string;
  lead_time_days: number | null;
  /** Dates by Incoterm (orders' delivery-dates.ts): quoted_date is the ship date, these say the rest. */
  transit_days?: number | null;
  promised_by?: string;
  date_note?: string | null;
}

export interface QuoteEventRow {
  quote_id: string;
  revision: number;
  kind: string;
  actor_id: string | null;
  at: string;
  reason: string | null;
  detail: string | null;
}

export async function insertQuote(trx: Knex, row: QuoteRow): Promise<void> {
  await trx('quotes').insert(row);
}

export async function insertRevision(trx: Knex, row: RevisionRow): Promise<void> {
  await trx('quote_revisions').insert(row);
}

export async function insertLines(trx: Knex, rows: QuoteLineRow[]): Promise<void> {
  for (const c of chunks(rows, rowsPerInsert(17))) await trx('quote_lines').insert(c);
}

export async function deleteLines(trx: Knex, revisionId: string): Promise<void> {
  await trx('quote_lines').where({ revision_id: revisionId }).delete();
}

export async function insertEvent(trx: Knex, row: QuoteEventRow): Promise<void> {
  await trx('quote_events').insert(row);
}

/** A customer finds only its own account's quotes, and only those it has been sent. */
export async function findQuote(db: Knex, scope: AccountScope, id: string): Promise<QuoteRow | undefined> {
  const q = scopeToAccount(db('quotes').where('quotes.id', id), scope, 'quotes.account_id');
  if (scope.kind === 'account')
    q.whereExists((s) =>
      s
        .select(db.raw('1'))
        .from('quote_revisions')
        .whereRaw('?? = ??', ['quote_revisions.quote_id', 'quotes.id'])
        .whereNotNull('quote_revisions.sent_at'),
    );
  return (await q.first('quotes.*')) as QuoteRow | undefined;
}

/**
 * Takes the quote's row lock (an update, so it is a write lock on every dialect and, on SQLite,
 * makes this transaction the writer) and returns the row as the lock holder sees it.
 */
export async function lockQuote(trx: Knex, id: string, now: string): Promise<QuoteRow | undefined> {
  const n = await trx('quotes').where({ id }).update({ updated_at: now });
  if (n !== 1) return undefined;
  return (await trx('quotes').where({ id }).first()) as QuoteRow | undefined;
}

/** The people and references a quote's documents name. */
export async function findQuoteRefs(
  db: Knex,
  id: string,
): Promise<{ account_manager_id: string | null; request_number: string | null } | undefined> {
  return (await db('quotes')
    .leftJoin('quote_requests', 'quote_requests.id', 'quotes.quote_request_id')
    .where('quotes.id', id)
    .first('quotes.account_manager_id', 'quote_requests.number as request_number')) as
    | { account_manager_id: string | null; request_number: string | null }
    | undefined;
}

export async function updateQuote(trx: Knex, id: string, patch: Partial<QuoteRow>): Promise<void> {
  await trx('quotes').where({ id }).update(patch);
}

export async function updateRevision(trx: Knex, id: string, patch: Partial<RevisionRow>): Promise<void> {
  await trx('quote_revisions').where({ id }).update(patch);
}

export async function findRevision(
  db: Knex,
  quoteId: string,
  revision: number,
): Promise<RevisionRow | undefined> {
  return (await db('quote_revisions').where({ quote_id: quoteId, revision }).first()) as
    | RevisionRow
    | undefined;
}

export async function findRevisions(db: Knex, quoteId: string): Promise<RevisionRow[]> {
  return (await db('quote_revisions').where({ quote_id: quoteId }).orderBy('revision')) as RevisionRow[];
}

export async function findLines(db: Knex, revisionId: string): Promise<QuoteLineRow[]> {
  return (await db('quote_lines').where({ revision_id: revisionId }).orderBy('line_no')) as QuoteLineRow[];
}

export async function findEvents(db: Knex, quoteId: string): Promise<Array<QuoteEventRow & { id: Num }>> {
  return (await db('quote_events').where({ quote_id: quoteId }).orderBy('id')) as Array<
    QuoteEventRow & { id: Num }
  >;
}

export async function listQuotes(
  db: Knex,
  scope: AccountScope,
  filter: { accountId?: string; status?: string },
  limit: number,
  after: string[] | null,
): Promise<QuoteRow[]> {
  const q = scopeToAccount(db('quotes'), scope, 'quotes.account_id');
  if (scope.kind === 'account')
    q.whereExists((s) =>
      s
        .select(db.raw('1'))
        .from('quote_revisions')
        .whereRaw('?? = ??', ['quote_revisions.quote_id', 'quotes.id'])
        .whereNotNull('quote_revisions.sent_at'),
    );
  if (filter.accountId) q.where('quotes.account_id', filter.accountId);
  if (filter.status) q.where('quotes.status', filter.status);
  if (after)
    q.where((w) =>
      w
        .where('quotes.created_at', '<', after[0]!)
        .orWhere((x) => x.where('quotes.created_at', after[0]!).where('quotes.id', '<', after[1]!)),
    );
  return (await q
    .orderBy([
      { column: 'quotes.created_at', order: 'desc' },
      { column: 'quotes.id', order: 'desc' },
    ])
    .limit(limit + 1)
    .select('quotes.*')) as QuoteRow[];
}

/** Sent quotes whose validity ended before `today`: the nightly expiry marks them. */
export async function findExpiredSent(
  db: Knex,
  today: string,
  limit: number,
): Promise<Array<Pick<QuoteRow, 'id' | 'revision'>>> {
  return (await db('quotes')
    .where('status', 'sent')
    .where('valid_until', '<', today)
    .orderBy('id')
    .limit(limit)
    .select('id', 'revision')) as Array<Pick<QuoteRow, 'id' | 'revision'>>;
}

/** Only from `sent`, so an acceptance that won the race is never turned into an expiry. */
export async function expireQuote(trx: Knex, id: string, revision: number, now: string): Promise<boolean> {
  const n = await trx('quotes')
    .where({ id, status: 'sent', revision })
    .update({ status: 'expired', updated_at: now });
  if (n === 1) await trx('quote_revisions').where({ quote_id: id, revision }).update({ status: 'expired' });
  return n === 1;
}

export interface ExportLineRow {
  quote_id: string;
  number: string;
  revision: number;
  status: string;
  account_name: string;
  erp_customer_id: string | null;
  valid_until: string;
  currency: string;
  line_no: number;
  sku: string | null;
  description: string | null;
  quantity: Num;
  unit_price: Num;
  discount_pct: Num;
  net_price: Num;
  line_total: Num;
  quoted_date: string | null;
}

/** The current revisions' lines, by quote number then line, in pages after (number, line_no). */
export async function pageExportLines(
  db: Knex,
  scope: AccountScope,
  filter: { accountId?: string; status?: string },
  after: [string, number] | null,
  limit: number,
): Promise<ExportLineRow[]> {
  const q = scopeToAccount(
    db('quotes')
      .join('quote_revisions', (j) =>
        j.on('quote_revisions.quote_id', 'quotes.id').andOn('quote_revisions.revision', 'quotes.revision'),
      )
      .join('quote_lines', 'quote_lines.revision_id', 'quote_revisions.id')
      .join('accounts', 'accounts.id', 'quotes.account_id'),
    scope,
    'quotes.account_id',
  );
  if (scope.kind === 'account') q.whereNotIn('quotes.status', ['draft', 'pending_approval']);
  if (filter.accountId) q.where('quotes.account_id', filter.accountId);
  if (filter.status) q.where('quotes.status', filter.status);
  if (after)
    q.where((w) =>
      w
        .where('quotes.number', '>', after[0])
        .orWhere((x) => x.where('quotes.number', after[0]).where('quote_lines.line_no', '>', after[1])),
    );
  return (await q
    .orderBy([{ column: 'quotes.number' }, { column: 'quote_lines.line_no' }])
    .limit(limit)
    .select(
      'quotes.id as quote_id',
      'quotes.number',
      'quotes.revision',
      'quotes.status',
      'accounts.name as account_name',
      'accounts.erp_customer_id',
      'quote_revisions.valid_until',
      'quotes.currency',
      'quote_lines.line_no',
      'quote_lines.sku',
      'quote_lines.description',
      'quote_lines.quantity',
      'quote_lines.unit_price',
      'quote_lines.discount_pct',
      'quote_lines.net_price',
      'quote_lines.line_total',
      'quote_lines.quoted_date',
    )) as ExportLineRow[];
}
