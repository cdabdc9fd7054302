import type { Knex } from 'knex';
import { notFound } from '../shared/errors';
import type { Actor } from '../shared/http/actor';
import * as repo from './quotes.repository';
import { findVisibleQuote, toLine, toTerms, visibleRevisions } from './quotes.service';

type Line = ReturnType<typeof toLine>;
type Change = { field: string; from: unknown; to: unknown };
export interface LineDiff {
  lineNo: number;
  change: 'added' | 'removed' | 'changed';
  sku: string | null;
  description: string | null;
  changes: Change[];
}

const LINE_FIELDS = [
  'sku',
  'description',
  'quantity',
  'requestedDate',
  'unitPrice',
  'discountPct',
  'netPrice',
  'lineTotal',
  'quotedDate',
  'dateSource',
] as const;

function changes<T extends Record<string, unknown>>(
  a: T,
  b: T,
  fields: readonly (keyof T & string)[],
): Change[] {
  return fields.filter((f) => a[f] !== b[f]).map((f) => ({ field: f, from: a[f], to: b[f] }));
}

/** Line by line (matched by line number): what was added, removed or changed between two revisions. */
export function diffLines(from: Line[], to: Line[]): LineDiff[] {
  const byNo = (ls: Line[]) => new Map(ls.map((l) => [l.lineNo, l]));
  const a = byNo(from);
  const b = byNo(to);
  const numbers = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);
  return numbers.flatMap((lineNo): LineDiff[] => {
    const x = a.get(lineNo);
    const y = b.get(lineNo);
    if (!x) return [{ lineNo, change: 'added', sku: y!.sku, description: y!.description, changes: [] }];
    if (!y) return [{ lineNo, change: 'removed', sku: x.sku, description: x.description, changes: [] }];
    const c = changes(x, y, LINE_FIELDS);
    return c.length
      ? [{ lineNo, change: 'changed', sku: y.sku, description: y.description, changes: c }]
      : [];
  });
}

/** GET /api/quotes/:id/diff?from=&to=: terms, validity, total and lines between two revisions, with the reason of the later one. */
export async function diffRevisions(db: Knex, actor: Actor, id: string, fromNo: number, toNo: number) {
  const quote = await findVisibleQuote(db, actor, id);
  const revisions = await visibleRevisions(db, actor, quote.id);
  const from = revisions.find((r) => Number(r.revision) === fromNo);
  const to = revisions.find((r) => Number(r.revision) === toNo);
  if (!from || !to) throw notFound('Revision');
  const [fromLines, toLines] = [
    (await repo.findLines(db, from.id)).map(toLine),
    (await repo.findLines(db, to.id)).map(toLine),
  ];
  const head = (r: repo.RevisionRow) => ({
    ...toTerms(r),
    validUntil: r.valid_until,
    total: Number(r.total),
  });
  return {
    quoteId: quote.id,
    from: fromNo,
    to: toNo,
    reason: to.reason,
    terms: changes(head(from), head(to), [
      'paymentTerms',
      'incoterm',
      'incotermPlace',
      'shipComplete',
      'note',
      'validUntil',
      'total',
    ]),
    lines: diffLines(fromLines, toLines),
  };
}
