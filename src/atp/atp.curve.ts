/**
 * ATP as a curve that changes one line at a time: S(t) − D(t) for every day from today to a last
 * date, kept in a segment tree with range-add and range-min. Adding a receipt or a demand on day d
 * shifts S − D on every day from d on (one range add), and ATP(d) is the minimum of S − D from d to
 * the end (one range min), so promising many lines against one evolving picture costs O(log days)
 * per line instead of re-sorting and re-scanning every bucket. Same answers as `computeBuckets`:
 * S − D only changes on bucket dates, so the first day that covers a quantity is a bucket date.
 * Pure: no clock, no SQL.
 */
import { addDays, pickLaterDate } from '../shared/time';
import type { AtpView, SupplyPicture } from './atp.types';

/** The number in `text` from `from` to `to`, digits only, or NaN. */
export function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date, by arithmetic (Hinnant's days_from_civil), or NaN for other text. */
function civilDay(date: string): number {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return NaN;
  const m = digits(date, 5, 7);
  const d = digits(date, 8, 10);
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31)) return NaN;
  const y = digits(date, 0, 4) - (m <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/**
 * Dates as day numbers from today (dates before today count as today), and back. Computed from the
 * digits, not looked up: a night's re-confirmation asks this hundreds of thousands of times, each
 * with a new string that a map would first have to hash.
 */
export class DayIndex {
  private readonly dates: string[] = [];
  private readonly epochDay: number;

  constructor(readonly today: string) {
    this.epochDay = civilDay(today);
    if (Number.isNaN(this.epochDay)) throw new RangeError(`ATP: not a date: ${today}`);
  }

  indexOf(date: string): number {
    const day = civilDay(date);
    if (Number.isNaN(day)) throw new RangeError(`ATP: not a date: ${date}`);
    return Math.max(0, day - this.epochDay);
  }

  dateAt(i: number): string {
    return (this.dates[i] ??= addDays(this.today, i));
  }
}

/**
 * Memory for many curves in a few large buffers: a picture's curve is a view into one, so serving
 * thousands of pictures does not allocate (and collect) thousands of typed arrays.
 */
export class CurveArena {
  private buffer = new Float64Array(0);
  private used = 0;

  constructor(private readonly chunk = 1 << 20) {}

  /** Memory never handed out before, so all zero. */
  take(length: number): Float64Array {
    if (this.used + length > this.buffer.length) {
      this.buffer = new Float64Array(Math.max(length, this.chunk));
      this.used = 0;
    }
    const view = this.buffer.subarray(this.used, this.used + length);
    this.used += length;
    return view;
  }
}

/**
 * S − D per day as plain running sums, for the one question a whole picture's held promises ask
 * at once: does booking them lower the lowest day (below zero)? Between days with a change the sums
 * stay flat, so only those days are visited, in order: a picture has a few dozen against a year of
 * days, and a night asks this of thousands of pictures.
 */
export class DailyBalance {
  private readonly n: number;
  private readonly base: Float64Array;
  private readonly added: Float64Array;
  /** Days with a change since the last reset, each once (`seen`). */
  private readonly changed: Int32Array;
  private readonly seen: Uint8Array;
  private count = 0;

  /** Days from today to `lastDate`, as in `AtpCurve`; one balance serves picture after picture. */
  constructor(
    private readonly days: DayIndex,
    lastDate: string,
  ) {
    this.n = days.indexOf(lastDate) + 1;
    this.base = new Float64Array(this.n);
    this.added = new Float64Array(this.n);
    this.changed = new Int32Array(this.n);
    this.seen = new Uint8Array(this.n);
  }

  private at(date: string): number {
    const i = this.days.indexOf(date);
    if (i >= this.n) throw new RangeError(`ATP: ${date} is past the balance's last date`);
    if (!this.seen[i]) {
      this.seen[i] = 1;
      this.changed[this.count++] = i;
    }
    return i;
  }

  /** Starts over with a picture and nothing added. */
  reset(p: SupplyPicture): void {
    for (let k = 0; k < this.count; k++) {
      const i = this.changed[k]!;
      this.base[i] = 0;
      this.added[i] = 0;
      this.seen[i] = 0;
    }
    this.count = 0;
    this.base[this.at(p.today)]! += p.onHand;
    for (const r of p.receipts) this.base[this.at(r.date)]! += r.qty;
    for (const d of p.demand) this.base[this.at(d.date)]! -= d.qty;
  }

  addDemand(date: string, qty: number): void {
    this.added[this.at(date)]! -= qty;
  }

  addReceipt(date: string, qty: number): void {
    this.added[this.at(date)]! += qty;
  }

  /** Whether min(0, lowest S − D) with what was added is no lower than without it. */
  keepsLowest(): boolean {
    const days = this.changed.subarray(0, this.count).sort();
    let before = 0;
    let after = 0;
    let lowBefore = 0;
    let lowAfter = 0;
    for (let k = 0; k < days.length; k++) {
      const i = days[k]!;
      before += this.base[i]!;
      after += this.base[i]! + this.added[i]!;
      if (before < lowBefore) lowBefore = before;
      if (after < lowAfter) lowAfter = after;
    }
    return lowAfter >= lowBefore;
  }
}

export class AtpCurve implements AtpView {
  readonly today: string;
  readonly onHand: number;
  totalDemand = 0;
  /** Days in the curve: today (index 0) to the last date. */
  private readonly n: number;
  private readonly size: number;
  /** Per node: the minimum of its range, including the node's own pending add. */
  private readonly low: Float64Array;
  /** Per node: an add that applies to its whole range and has not been pushed to its children. */
  private readonly pending: Float64Array;

  /** `lastDate` must be on or after every date the curve will ever be given (the horizon, the picture's dates). */
  constructor(
    p: SupplyPicture,
    lastDate: string,
    private readonly days: DayIndex = new DayIndex(p.today),
    arena: CurveArena = new CurveArena(0),
  ) {
    if (days.today !== p.today) throw new RangeError('ATP: the day index is for another today');
    this.today = p.today;
    this.onHand = p.onHand;
    this.n = days.indexOf(lastDate) + 1;
    let size = 1;
    while (size < this.n) size *= 2;
    this.size = size;
    // Fresh memory, all zero: no pending adds, no changes yet.
    const nodes = arena.take(4 * size);
    this.low = nodes.subarray(0, 2 * size);
    this.pending = nodes.subarray(2 * size);
    // Leaves first hold each day's change of S − D, then their running sum; past the last day, nothing.
    const leaves = this.low.subarray(size);
    leaves.fill(Infinity, this.n);
    leaves[0] = p.onHand;
    for (const r of p.receipts) leaves[this.at(r.date)]! += r.qty;
    for (const d of p.demand) {
      leaves[this.at(d.date)]! -= d.qty;
      this.totalDemand += d.qty;
    }
    for (let i = 1; i < this.n; i++) leaves[i]! += leaves[i - 1]!;
    for (let i = size - 1; i >= 1; i--) this.low[i] = Math.min(this.low[2 * i]!, this.low[2 * i + 1]!);
  }

  private at(date: string): number {
    const i = this.days.indexOf(date);
    if (i >= this.n) throw new RangeError(`ATP: ${date} is past the curve's last date`);
    return i;
  }

  addReceipt(date: string, qty: number): void {
    this.shift(this.at(date), qty);
  }

  addDemand(date: string, qty: number): void {
    this.shift(this.at(date), -qty);
    this.totalDemand += qty;
  }

  /** Lowest S − D over the whole curve: ATP(today). */
  lowest(): number {
    return this.low[1]!;
  }

  /** ATP(d): past the last date S − D stays flat, so a later date has the last day's ATP. */
  atpOn(date: string): number {
    return this.minFrom(Math.min(this.days.indexOf(date), this.n - 1));
  }

  /**
   * First date d >= notBefore with ATP(d) >= qty, or null. ATP(d) is the lowest S − D from d on,
   * so that is the day after the last day with S − D below qty: one walk down the tree.
   */
  firstDateCovering(qty: number, notBefore: string): string | null {
    const first = this.lastBelow(qty) + 1;
    return first === this.n ? null : pickLaterDate(this.days.dateAt(first), notBefore);
  }

  /** The last day with S − D below v, or -1. Days past the last date hold Infinity, never below. */
  private lastBelow(v: number): number {
    if (this.low[1]! >= v) return -1;
    let node = 1;
    let above = 0; // pending adds of the nodes above the current one
    while (node < this.size) {
      above += this.pending[node]!;
      const right = 2 * node + 1;
      node = this.low[right]! + above < v ? right : right - 1;
    }
    return node - this.size;
  }

  /** Adds v to S − D on every day from `from` to the end: walks down to `from`, then mends the path up. */
  private shift(from: number, v: number): void {
    if (v === 0) return;
    let node = 1;
    let lo = 0;
    let hi = this.size - 1;
    while (from > lo) {
      const mid = (lo + hi) >>> 1;
      if (from > mid) {
        node = 2 * node + 1;
        lo = mid + 1;
      } else {
        // The right half lies wholly from `from` on.
        this.low[2 * node + 1]! += v;
        this.pending[2 * node + 1]! += v;
        node = 2 * node;
        hi = mid;
      }
    }
    this.low[node]! += v;
    this.pending[node]! += v;
    for (node >>>= 1; node >= 1; node >>>= 1)
      this.low[node] = Math.min(this.low[2 * node]!, this.low[2 * node + 1]!) + this.pending[node]!;
  }

  /** Minimum of S − D from day `from` to the end. */
  private minFrom(from: number): number {
    let node = 1;
    let lo = 0;
    let hi = this.size - 1;
    let above = 0;
    let min = Infinity;
    while (from > lo) {
      above += this.pending[node]!;
      const mid = (lo + hi) >>> 1;
      if (from > mid) {
        node = 2 * node + 1;
        lo = mid + 1;
      } else {
        min = Math.min(min, this.low[2 * node + 1]! + above);
        node = 2 * node;
        hi = mid;
      }
    }
    return Math.min(min, this.low[node]! + above);
  }
}
