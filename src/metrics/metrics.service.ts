import type { Knex } from 'knex';
import { AppError } from '../shared/errors';
import { type Actor, accountScopeOf } from '../shared/http/actor';
import { decodeCursor, encodeCursor, type Page, parseLimit } from '../shared/http/pagination';
import { moneyNumber } from '../shared/money';
import { todayIso } from '../shared/time';
import { hitRate } from './commercial.engine';
import {
  type Basis,
  evaluateLine,
  type FulfillmentFigures,
  fulfillmentFigures,
  type LineEvaluation,
} from './fulfillment.engine';
import { type GroupFacts, type LoadedLine, loadMetricFacts, type MetricFacts } from './metrics-facts';
import type { FulfillmentQuery, LinesQuery, MetricsRow, MetricsLine } from './metrics.schemas';

export const GROUP_KEYS = ['period', 'account', 'family', 'site'] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];

/** A figure row with the raw value kept exact, for the export's decimal text. */
export interface ComputedRow {
  period?: string;
  accountId?: string;
  erpCustomerId?: string | null;
  family?: string | null;
  site?: string | null;
  figures: FulfillmentFigures;
  quotesDecided: number;
  quotesWon: number;
  hitRateCountPct: number | null;
  hitRateValuePct: number | null;
  orderedValue: bigint;
}

export interface MetricsRange {
  /** YYYY-MM, inclusive. */
  from: string;
  to: string;
  basis: Basis;
  groupBy: GroupKey[];
  accountId?: string;
  /** Narrows the lines and quote lines to one family or site (the metrics page's filters). */
  family?: string;
  site?: string;
}

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', 'Request is invalid', [{ path, message }]);

