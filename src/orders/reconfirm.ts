import type { Knex } from 'knex';
import { HORIZON_DAYS, LinePromise } from '../atp/atp.service';
import type { DatedQty, PromiseResult, Replenishment, SupplyPicture } from '../atp/atp.types';
import { findPlanningItems, ItemPlanningRow } from '../atp/atp.repository';
import { deductCapacity } from '../atp/capacity.engine';
import { promiseOn } from '../atp/promise.engine';
import { AtpCurve, CurveArena, DailyBalance, DayIndex } from '../atp/atp.curve';
import { toMilli } from '../atp/quantity';
import type { Deps } from '../deps';
import { addDays, nowIso, todayIso } from '../shared/time';
import { PromiseRecord, recordPromises } from './promise-ledger';
import * as rc from './reconfirm.repository';
import { explainSlip } from './slip-reasons';

/** What re-confirmation reads: ERP supply and demand only; every open line's promise is re-earned in order. */
interface Planning {
  today: string;
  horizon: string;
  /** The latest date anything read is dated: the horizon, or a later confirmation, receipt or demand. */
  lastDate: string;
  items: Map<string, ItemPlanningRow>;
  pictures: Map<string, SupplyPicture>;
  capacity: Map<string, DatedQty[]>;
  supply: rc.SupplyRow[];
  stock: rc.StockRow[];
  bookings: Map<string, DatedQty[]>;
  versions: Map<string, number>;
  /** today + lead time, by lead time: filled as lines ask. */
  ready?: Map<number, string>;
}

const key = (a: string, b: string): string => `${a}\u0001${b}`;
const push = <T>(m: Map<string, T[]>, k: string, v: T) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);

/** An open line with its held confirmations parsed, in date order. */
export interface PlannedLine extends rc.OpenLineRow {
  confirmations: DatedQty[];
}

const byDate = (a: DatedQty, b: DatedQty): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/** `date:thousandths,…` (see findOpenLines) as dated quantities, in date order. */
function parseHeld(held: string | null): DatedQty[] {
  if (!held) return [];
  const out = held.split(',').map((pair) => {
    const at = pair.indexOf(':');
    return { date: pair.slice(0, at), qty: Number(pair.slice(at + 1)) };
  });
  return out.length > 1 ? out.sort(byDate) : out;
}

/** Open lines in service order (of the given skus, or all), each with its confirmations. */
async function readOpenLines(db: Knex, skus?: string[]): Promise<PlannedLine[]> {
  const lines = (await rc.findOpenLines(db, skus)) as PlannedLine[];
  for (const l of lines) l.confirmations = parseHeld(l.held);
  return lines;
}

/** `allOpen`: the skus are those of every open line, so their bookings are read by one join on the open lines. */
async function loadPlanning(db: Knex, lines: PlannedLine[], skus: string[], runId: string | null, today: string, allOpen = false): Promise<Planning> {
  const horizon = addDays(today, HORIZON_DAYS);
  const items = new Map((await findPlanningItems(db, skus)).map((i) => [i.sku, i]));
  const pictures = new Map<string, SupplyPicture>();
  const picture = (sku: string, site: string): SupplyPicture => {
    const k = key(sku, site);
    let p = pictures.get(k);
    if (!p) pictures.set(k, (p = { today, onHand: 0, receipts: [], demand: [] }));
    return p;
  };
  const stock = await rc.findStockBySkus(db, skus);
  for (const s of stock) picture(s.sku, s.site_code).onHand = Math.max(0, toMilli(s.on_hand) - toMilli(s.blocked));
  const supply = await rc.findSupplyBySkus(db, skus, horizon, runId);
  for (const s of supply) if (!s.closed_at && toMilli(s.open_qty) > 0) picture(s.sku, s.site_code).receipts.push({ date: s.due_date, qty: toMilli(s.open_qty) });
  for (const d of await rc.findErpDemandBySkus(db, skus, horizon)) picture(d.sku, d.site_code).demand.push({ date: d.date, qty: toMilli(d.qty) });
  const families = [...new Set([...items.values()].filter((i) => i.make_or_buy === 'make' && i.family).map((i) => i.family!))];
  const capacity = new Map<string, DatedQty[]>();
  for (const c of await rc.findCapacityByFamilies(db, families, today, horizon)) push(capacity, key(c.family, c.site_code), { date: c.date, qty: toMilli(c.units) });
  let lastDate = horizon;
  for (const l of lines) for (const c of l.confirmations) if (c.date > lastDate) lastDate = c.date;
  for (const p of pictures.values()) {
    for (const e of p.receipts) if (e.date > lastDate) lastDate = e.date;
    for (const e of p.demand) if (e.date > lastDate) lastDate = e.date;
  }
  const bookings = new Map<string, DatedQty[]>();
  for (const b of await (allOpen ? rc.findOpenLineBookings(db) : rc.findBookingsBySkus(db, skus))) push(bookings, b.order_line_id, { date: b.date, qty: toMilli(b.units) });
  // Read unordered: each line's bookings in date order, as promises state them.
  for (const rows of bookings.values()) if (rows.length > 1) rows.sort(byDate);
  const versions = new Map((await rc.findAtpVersions(db, skus)).map((v) => [v.sku, Number(v.atp_version)]));
  return { today, horizon, lastDate, items, pictures, capacity, supply, stock, bookings, versions };
}

