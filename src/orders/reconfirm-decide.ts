/**
 * Re-confirmation's decisions, pure: given what was read (reconfirm-plan.ts), which open lines keep
 * their promise and which get a new one, served in priority order. No SQL, no clock.
 */
import {
  type LinePromise,
  type DatedQty,
  type PromiseResult,
  type Replenishment,
  type SupplyPicture,
  deductCapacity,
  promiseOn,
  AtpCurve,
  CurveArena,
  DailyBalance,
  DayIndex,
  type ItemPlanningRow,
  HORIZON_DAYS,
} from '../atp';
import { milliText } from '../shared/quantity';
import { addDays } from '../shared/time';
import type * as rc from './reconfirm.repository';
import { key, todayOf, type Planning, type PlannedLine } from './reconfirm-plan';
import { basisOfRow, shipRequestDate } from './delivery-dates';
import {
  GAIN_REASON,
  inFullOnTime,
  isBetter,
  keeperRule,
  phasesOf,
  type Rule,
  TAKEN_REASON,
  WIN_REASON,
} from './reconfirm-allocate';

const NONE: DatedQty[] = [];

/** The capacity a line booked; most nights no line has any, and then nothing is looked up. */
const bookingsOf = (plan: Planning, line: PlannedLine): DatedQty[] =>
  plan.bookings.size ? (plan.bookings.get(line.id) ?? NONE) : NONE;

/** What the line still has to ship: the ordered quantity less what the ERP has shipped. */
const toShip = (line: PlannedLine): number => Math.max(0, line.qtyMilli - line.shippedMilli);

/** What the stored confirmations hold beyond what is left to ship: shipped since they were stored. */
function shippedSinceStored(line: PlannedLine): number {
  if (line.shippedMilli === 0) return 0;
  let held = 0;
  for (const c of line.confirmations) held += c.qty;
  return Math.max(0, held - toShip(line));
}

/** Confirmations less `shipped`, taken from the earliest: what shipped was what was due first. */
function lessShipped(confirmations: DatedQty[], shipped: number): DatedQty[] {
  const out: DatedQty[] = [];
  let left = shipped;
  for (const c of confirmations) {
    const take = Math.min(left, c.qty);
    left -= take;
    if (c.qty > take) out.push(take ? { date: c.date, qty: c.qty - take } : c);
  }
  return out;
}

/** The promise as stored: what a new promise is compared with to know whether it changed. */
const storedOf = (plan: Planning, line: PlannedLine): PromiseResult => ({
  confirmations: line.confirmations,
  confirmedDate: line.confirmed_date,
  source: line.date_source as PromiseResult['source'],
  capacityUsed: bookingsOf(plan, line),
  newSupply: line.newSupplyMilli,
});

/** The promise a line holds now, in the engine's terms: the stored one, less what shipped since. */
function heldOf(
  plan: Planning,
  line: PlannedLine,
  stored: PromiseResult = storedOf(plan, line),
): PromiseResult {
  const shipped = shippedSinceStored(line);
  if (!shipped) return stored;
  return {
    ...stored,
    confirmations: lessShipped(line.confirmations, shipped),
    newSupply: Math.min(line.newSupplyMilli, toShip(line)),
  };
}

/** Whether any of the line's dates has passed: its confirmations are in date order, so the first tells. */
const datePassed = (plan: Planning, confirmations: DatedQty[]): boolean =>
  confirmations[0]!.date < plan.today;

/** today + lead time, once per distinct lead time. */
function readyDate(plan: Planning, leadTimeDays: number): string {
  const cache = (plan.ready ??= new Map());
  return (
    cache.get(leadTimeDays) ?? cache.set(leadTimeDays, addDays(plan.today, leadTimeDays)).get(leadTimeDays)!
  );
}

