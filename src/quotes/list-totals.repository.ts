import type { Knex } from 'knex';

/**
 * The totals a list of quotes shows: per quote, its latest revision's, or with `sentOnly` its latest
 * sent revision's (a customer never sees the total of a draft it was not sent).
 */
export async function findListTotals(
  db: Knex,
  quoteIds: string[],
  sentOnly: boolean,
): Promise<Map<string, number>> {
  if (!quoteIds.length) return new Map();
  const q = db('quote_revisions').whereIn('quote_id', quoteIds).select('quote_id', 'revision', 'total');
  if (sentOnly) q.whereNotNull('sent_at');
  const rows = (await q.orderBy(['quote_id', 'revision'])) as Array<{
    quote_id: string;
    revision: number | string;
    total: number | string;
  }>;
  // Ordered by revision: the last row of each quote wins.
  return new Map(rows.map((r) => [r.quote_id, Number(r.total)]));
}
