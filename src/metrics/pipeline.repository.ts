import type { Knex } from 'knex';

/** A catalog line of a quote's current (or accepted) revision, with what the forecast learns from. */
export interface ForecastQuoteLineRow {
  status: string;
  sent_at: string | null;
  quoted_date: string | null;
  discount_pct: string | number | null;
  line_total: string | number;
  family: string | null;
  class: string | null;
}

function quoteLines(db: Knex) {
  return db('quotes as q')
    .join('quote_revisions as r', (j) =>
      j
        .on('r.quote_id', 'q.id')
        .andOn('r.revision', db.raw('coalesce(??, ??)', ['q.accepted_revision', 'q.revision'])),
    )
    .join('quote_lines as ql', 'ql.revision_id', 'r.id')
    .leftJoin('items as i', 'i.sku', 'ql.sku')
    .leftJoin('account_classes as c', 'c.account_id', 'q.account_id')
    .whereNotNull('ql.sku')
    .select(
      'q.status',
      'r.sent_at',
      'ql.quoted_date',
      'ql.discount_pct',
      'ql.line_total',
      'i.family',
      'c.class',
    )
    .orderBy([{ column: 'q.id' }, { column: 'ql.line_no' }]);
}

/** The lines of quotes sent and still valid on `today`: the pipeline. */
export async function findOpenQuoteLines(db: Knex, today: string): Promise<ForecastQuoteLineRow[]> {
  return (await quoteLines(db)
    .where('q.status', 'sent')
    .where('q.valid_until', '>=', today)) as ForecastQuoteLineRow[];
}

/** The lines of quotes accepted, rejected or expired from `fromDate` to before `toExclusive` (YYYY-MM-DD). */
export async function findDecidedForecastLines(
  db: Knex,
  fromDate: string,
  toExclusive: string,
): Promise<ForecastQuoteLineRow[]> {
  return (await quoteLines(db)
    .join('quote_events as e', (j) => j.on('e.quote_id', 'q.id').andOn('e.kind', 'q.status'))
    .whereIn('q.status', ['accepted', 'rejected', 'expired'])
    .where('e.at', '>=', fromDate)
    .where('e.at', '<', toExclusive)) as ForecastQuoteLineRow[];
}