/** Cheap per-line conditions of a held promise: no date passed, lead time still reachable. */
function heldIsCurrent(plan: Planning, line: PlannedLine, item: ItemPlanningRow | undefined): boolean {
  if (
    !item ||
    !line.confirmed_date ||
    line.confirmations.length === 0 ||
    datePassed(plan, line.confirmations)
  )
    return false;
  // Shipped since the promise was stored: it must shrink (or the line close), which is a change.
  if (shippedSinceStored(line) > 0) return false;
  if (
    line.date_source === 'lead_time' &&
    line.newSupplyMilli > 0 &&
    line.confirmed_date < readyDate(plan, Number(item.lead_time_days))
  )
    return false;
  return bookingsOf(plan, line).length === 0;
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
function stillHolds(
  plan: Planning,
  line: PlannedLine,
  curve: AtpCurve,
  rep: Replenishment,
  held: PromiseResult,
): boolean {
  if (!line.confirmed_date || held.confirmations.length === 0 || datePassed(plan, held.confirmations))
    return false;
  const ready = readyDate(plan, rep.leadTimeDays);
  if (held.newSupply > 0 && line.date_source === 'lead_time' && line.confirmed_date < ready) return false;
  if (held.capacityUsed.length) {
    const available = new Map((rep.capacity ?? []).map((c) => [c.date, c.qty]));
    if (!held.capacityUsed.every((b) => b.date >= ready && (available.get(b.date) ?? 0) >= b.qty))
      return false;
  }
  const before = Math.min(0, curve.lowest());
  book(curve, held);
  if (Math.min(0, curve.lowest()) >= before) return true;
  unbook(curve, held);
  return false;
}

const sameDated = (a: DatedQty[], b: DatedQty[]): boolean =>
  a.length === b.length && a.every((x, i) => x.date === b[i]!.date && x.qty === b[i]!.qty);

function samePromise(a: PromiseResult, b: PromiseResult): boolean {
  return (
    a.confirmedDate === b.confirmedDate &&
    a.source === b.source &&
    a.newSupply === b.newSupply &&
    sameDated(a.confirmations, b.confirmations) &&
    sameDated(a.capacityUsed, b.capacityUsed)
  );
}

export interface Decision {
  line: PlannedLine;
  promise: LinePromise;
  /** Why, when it is not the supply under the line itself (a ship-complete order following another line, a shipment). */
  reason?: string;
  /** Shipped in full: the line closes and reserves nothing. */
  fulfilled?: boolean;
}

/** A line the ERP shipped in full: its promise was kept or not, but it holds nothing any more. */
function fulfilledDecision(plan: Planning, line: PlannedLine, family: string | null): Decision {
  const promise: LinePromise = {
    ...storedOf(plan, line),
    confirmations: [],
    capacityUsed: [],
    newSupply: 0,
    sku: line.sku,
    site: line.site_code,
    family,
  };
  return {
    line,
    promise,
    fulfilled: true,
    reason: `shipped in full (${milliText(line.shippedMilli)} of ${milliText(line.qtyMilli)}): the line closes and reserves nothing`,
  };
}

/** Books a line's held promise into a daily balance, as `book` does into a curve. */
function bookBalance(balance: DailyBalance, line: PlannedLine): void {
  for (const c of line.confirmations) balance.addDemand(c.date, c.qty);
  const newSupply = line.newSupplyMilli;
  if (newSupply > 0 && line.confirmed_date) balance.addReceipt(line.confirmed_date, newSupply);
}

/**
 * The pictures whose held promises all stand together: every line current, and all of them booked
 * at once do not lower the lowest ATP. Then every line in between holds as well (less demand only
 * raises S − D), so those lines skip the per-line check: the common nightly case.
 */
function holdingPictures(plan: Planning, groups: Groups, days: DayIndex, lastDate: string): Uint8Array {
  const holding = new Uint8Array(groups.lines.length);
  const balance = new DailyBalance(days, lastDate);
  for (let g = 0; g < groups.lines.length; g++) {
    const p = groups.pictures[g];
    const ls = groups.lines[g]!;
    const item = groups.items[g];
    if (!p || !ls.every((l) => heldIsCurrent(plan, l, item))) continue;
    balance.reset(p);
    for (const l of ls) bookBalance(balance, l);
    if (balance.keepsLowest()) holding[g] = 1;
  }
  return holding;
}

/** A sku's lines at one site, and its next site's. */
interface SitePicture {
  site: string;
  lines: rc.HeldLineRow[];
  next?: SitePicture;
}

/**
 * The skus whose open lines must be read in full and decided: of every picture where some held
 * promise may not stand, and of every ship-complete order with a line there (its other lines may
 * follow that line). The others keep every promise without being read again. The same test as
 * holdingPictures, on the narrow rows, and stricter: a line that is not confirmed, is partly
 * shipped, counts on new supply or books capacity sends its picture to the full decision, which
 * gives such a picture the same answer line by line whenever it holds as a whole (see
 * holdingPictures).
 */
export function skusToDecide(plan: Planning, lines: rc.HeldLineRow[]): Set<string> {
  // By sku, then site: a chain per sku, as most skus are at one site (one lookup a line, not two).
  const pictures = new Map<string, SitePicture>();
  for (const l of lines) {
    let at = pictures.get(l.sku);
    if (!at) pictures.set(l.sku, (at = { site: l.site_code, lines: [] }));
    else while (at.site !== l.site_code) at = at.next ??= { site: l.site_code, lines: [] };
    at.lines.push(l);
  }
  // One balance per site's today: each site promises from its own date. The plan's last date is
  // at or past every confirmation's (loadPlanning), and only confirmations are booked here.
  const balances = new Map<string, DailyBalance>();
  const balanceOn = (today: string) =>
    balances.get(today) ??
    balances.set(today, new DailyBalance(new DayIndex(today), plan.lastDate)).get(today)!;
  const stands = (sku: string, site: string, ls: rc.HeldLineRow[]): boolean => {
    const p = plan.pictures.get(key(sku, site));
    if (!p || !plan.items.has(sku)) return false;
    const today = todayOf(plan, site);
    if (!ls.every((l) => !l.special && l.confirmations.length > 0 && l.confirmations[0]!.date >= today))
      return false;
    const balance = balanceOn(today);
    balance.reset(p);
    for (const l of ls) for (const c of l.confirmations) balance.addDemand(c.date, c.qty);
    return balance.keepsLowest();
  };
  const skus = new Set<string>();
  const orders = new Set<string>();
  for (const [sku, first] of pictures) {
    for (let at: SitePicture | undefined = first; at; at = at.next) {
      if (stands(sku, at.site, at.lines)) continue;
      skus.add(sku);
      for (const l of at.lines) if (l.shipCompleteOrder) orders.add(l.shipCompleteOrder);
    }
  }
  if (orders.size)
    for (const l of lines) if (l.shipCompleteOrder && orders.has(l.shipCompleteOrder)) skus.add(l.sku);
  return skus;
}

/** Lines by picture (an item at a site), numbered, with the picture and item of each. */
interface Groups {
  lines: PlannedLine[][];
  pictures: Array<SupplyPicture | undefined>;
  items: Array<ItemPlanningRow | undefined>;
  /** Each line's group, by the line's index. */
  of: Int32Array;
  /** The latest date any line could book: the horizon, or a later held date. */
  lastDate: string;
}

/** One pass that looks lines up by text; everything after works on group numbers. */
function groupLines(plan: Planning, lines: PlannedLine[]): Groups {
  const byKey = new Map<string, Map<string, number>>();
  const groups: Groups = {
    lines: [],
    pictures: [],
    items: [],
    of: new Int32Array(lines.length),
    lastDate: plan.lastDate,
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const bySite = byKey.get(l.sku) ?? byKey.set(l.sku, new Map()).get(l.sku)!;
    let g = bySite.get(l.site_code);
    if (g === undefined) {
      g = groups.lines.length;
      bySite.set(l.site_code, g);
      groups.lines.push([]);
      groups.pictures.push(plan.pictures.get(key(l.sku, l.site_code)));
      groups.items.push(plan.items.get(l.sku));
    }
    groups.lines[g]!.push(l);
    groups.of[i] = g;
    if (l.confirmed_date && l.confirmed_date > groups.lastDate) groups.lastDate = l.confirmed_date;
  }
  return groups;
}

/**
 * Serves the lines in order against one evolving picture per sku and site; returns the lines whose
 * promise must change. Pictures where every held promise stands are not touched; the others become
 * an incremental ATP curve, so each line costs a few range updates rather than a recomputed picture.
 */
export function decide(plan: Planning, lines: PlannedLine[]): Decision[] {
  // Decisions and what each line holds after this run (where it is not its held promise), by line index.
  const changed: Array<Decision | undefined> = new Array(lines.length);
  const results: Array<PromiseResult | undefined> = new Array(lines.length);
  const groups = groupLines(plan, lines);
  const { lastDate, of: groupOfLine } = groups;
  const days = new DayIndex(plan.today);
  const holding = holdingPictures(plan, groups, days, lastDate);
  const phases = phasesOf(plan, lines);
  // A picture with a line that may take a better promise is decided line by line, though all its promises stand.
  if (phases) for (const i of [...phases.win, ...phases.gain]) holding[groupOfLine[i]!] = 0;
  // Pictures where a win line took a better promise: a lose line that then moves says why.
  const takenFrom = new Uint8Array(groups.lines.length);
  const arena = new CurveArena();
  const curves: Array<AtpCurve | undefined> = [];
  const curveOf = (g: number): AtpCurve =>
    (curves[g] ??= new AtpCurve(
      groups.pictures[g] ?? { today: plan.today, onHand: 0, receipts: [], demand: [] },
      lastDate,
      days,
      arena,
    ));
  // A buy item's replenishment is the same for every line; a make item's capacity shrinks as lines take it.
  const replenishments = new Map<string, Replenishment>();
  /** Serves one line by a rule (reconfirm-allocate.ts); false when a win line is left for a later phase. */
  const serve = (i: number, rule: Rule = 'today'): boolean => {
    const g = groupOfLine[i]!;
    // Its lines keep their promises, and none of them books capacity (heldIsCurrent): nothing to do.
    if (holding[g]) return true;
    const line = lines[i]!;
    const item = groups.items[g];
    if (!item) return true;
    const capKey = item.make_or_buy === 'make' && item.family ? key(item.family, line.site_code) : null;
    let rep = capKey ? undefined : replenishments.get(item.sku);
    if (!rep) {
      rep = { makeOrBuy: item.make_or_buy, leadTimeDays: Number(item.lead_time_days), horizon: plan.horizon };
      if (capKey && plan.capacity.has(capKey)) rep.capacity = plan.capacity.get(capKey)!;
      else if (!capKey) replenishments.set(item.sku, rep);
    }
    if (toShip(line) === 0) {
      if (rule === 'improve') return true;
      changed[i] = fulfilledDecision(plan, line, item.family);
      results[i] = changed[i].promise;
      return true;
    }
    const stored = storedOf(plan, line);
    const held = heldOf(plan, line, stored);
    let result = held;
    const curve = curveOf(g);
    const shipped = held !== stored;
    let reason: string | undefined;
    // The promise keeps the rule it was given by: under an arrival promise, ATP is asked for the ship date.
    const requested = shipRequestDate(line.requested_date, basisOfRow(line));
    const offer = (floor?: string) =>
      promiseOn(
        curve,
        {
          qty: toShip(line),
          requestedDate: floor && floor > requested ? floor : requested,
          allowPartial: !line.ship_complete,
        },
        rep,
      );
    if (rule === 'keepOnTime') {
      if (!inFullOnTime(line, toShip(line), held) || !stillHolds(plan, line, curve, rep, held)) return false;
    } else if (rule === 'best') {
      const offered = offer();
      if (isBetter(offered, held, toShip(line)) || !stillHolds(plan, line, curve, rep, held)) {
        result = offered;
        book(curve, result);
        reason = WIN_REASON;
        takenFrom[g] = 1;
      }
    } else if (rule === 'improve') {
      // A gain line's promise after the other phases; one that books capacity keeps it (its capacity is not handed back).
      const now = results[i] ?? held;
      if (now.capacityUsed.length || inFullOnTime(line, toShip(line), now)) return true;
      unbook(curve, now);
      const offered = offer();
      if (!isBetter(offered, now, toShip(line))) {
        book(curve, now);
        return true;
      }
      result = offered;
      book(curve, result);
      reason = GAIN_REASON;
    } else if (!stillHolds(plan, line, curve, rep, held)) {
      // A fill line never improves: it is asked for no earlier than the last date it held.
      result = offer(rule === 'fill' ? held.confirmations.at(-1)?.date : undefined);
      book(curve, result);
      if (rule === 'lose' && takenFrom[g]) reason = TAKEN_REASON;
    }
    if (result !== stored) {
      results[i] = result;
      // A line that cannot be confirmed gets the same answer again: nothing to record, every sync.
      if (!samePromise(stored, result)) {
        if (!reason && shipped && result === held)
          reason = `${milliText(line.shippedMilli)} of ${milliText(line.qtyMilli)} shipped: the rest keeps its dates`;
        changed[i] = {
          line,
          promise: { ...result, sku: line.sku, site: line.site_code, family: item.family },
          ...(reason && { reason }),
        };
      }
    }
    if (capKey && rep.capacity && result.capacityUsed.length)
      plan.capacity.set(capKey, deductCapacity(rep.capacity, result.capacityUsed));
    return true;
  };
  // An order's lines are next to each other in service order (they share its priority and intake);
  // only a ship-complete order needs to know where its lines end.
  // Allocation serves by phases first (reconfirm-allocate.ts); its ship-complete orders align after.
  if (phases) {
    const later = phases.win.filter((i) => !serve(i, 'keepOnTime'));
    for (const i of phases.keep) serve(i, keeperRule(plan, lines[i]!));
    for (const i of later) serve(i, 'best');
    for (const i of phases.lose) serve(i, 'lose');
    for (const i of phases.gain) serve(i, 'improve');
  }
  let first = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!phases) serve(i);
    const line = lines[i]!;
    if (!line.ship_complete) continue;
    if (i > 0 && lines[i - 1]!.order_id !== line.order_id) first = i;
    if (i + 1 < lines.length && lines[i + 1]!.order_id === line.order_id) continue;
    if (i > first) shipTogetherAgain(plan, lines, first, i, { results, changed, curves, groupOfLine });
  }
  return changed.filter((d): d is Decision => d !== undefined);
}