/** The promise a line holds now, in the engine's terms. */
const heldOf = (plan: Planning, line: PlannedLine): PromiseResult => ({
  confirmations: line.confirmations,
  confirmedDate: line.confirmed_date,
  source: line.date_source as PromiseResult['source'],
  capacityUsed: plan.bookings.get(line.id) ?? [],
  newSupply: toMilli(line.new_supply),
});

/** today + lead time, once per distinct lead time. */
function readyDate(plan: Planning, leadTimeDays: number): string {
  const cache = (plan.ready ??= new Map());
  return cache.get(leadTimeDays) ?? cache.set(leadTimeDays, addDays(plan.today, leadTimeDays)).get(leadTimeDays)!;
}

/** Cheap per-line conditions of a held promise: no date passed, lead time still reachable. */
function heldIsCurrent(plan: Planning, line: PlannedLine): boolean {
  const item = plan.items.get(line.sku);
  const dates = line.confirmations;
  if (!item || !line.confirmed_date || dates.length === 0 || dates.some((c) => c.date < plan.today)) return false;
  if (line.date_source === 'lead_time' && toMilli(line.new_supply) > 0 && line.confirmed_date < readyDate(plan, Number(item.lead_time_days))) return false;
  return !(plan.bookings.get(line.id)?.length);
}

/** Books a promise into the curve: its confirmations are demand, the new supply it counts on a receipt. */
function book(curve: AtpCurve, result: PromiseResult): void {
  for (const c of result.confirmations) curve.addDemand(c.date, c.qty);
  if (result.newSupply > 0 && result.confirmedDate) curve.addReceipt(result.confirmedDate, result.newSupply);
}

function unbook(curve: AtpCurve, result: PromiseResult): void {
  for (const c of result.confirmations) curve.addDemand(c.date, -c.qty);
  if (result.newSupply > 0 && result.confirmedDate) curve.addReceipt(result.confirmedDate, -result.newSupply);
}

/**
 * A promise still holds when none of its dates has passed, adding it back does not make any day
 * shorter than it already is, its lead time can still be met, and the capacity it booked is there.
 * When it holds, it stays booked in the curve; when not, the curve is left as it was.
 */
function stillHolds(plan: Planning, line: PlannedLine, curve: AtpCurve, rep: Replenishment, held: PromiseResult): boolean {
  if (!line.confirmed_date || held.confirmations.length === 0 || held.confirmations.some((c) => c.date < plan.today)) return false;
  const ready = readyDate(plan, rep.leadTimeDays);
  if (held.newSupply > 0 && line.date_source === 'lead_time' && line.confirmed_date < ready) return false;
  if (held.capacityUsed.length) {
    const available = new Map((rep.capacity ?? []).map((c) => [c.date, c.qty]));
    if (!held.capacityUsed.every((b) => b.date >= ready && (available.get(b.date) ?? 0) >= b.qty)) return false;
  }
  const before = Math.min(0, curve.lowest());
  book(curve, held);
  if (Math.min(0, curve.lowest()) >= before) return true;
  unbook(curve, held);
  return false;
}

const sameDated = (a: DatedQty[], b: DatedQty[]): boolean => a.length === b.length && a.every((x, i) => x.date === b[i]!.date && x.qty === b[i]!.qty);

