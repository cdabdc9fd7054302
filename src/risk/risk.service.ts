import type { Knex } from 'knex';
import { atpOn, computeBuckets, findAvailableStockOf, loadPictures } from '../atp';
import { toMilli } from '../shared/quantity';
import { decodeCursor, parseLimit, toPage } from '../shared/http/pagination';
import { addDays, nowIso, todayIn } from '../shared/time';
import { allocateCover, type CoverLine } from './cover.engine';
import { type Cover, countSlips, type RiskFacts, type RiskReason, scoreLine } from './risk.engine';
import * as repo from './risk.repository';
import type { RiskLinesQuery } from './risk.schemas';

/** The days before the promised date whose capacity load counts (the promised day included). */
const CAPACITY_WINDOW_DAYS = 7;

const key = (...parts: string[]) => parts.join('\u0001');

function groupBy<T>(rows: readonly T[], keyOf: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/**
 * Scores the open lines of the skus given (every sku with open lines when null) and replaces their
 * stored scores in one transaction, so a page reads either the old or the new set of a sku.
 * Reads happen before the transaction: scoring is a read of many tables, and the write is short.
 */
export async function recomputeRisk(db: Knex, skus: readonly string[] | null): Promise<{ lines: number }> {
  const scope = skus ?? (await repo.findOpenLineSkus(db));
  const rows = scope.length ? await scoreSkus(db, scope) : [];
  await db.transaction((trx) => repo.replaceRiskLines(trx, skus === null ? null : scope, rows, scope));
  return { lines: rows.length };
}

async function scoreSkus(db: Knex, skus: readonly string[]): Promise<repo.RiskLineRow[]> {
  const lines = await repo.findOpenLines(db, skus);
  const ids = lines.map((l) => l.id);
  const [reserved, ledger, items, supply, stock, erpDemand, plants, zones] = [
    await repo.findReservedQty(db, ids),
    await repo.findLedgerDates(db, ids),
    await repo.findItems(db, skus),
    await repo.findOpenSupply(db, skus),
    await findAvailableStockOf(db, skus),
    await repo.findErpDemand(db, skus),
    await repo.findPlantHistory(db),
    await repo.findSiteTimezones(db),
  ];
  const reservedOf = new Map(reserved.map((r) => [r.order_line_id, toMilli(r.qty)]));
  const datesOf = groupBy(ledger, (r) => r.order_line_id);
  const itemOf = new Map(items.map((i) => [i.sku, i]));
  const supplyAt = groupBy(supply, (r) => key(r.sku, r.site_code));
  const stockAt = new Map(stock.map((s) => [key(s.sku, s.site_code), s]));
  const demandAt = groupBy(erpDemand, (r) => key(r.sku, r.site_code));
  const plantOf = new Map(plants.map((p) => [p.site_code, { moved: Number(p.moved), of: Number(p.of) }]));
  const zoneOf = new Map(zones.map((z) => [z.site_code, z.timezone]));
  const capacity = await loadCapacityWindows(db, lines, itemOf);
  const computedAt = nowIso();

  const todayOf = (site: string) => todayIn(zoneOf.get(site) ?? null);
  const groups = [...groupBy(lines, (l) => key(l.sku, l.site_code)).values()];
  // Every (sku, site)'s picture from a few bulk reads, not atp's loadPicture once per pair (an N+1).
  const pictureOf = await loadPictures(
    db,
    groups.map((g) => ({ sku: g[0]!.sku, site: g[0]!.site_code })),
    todayOf,
  );

  const out: repo.RiskLineRow[] = [];
  for (const group of groups) {
    const { sku, site_code: site } = group[0]!;
    const item = itemOf.get(sku);
    const today = todayOf(site);
    const qtyOf = (l: repo.OpenLineRow) => reservedOf.get(l.id) ?? toMilli(l.quantity);
    const st = stockAt.get(key(sku, site));
    const covers = allocateCover(
      st ? Math.max(0, toMilli(st.on_hand) - toMilli(st.blocked)) : 0,
      (supplyAt.get(key(sku, site)) ?? []).map((r) => ({
        ref: r.ref,
        kind: r.kind,
        dueDate: r.due_date < today ? today : r.due_date,
        status: r.status,
        prevDueDate: r.prev_due_date,
        qty: toMilli(r.open_qty),
      })),
      (demandAt.get(key(sku, site)) ?? []).map((d) => ({
        date: d.due_date < today ? today : d.due_date,
        qty: toMilli(d.open_qty),
      })),
      group.map(
        (l): CoverLine => ({
          id: l.id,
          promisedDate: l.confirmed_date,
          qty: qtyOf(l),
          newSupply: toMilli(l.new_supply),
        }),
      ),
    );
    const buckets = computeBuckets(pictureOf(sku, site));
    for (const l of group) {
      const cover = covers.get(l.id)!;
      const plant = plantOf.get(site);
      const facts: RiskFacts = {
        today,
        promisedDate: l.confirmed_date,
        qty: qtyOf(l),
        leadTimeDays: Number(item?.lead_time_days ?? 0),
        cover,
        slips: countSlips((datesOf.get(l.id) ?? []).map((v) => v.confirmed_date)),
        capacity:
          item?.family && item.make_or_buy === 'make' && l.confirmed_date
            ? (capacity.get(key(item.family, site))?.(l.confirmed_date) ?? null)
            : null,
        atpLeft: l.confirmed_date ? atpOn(buckets, l.confirmed_date) : null,
        plantHistory: plant ? { site, ...plant } : null,
      };
      const scored = scoreLine(facts);
      out.push(toRow(l, item?.family ?? null, cover, scored, computedAt));
    }
  }
  return out;
}

function toRow(
  l: repo.OpenLineRow,
  family: string | null,
  cover: Cover,
  scored: { score: number; band: string; reasons: RiskReason[] },
  computedAt: string,
): repo.RiskLineRow {
  return {
    order_line_id: l.id,
    order_id: l.order_id,
    order_number: l.order_number,
    line_no: Number(l.line_no),
    account_id: l.account_id,
    sku: l.sku,
    site_code: l.site_code,
    family,
    promised_date: l.confirmed_date,
    score: scored.score,
    band: scored.band,
    reason_codes: `,${scored.reasons.map((r) => r.code).join(',')},`,
    reasons: JSON.stringify(scored.reasons),
    cover_kind: cover.kind,
    cover_ref: cover.ref,
    cover_due_date: cover.dueDate,
    cover_status: cover.status,
    computed_at: computedAt,
  };
}

/** Per family and site: a function giving the capacity and bookings of the week up to a date. */
async function loadCapacityWindows(
  db: Knex,
  lines: readonly repo.OpenLineRow[],
  itemOf: Map<string, repo.RiskItemRow>,
): Promise<Map<string, (date: string) => RiskFacts['capacity']>> {
  const ranges = new Map<string, { family: string; site: string; from: string; to: string }>();
  for (const l of lines) {
    const item = itemOf.get(l.sku);
    if (!item?.family || item.make_or_buy !== 'make' || !l.confirmed_date) continue;
    const k = key(item.family, l.site_code);
    const from = addDays(l.confirmed_date, 1 - CAPACITY_WINDOW_DAYS);
    const r = ranges.get(k);
    if (!r) ranges.set(k, { family: item.family, site: l.site_code, from, to: l.confirmed_date });
    else {
      if (from < r.from) r.from = from;
      if (l.confirmed_date > r.to) r.to = l.confirmed_date;
    }
  }
  const out = new Map<string, (date: string) => RiskFacts['capacity']>();
  for (const [k, r] of ranges) {
    const load = await repo.findCapacityLoad(db, r.family, r.site, r.from, r.to);
    const sum = (rows: Array<{ date: string; qty: string | number }>, from: string, to: string) =>
      rows.filter((x) => x.date >= from && x.date <= to).reduce((s, x) => s + toMilli(x.qty), 0);
    out.set(k, (date) => {
      const from = addDays(date, 1 - CAPACITY_WINDOW_DAYS);
      const units = sum(load.units, from, date);
      return units > 0
        ? { family: r.family, site: r.site, units, booked: sum(load.booked, from, date) }
        : null;
    });
  }
  return out;
}

// ---- Reading the stored scores ------------------------------------------------------------------

export interface RiskLineView {
  orderId: string;
  orderNumber: string;
  lineNo: number;
  sku: string;
  site: string;
  family: string | null;
  accountId: string;
  promisedDate: string | null;
  score: number;
  band: string;
  reasons: RiskReason[];
  cover: { kind: string; ref: string | null; dueDate: string | null; status: string | null } | null;
}

export function toView(r: repo.RiskLineRow): RiskLineView {
  return {
    orderId: r.order_id,
    orderNumber: r.order_number,
    lineNo: Number(r.line_no),
    sku: r.sku,
    site: r.site_code,
    family: r.family,
    accountId: r.account_id,
    promisedDate: r.promised_date,
    score: Number(r.score),
    band: r.band,
    reasons: JSON.parse(r.reasons) as RiskReason[],
    cover: r.cover_kind
      ? { kind: r.cover_kind, ref: r.cover_ref, dueDate: r.cover_due_date, status: r.cover_status }
      : null,
  };
}

const filterOf = (q: RiskLinesQuery): repo.RiskFilter => ({
  ...(q.site && { site: q.site }),
  ...(q.band && { band: q.band }),
  ...(q.accountId && { accountId: q.accountId }),
  ...(q.family && { family: q.family }),
  ...(q.reason && { reason: q.reason }),
});

/** GET /api/risk/lines: the stored scores, highest first, a keyset page at a time. */
export async function listRisk(db: Knex, q: RiskLinesQuery) {
  const limit = parseLimit(q.limit);
  const after = decodeCursor(q.cursor, 2);
  const score = after ? Number(after[0]) : null;
  const rows = await repo.listRiskLines(
    db,
    filterOf(q),
    limit,
    after && score !== null && Number.isInteger(score) ? [score, after[1]!] : null,
  );
  return toPage(rows, limit, toView, (r) => [String(r.score), r.order_line_id]);
}

export async function countRiskByBand(db: Knex, q: RiskLinesQuery): Promise<Record<string, number>> {
  const { band: _band, ...rest } = filterOf(q);
  const rows = await repo.countByBand(db, rest);
  return Object.fromEntries(rows.map((r) => [r.band, Number(r.n)]));
}

/** Monday of the ISO week holding the date. */
export function weekOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((day + 6) % 7));
}