/** The plan as of another day: its horizon and lead-time dates follow. */
const asOf = (plan: Planning, today: string): Planning =>
  today === plan.today ? plan : { ...plan, today, horizon: addDays(today, HORIZON_DAYS), ready: undefined };

/**
 * Each site promises from its own today (its time zone's date): the lines of the sites that share a
 * day are decided together, in service order, as of that day. Lines of different sites never share
 * supply or capacity; a ship-complete order with lines at sites a date apart is aligned per day.
 */
export function decideBySite(plan: Planning, lines: PlannedLine[]): Decision[] {
  const siteDays = new Set(plan.todays.values());
  if (siteDays.size <= 1) return decide(asOf(plan, siteDays.values().next().value ?? plan.today), lines);
  const days = [...new Set(lines.map((l) => todayOf(plan, l.site_code)))];
  if (days.length <= 1) return decide(asOf(plan, days[0] ?? plan.today), lines);
  return days.flatMap((day) =>
    decide(
      asOf(plan, day),
      lines.filter((l) => todayOf(plan, l.site_code) === day),
    ),
  );
}

/**
 * Ship complete: every line of an order ships with its last one. When this run moved one of them,
 * the others follow to the order's last date, whole, as at intake. Moving a line later only raises
 * S − D before its new date, so no line served after it loses anything by it. An order where a
 * line cannot be confirmed at all is left as it is, as at intake.
 */