function samePromise(a: PromiseResult, b: PromiseResult): boolean {
  return a.confirmedDate === b.confirmedDate && a.source === b.source && a.newSupply === b.newSupply && sameDated(a.confirmations, b.confirmations) && sameDated(a.capacityUsed, b.capacityUsed);
}

export interface Decision {
  line: PlannedLine;
  promise: LinePromise;
}

/** Books a line's held promise into a daily balance, as `book` does into a curve. */
function bookBalance(balance: DailyBalance, line: PlannedLine): void {
  for (const c of line.confirmations) balance.addDemand(c.date, c.qty);
  const newSupply = toMilli(line.new_supply);
  if (newSupply > 0 && line.confirmed_date) balance.addReceipt(line.confirmed_date, newSupply);
}

/**
 * The pictures whose held promises all stand together: every line current, and all of them booked
 * at once do not lower the lowest ATP. Then every line in between holds as well (less demand only
 * raises S − D), so those lines skip the per-line check: the common nightly case.
 */
function holdingPictures(plan: Planning, groups: PlannedLine[][], pictures: Array<SupplyPicture | undefined>, days: DayIndex, lastDate: string): Uint8Array {
  const holding = new Uint8Array(groups.length);
  const balance = new DailyBalance(days, lastDate);
  for (let g = 0; g < groups.length; g++) {
    const p = pictures[g];
    const ls = groups[g]!;
    if (!p || !ls.every((l) => heldIsCurrent(plan, l))) continue;
    balance.reset(p);
    for (const l of ls) bookBalance(balance, l);
    if (balance.keepsLowest()) holding[g] = 1;
  }
  return holding;
}

/**
 * Serves the lines in order against one evolving picture per sku and site; returns the lines whose
 * promise must change. Pictures where every held promise stands are not touched; the others become
 * an incremental ATP curve, so each line costs a few range updates rather than a recomputed picture.
 */
export function decide(plan: Planning, lines: PlannedLine[]): Decision[] {
  const changed: Decision[] = [];
  // Pictures by number, each line's picture by index: the loop below looks nothing up by text.
  const groupOfKey = new Map<string, Map<string, number>>();
  const groups: PlannedLine[][] = [];
  const pictures: Array<SupplyPicture | undefined> = [];
  const groupOfLine = new Int32Array(lines.length);
  // Every curve reaches the latest date any line could book: the horizon, or a later held date.
  let lastDate = plan.lastDate;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const bySite = groupOfKey.get(l.sku) ?? groupOfKey.set(l.sku, new Map()).get(l.sku)!;
    let g = bySite.get(l.site_code);
    if (g === undefined) {
      g = groups.length;
      bySite.set(l.site_code, g);
      groups.push([]);
      pictures.push(plan.pictures.get(key(l.sku, l.site_code)));
    }
    groups[g]!.push(l);
    groupOfLine[i] = g;
    if (l.confirmed_date && l.confirmed_date > lastDate) lastDate = l.confirmed_date;
  }
  const days = new DayIndex(plan.today);
  const holding = holdingPictures(plan, groups, pictures, days, lastDate);
  const arena = new CurveArena();
  const curves: Array<AtpCurve | undefined> = [];
  const curveOf = (g: number): AtpCurve => (curves[g] ??= new AtpCurve(pictures[g] ?? { today: plan.today, onHand: 0, receipts: [], demand: [] }, lastDate, days, arena));
  // A buy item's replenishment is the same for every line; a make item's capacity shrinks as lines take it.
  const replenishments = new Map<string, Replenishment>();
  for (let i = 0; i < lines.length; i++) {
    const g = groupOfLine[i]!;
    // Its lines keep their promises, and none of them books capacity (heldIsCurrent): nothing to do.
    if (holding[g]) continue;
    const line = lines[i]!;
    const item = plan.items.get(line.sku);
    if (!item) continue;
    const capKey = item.make_or_buy === 'make' && item.family ? key(item.family, line.site_code) : null;
    let rep = capKey ? undefined : replenishments.get(item.sku);
    if (!rep) {
      rep = { makeOrBuy: item.make_or_buy, leadTimeDays: Number(item.lead_time_days), horizon: plan.horizon };
      if (capKey && plan.capacity.has(capKey)) rep.capacity = plan.capacity.get(capKey)!;
      else if (!capKey) replenishments.set(item.sku, rep);
    }
    const held = heldOf(plan, line);
    let result = held;
    const curve = curveOf(g);
    if (!stillHolds(plan, line, curve, rep, held)) {
      result = promiseOn(curve, { qty: toMilli(line.quantity), requestedDate: line.requested_date, allowPartial: !line.ship_complete }, rep);
      book(curve, result);
      // A line that cannot be confirmed gets the same answer again: nothing to record, every sync.
      if (!samePromise(held, result)) changed.push({ line, promise: { ...result, sku: line.sku, site: line.site_code, family: item.family } });
    }
    if (capKey && rep.capacity && result.capacityUsed.length) plan.capacity.set(capKey, deductCapacity(rep.capacity, result.capacityUsed));
  }
  return changed;
}