/** The worst score per family and week of the promised date (lines without a family under "—"). */
export async function riskHeatmap(
  db: Knex,
  q: RiskLinesQuery,
): Promise<{
  weeks: string[];
  families: string[];
  cells: Array<{ week: string; family: string; score: number }>;
}> {
  const { band: _band, ...rest } = filterOf(q);
  const rows = await repo.findScoresByFamilyAndDate(db, rest);
  const cells = new Map<string, { week: string; family: string; score: number }>();
  for (const r of rows) {
    const week = weekOf(r.promised_date);
    const family = r.family ?? '—';
    const k = key(week, family);
    const score = Number(r.score);
    const cell = cells.get(k);
    if (!cell || cell.score < score) cells.set(k, { week, family, score });
  }
  const all = [...cells.values()];
  return {
    weeks: [...new Set(all.map((c) => c.week))].sort(),
    families: [...new Set(all.map((c) => c.family))].sort(),
    cells: all,
  };
}

export const listRiskFamilies = (db: Knex) => repo.findRiskFamilies(db);
export const listRiskAccounts = (db: Knex) => repo.findRiskAccounts(db);

/** The skus of an order, to recompute after it changed. */
export const skusOfOrder = (db: Knex, orderId: string) => repo.findOrderSkus(db, orderId);
