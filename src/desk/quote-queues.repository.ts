import type { Knex } from 'knex';
import { byThenId } from './queue-order';

/**
 * The work queues' quotes: counter-offers to answer and quotes about to expire (the account
 * manager's), and quotes waiting for an admin's approval. Each row links to the quote's page.
 */
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

/** The user's sent quotes: its own, or on an account the ERP names the user manager of. */
const sentQuotesOf = (db: Knex, userId: string, email: string) =>
  db('quotes as q')
    .join('accounts as a', 'a.id', 'q.account_id')
    .where('q.status', 'sent')
    .where((w) => w.where('q.account_manager_id', userId).orWhere('a.account_manager_email', email))
    .select(quoteColumns);

/** Sent quotes of the user's whose current revision has a counter-offer to answer. */
export async function findCounterOffersFor(
  db: Knex,
  userId: string,
  email: string,
  limit: number,
): Promise<QueueQuoteRow[]> {
  return sentQuotesOf(db, userId, email)
    .whereExists((e) =>
      e
        .select(db.raw('1'))
        .from('quote_events as e')
        .where('e.quote_id', db.ref('q.id'))
        .where('e.revision', db.ref('q.revision'))
        .where('e.kind', 'counter_offer'),
    )
    .orderBy(byThenId('q.updated_at'))
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
  return sentQuotesOf(db, userId, email)
    .whereBetween('q.valid_until', [from, to])
    .orderBy(byThenId('q.valid_until'))
    .limit(limit);
}

/** Quotes waiting for an admin's approval, oldest first. */
export async function findPendingApprovals(db: Knex, limit: number): Promise<QueueQuoteRow[]> {
  return db('quotes as q')
    .join('accounts as a', 'a.id', 'q.account_id')
    .where('q.status', 'pending_approval')
    .select(quoteColumns)
    .orderBy(byThenId('q.updated_at'))
    .limit(limit);
}

export async function countPendingApprovals(db: Knex): Promise<number> {
  const row = await db('quotes').where('status', 'pending_approval').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}
