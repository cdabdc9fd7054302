import type { Request } from 'express';
import type { Knex } from 'knex';
import { dateNote, diffRevisions, type getQuote } from '../quotes';
import type { Actor } from '../shared/http/actor';
import { queryText } from './page-support';
import { money, qty } from './quote-views';

type QuoteView = Awaited<ReturnType<typeof getQuote>>;
type Change = { field: string; from: unknown; to: unknown };

const LABELS: Record<string, string> = {
  sku: 'item',
  description: 'description',
  quantity: 'quantity',
  requestedDate: 'requested date',
  unitPrice: 'unit price',
  discountPct: 'discount %',
  netPrice: 'net price',
  lineTotal: 'line total',
  quotedDate: 'quoted date',
  dateSource: 'how dated',
  paymentTerms: 'payment terms',
  incoterm: 'Incoterm',
  incotermPlace: 'named place',
  shipComplete: 'ship complete',
  note: 'terms note',
  validUntil: 'valid until',
  total: 'total',
};
const MONEY = new Set(['unitPrice', 'netPrice', 'lineTotal', 'total']);

function valueText(field: string, v: unknown, currency: string): string {
  if (v === null || v === undefined || v === '') return '—';
  if (MONEY.has(field) && typeof v === 'number') return money(v, currency);
  if (field === 'quantity' && typeof v === 'number') return qty(v);
  if (field === 'dateSource') return dateNote(String(v), null);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

const changeView = (c: Change, currency: string) => ({
  label: LABELS[c.field] ?? c.field,
  from: valueText(c.field, c.from, currency),
  to: valueText(c.field, c.to, currency),
});

/** ?compare=N as a revision number, or undefined; the page compares the shown revision with it. */
function comparedWith(req: Request, q: QuoteView): number | undefined {
  const raw = queryText(req, 'compare', 6);
  if (raw !== undefined && /^[0-9]{1,6}$/.test(raw)) return Number(raw);
  // By default, what the shown revision changed against the one before it.
  return q.revision > 1 ? q.revision - 1 : undefined;
}

/**
 * The quote page's "what changed" section: GET /api/quotes/:id/diff between the shown revision and
 * another (the previous one unless ?compare=N), in words. Null on a quote with a single revision.
 */
export async function revisionComparison(db: Knex, actor: Actor, q: QuoteView, req: Request) {
  const other = comparedWith(req, q);
  if (other === undefined || q.revisions.length < 2) return null;
  const [from, to] = other < q.revision ? [other, q.revision] : [q.revision, other];
  const diff = await diffRevisions(db, actor, q.id, from, to);
  return {
    from,
    to,
    reason: diff.reason,
    terms: diff.terms.map((c) => changeView(c, q.currency)),
    lines: diff.lines.map((l) => ({
      lineNo: l.lineNo,
      change: l.change,
      item: l.sku ?? l.description ?? 'Non-catalog',
      changes: l.changes.map((c) => changeView(c, q.currency)),
    })),
    unchanged: diff.terms.length === 0 && diff.lines.length === 0,
    choices: q.revisions
      .filter((r) => r.revision !== q.revision)
      .map((r) => ({ revision: r.revision, selected: r.revision === other })),
  };
}