/** Lines that compete for the same supply or capacity: an item at a site, or a make family at a site. */
function groupOf(plan: Planning, line: rc.OpenLineRow): string {
  const item = plan.items.get(line.sku);
  return item?.make_or_buy === 'make' && item.family ? key(`F:${item.family}`, line.site_code) : key(`S:${line.sku}`, line.site_code);
}

export interface ReconfirmResult {
  checked: number;
  moved: number;
  slipped: number;
}

/**
 * After every ERP sync: open lines are re-checked against the new supply in priority order. A
 * line keeps its promise while it still can; otherwise it gets a new one, with the reason, in the
 * ledger, and a later date flags it as slipped. Decided on one bulk read, then written per group
 * under the skus' ATP locks; a group where an order arrived meanwhile is decided again inside its
 * lock. Running it twice on the same data changes nothing the second time.
 */
export async function reconfirmOpenLines(deps: Deps, runId: string | null): Promise<ReconfirmResult> {
  const { db } = deps;
  const today = todayIso();
  const lines = await readOpenLines(db);
  const skus = [...new Set(lines.map((l) => l.sku))];
  const plan = await loadPlanning(db, lines, skus, runId, today, true);
  const decisions = decide(plan, lines);
  const decided = new Map<string, Decision[]>();
  for (const d of decisions) push(decided, groupOf(plan, d.line), d);
  // The skus of every changed group: an item's group is its own sku; a make family's, every sku
  // of that family with open lines at the site, found in one pass only when such a group changed.
  const skusOf = new Map([...decided].map(([g, ds]) => [g, new Set(ds.map((d) => d.line.sku))]));
  if ([...decided.keys()].some((g) => g.startsWith('F:'))) for (const l of lines) skusOf.get(groupOf(plan, l))?.add(l.sku);
  // One transaction for every changed group: the skus' ATP locks in sorted order (no cycles), one
  // bulk version check; a group where an order arrived meanwhile is decided again inside the lock.
  const changedSkus = [...new Set([...decided.keys()].flatMap((g) => [...skusOf.get(g)!]))];
  const records: PromiseRecord[] = [];
  if (changedSkus.length) {
    await db.transaction(async (trx) => {
      await rc.lockSkusInOrder(trx, changedSkus);
      // Our own lock bumped each version by one; more means an order changed the sku meanwhile.
      const fresh = new Map((await rc.findAtpVersions(trx, changedSkus)).map((v) => [v.sku, Number(v.atp_version)]));
      const now = nowIso();
      for (const [group, groupDecided] of decided) {
        const groupSkus = [...skusOf.get(group)!];
        const unchanged = groupSkus.every((sku) => fresh.get(sku) === (plan.versions.get(sku) ?? 0) + 1);
        const groupLines = unchanged ? [] : await readOpenLines(trx, groupSkus);
        const groupPlan = unchanged ? plan : await loadPlanning(trx, groupLines, groupSkus, runId, today);
        const groupDecisions = unchanged ? groupDecided : decide(groupPlan, groupLines);
        for (const { line, promise: p } of groupDecisions) {
          const reason = explainSlip(line, p, groupPlan, runId);
          const later = p.confirmedDate === null || (line.confirmed_date !== null && p.confirmedDate > line.confirmed_date);
          records.push({ line, promise: p, change: { changedBy: 'reconfirmation', actorId: null, reason, at: now }, ...(later && { slip: { at: now, reason } }) });
        }
      }
      await recordPromises(trx, records);
    });
  }
  const moved = records.length;
  const slipped = records.filter((r) => r.slip).length;
  deps.logger.info({ runId, checked: lines.length, moved, slipped }, 'open lines re-confirmed');
  return { checked: lines.length, moved, slipped };
}

export type { Planning };