/** The last day of a YYYY-MM month. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** YYYY-MM `months` months before (negative) or after a month. */
export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = y * 12 + (m - 1) + months;
  return `${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;
}

/** Every month from one to the other, inclusive (YYYY-MM). */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

const MAX_MONTHS = 60;

/** from/to/basis/groupBy of a query string, with the defaults: the 12 months to this one, `requested`, by period. */
export function parseRange(
  q: { from?: string; to?: string; basis?: string; groupBy?: string },
  today: string,
): MetricsRange {
  const to = q.to ?? today.slice(0, 7);
  const from = q.from ?? addMonths(to, -11);
  if (from > to) throw invalid('/from', 'must not be after to');
  if (addMonths(from, MAX_MONTHS - 1) < to)
    throw invalid('/to', `must be within ${MAX_MONTHS} months of from`);
  const groupBy = q.groupBy === undefined ? ['period'] : q.groupBy === '' ? [] : q.groupBy.split(',');
  if (new Set(groupBy).size !== groupBy.length) throw invalid('/groupBy', 'names a key twice');
  return { from, to, basis: (q.basis as Basis | undefined) ?? 'requested', groupBy: groupBy as GroupKey[] };
}

interface Group extends ComputedRow {
  evaluations: LineEvaluation[];
  decided: Parameters<typeof hitRate>[0];
}

export function keyOf(
  range: MetricsRange,
  period: string,
  g: GroupFacts,
): { key: string; row: Partial<ComputedRow> } {
  const row: Partial<ComputedRow> = {};
  const parts: string[] = [];
  for (const k of GROUP_KEYS) {
    if (!range.groupBy.includes(k)) continue;
    if (k === 'period') row.period = period;
    if (k === 'account') {
      row.accountId = g.accountId;
      row.erpCustomerId = g.erpCustomerId;
    }
    if (k === 'family') row.family = g.family;
    if (k === 'site') row.site = g.site;
  }
  for (const k of ['period', 'accountId', 'family', 'site'] as const) parts.push(String(row[k] ?? '\u0001'));
  return { key: parts.join('\0'), row };
}

export const inRange = (range: MetricsRange, month: string | null): month is string =>
  month !== null && month >= range.from && month <= range.to;

/** Each line's evaluation under the range's basis, as of today, with the month it is due in. */
function evaluate(lines: LoadedLine[], basis: Basis, today: string) {
  return lines.map((l) => ({ line: l, ev: evaluateLine(l.facts, basis, l.terms, today) }));
}

/**
 * The contract's figures per group: fulfillment over the lines due in each period, hit rate over the
 * quote lines decided in it, ordered value over the lines ordered in it. A group with none of the
 * three has no row. Rows sorted by their keys.
 */
export async function computeRows(db: Knex, range: MetricsRange, today: string): Promise<ComputedRow[]> {
  return groupRows(await loadRangeFacts(db, range), range, today);
}

/** The facts of a range's months (of its account, when it has one), read once for many groupings. */
export function loadRangeFacts(db: Knex, range: Pick<MetricsRange, 'from' | 'to' | 'accountId'>) {
  return loadMetricFacts(db, {
    fromDate: `${range.from}-01`,
    toDate: monthEnd(range.to),
    byPromise: true,
    ...(range.accountId !== undefined && { accountId: range.accountId }),
  });
}

/** computeRows on facts already read (loadRangeFacts of the same months and account). */
export function groupRows(facts: MetricFacts, range: MetricsRange, today: string): ComputedRow[] {
  const groups = new Map<string, Group>();
  const groupFor = (period: string, g: GroupFacts): Group => {
    const { key, row } = keyOf(range, period, g);
    let group = groups.get(key);
    if (!group) {
      group = {
        ...row,
        figures: fulfillmentFigures([]),
        quotesDecided: 0,
        quotesWon: 0,
        hitRateCountPct: null,
        hitRateValuePct: null,
        orderedValue: 0n,
        evaluations: [],
        decided: [],
      };
      groups.set(key, group);
    }
    return group;
  };
  const wanted = (g: GroupFacts) =>
    (range.family === undefined || g.family === range.family) &&
    (range.site === undefined || g.site === range.site);
  for (const { line, ev } of evaluate(facts.lines.filter(wanted), range.basis, today)) {
    if (inRange(range, ev.dueMonth)) groupFor(ev.dueMonth, line).evaluations.push(ev);
    const ordered = line.facts.orderDate.slice(0, 7);
    if (!line.facts.cancelled && inRange(range, ordered)) groupFor(ordered, line).orderedValue += line.value;
  }
  for (const d of facts.decisions.filter(wanted)) {
    const month = d.decidedOn.slice(0, 7);
    if (inRange(range, month)) groupFor(month, d).decided.push(d);
  }
  const rows = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(
      ([, { evaluations, decided, ...row }]): ComputedRow => ({
        ...row,
        figures: fulfillmentFigures(evaluations),
        ...hitRate(decided),
      }),
    );
  return rows;
}

export function toApiRow(r: ComputedRow): MetricsRow {
  const { figures, orderedValue, ...keysAndHits } = r;
  return { ...keysAndHits, ...figures, orderedValue: moneyNumber(orderedValue) } as MetricsRow;
}

/** GET /api/metrics/fulfillment: staff only. */
export async function fulfillmentRows(db: Knex, q: FulfillmentQuery): Promise<{ rows: MetricsRow[] }> {
  const today = todayIso();
  const range = { ...parseRange(q, today), ...(q.accountId !== undefined && { accountId: q.accountId }) };
  return { rows: (await computeRows(db, range, today)).map(toApiRow) };
}

/** GET /api/metrics/my-deliveries: a customer's own account, by period. */
export async function myDeliveries(
  db: Knex,
  actor: Actor,
  q: Omit<FulfillmentQuery, 'groupBy' | 'accountId'>,
): Promise<{ rows: MetricsRow[] }> {
  const scope = accountScopeOf(actor);
  if (scope.kind !== 'account')
    throw new AppError('forbidden', 'Only a customer user has deliveries of its own');
  const today = todayIso();
  const range = { ...parseRange({ ...q, groupBy: 'period' }, today), accountId: scope.accountId };
  return { rows: (await computeRows(db, range, today)).map(toApiRow) };
}

/**
 * GET /api/metrics/fulfillment/lines: the due lines behind a figure, narrowed by any of the row's
 * keys, in order number and line order, a page at a time.
 */
export async function fulfillmentLines(db: Knex, q: LinesQuery): Promise<Page<MetricsLine>> {
  const today = todayIso();
  const limit = parseLimit(q.limit);
  const after = decodeCursor(q.cursor, 2);
  const range = parseRange({ ...q, groupBy: '' }, today);
  if (q.period !== undefined) {
    if (q.period < range.from || q.period > range.to)
      throw invalid('/period', 'must lie between from and to');
    range.from = q.period;
    range.to = q.period;
  }
  const facts = await loadMetricFacts(db, {
    fromDate: `${range.from}-01`,
    toDate: monthEnd(range.to),
    byPromise: true,
    ...(q.accountId !== undefined && { accountId: q.accountId }),
  });
  const byNumber = (a: LoadedLine, b: LoadedLine) =>
    a.orderNumber < b.orderNumber ? -1 : a.orderNumber > b.orderNumber ? 1 : a.lineNo - b.lineNo;
  const items = evaluate([...facts.lines].sort(byNumber), range.basis, today)
    .filter(({ line, ev }) => inRange(range, ev.dueMonth) && matches(line, q))
    .filter(({ line }) => after === null || cursorAfter(line, after))
    .slice(0, limit + 1);
  const more = items.length > limit;
  const page = items.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ line, ev }) => ({
      orderId: line.orderId,
      orderNumber: line.orderNumber,
      lineNo: line.lineNo,
      sku: line.sku,
      accountId: line.accountId,
      basisDate: ev.basisDate!,
      completionDate: ev.completionDate,
      onTime: ev.onTime,
      inFull: ev.inFull,
      otif: ev.otif,
      daysLate: ev.daysLate,
    })),
    nextCursor: more && last ? encodeCursor([last.line.orderNumber, String(last.line.lineNo)]) : null,
  };
}

function matches(line: LoadedLine, q: LinesQuery): boolean {
  return (
    (q.family === undefined || line.family === q.family) && (q.site === undefined || line.site === q.site)
  );
}

/** Lines are ordered by order number, then line number. */
function cursorAfter(line: LoadedLine, [number, lineNo]: string[]): boolean {
  return line.orderNumber > number! || (line.orderNumber === number && line.lineNo > Number(lineNo));
}