function shipTogetherAgain(
  plan: Planning,
  lines: PlannedLine[],
  first: number,
  last: number,
  at: {
    results: Array<PromiseResult | undefined>;
    changed: Array<Decision | undefined>;
    curves: Array<AtpCurve | undefined>;
    groupOfLine: Int32Array;
  },
): void {
  // A line shipped in full has left the order's shipment: the others no longer wait for it.
  const span = Array.from({ length: last - first + 1 }, (_, k) => first + k).filter(
    (i) => !at.changed[i]?.fulfilled,
  );
  if (!span.some((i) => at.changed[i])) return;
  const now = (i: number): PromiseResult => at.results[i] ?? heldOf(plan, lines[i]!);
  if (span.some((i) => now(i).confirmedDate === null)) return;
  const date = span.map((i) => now(i).confirmedDate!).reduce((a, b) => (a >= b ? a : b));
  const setter = span.find((i) => now(i).confirmedDate === date)!;
  for (const i of span) {
    const current = now(i);
    if (current.confirmedDate === date && current.confirmations.length === 1) continue;
    const aligned: PromiseResult = {
      ...current,
      confirmedDate: date,
      confirmations: [{ date, qty: current.confirmations.reduce((n, c) => n + c.qty, 0) }],
    };
    // A picture without a curve is one whose promises all stood: moving one later keeps it so.
    const curve = at.curves[at.groupOfLine[i]!];
    if (curve && plan.items.has(lines[i]!.sku)) {
      unbook(curve, current);
      book(curve, aligned);
    }
    at.results[i] = aligned;
    const line = lines[i]!;
    const item = plan.items.get(line.sku);
    if (samePromise(storedOf(plan, line), aligned)) at.changed[i] = undefined;
    else
      at.changed[i] = {
        line,
        promise: { ...aligned, sku: line.sku, site: line.site_code, family: item?.family ?? null },
        ...(i !== setter && {
          reason: `the order ships complete and its line ${lines[setter]!.line_no} is now confirmed for ${date}: this line ships with it (was ${line.confirmed_date ?? 'unconfirmed'})`,
        }),
      };
  }
}

/** Lines that compete for the same supply or capacity: an item at a site, or a make family at a site. */
export function groupOf(plan: Planning, line: Pick<rc.OpenLineRow, 'sku' | 'site_code'>): string {
  const item = plan.items.get(line.sku);
  return item?.make_or_buy === 'make' && item.family
    ? key(`F:${item.family}`, line.site_code)
    : key(`S:${line.sku}`, line.site_code);
}
