/**
 * Fulfillment risk of one open order line: pure arithmetic over the facts the loader gathers, no
 * SQL and no clock (today is a fact). Each signal adds fixed points and says why in words a planner
 * acts on; the score is their sum, capped below the late band's 100. Quantities are integer
 * thousandths (src/atp/quantity.ts), dates YYYY-MM-DD.
 */

export const RISK_BANDS = ['late', 'high', 'medium', 'low'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

export const REASON_CODES = [
  'past_due',
  'unconfirmed',
  'supply_unfirm',
  'supply_moved_before',
  'plant_late_history',
  'production_not_released',
  'slipped_before',
  'capacity_tight',
  'thin_cover',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface RiskReason {
  code: ReasonCode;
  text: string;
}

export type CoverKind = 'stock' | 'production' | 'purchase' | 'transfer' | 'new_supply' | 'none';

/** What a line's promise stands on (see allocateCover). */
export interface Cover {
  kind: CoverKind;
  /** The receipt's ERP reference (production, purchase, transfer); null otherwise. */
  ref: string | null;
  dueDate: string | null;
  status: 'planned' | 'firm' | 'released' | null;
  /** The due date before the ERP last moved it; null when it never moved. */
  prevDueDate: string | null;
}

export interface RiskFacts {
  /** The site's today. */
  today: string;
  /** The line's confirmed date (its last confirmation); null when nothing could be promised. */
  promisedDate: string | null;
  /** What the line still reserves (its confirmations). */
  qty: number;
  leadTimeDays: number;
  cover: Cover;
  /** How often the line's promise moved later, and the last such move. */
  slips: { count: number; lastFrom: string | null; lastTo: string | null };
  /** The family's capacity and what confirmed lines booked of it in the week up to the promised date. */
  capacity: { family: string; site: string; units: number; booked: number } | null;
  /** ATP on the promised date, this line's demand included; null when unknown. */
  atpLeft: number | null;
  /** The plant's production orders: how many the ERP moved later, of how many known. */
  plantHistory: { site: string; moved: number; of: number } | null;
}

export interface RiskScore {
  score: number;
  band: RiskBand;
  reasons: RiskReason[];
}

/**
 * Points per signal, tuned on the plant simulator's history (npm run risk:validate, seed 1; reported
 * on seed 2, README): a promise that moved later before is the strongest sign of another move, so a
 * slip counts 35 (with thin cover, high); a planned receipt or unreleased production within the
 * lead time was seldom followed by lateness there, so they count 10 each.
 */
export const WEIGHTS = {
  unconfirmed: 60,
  supplyMovedBefore: 30,
  supplyUnfirm: 10,
  productionNotReleased: 10,
  plantLateHistory: 10,
  slipEach: 35,
  slipMax: 60,
  capacityTight: 15,
  overPromised: 35,
  thinCover: 15,
} as const;

/** The share of a week's capacity booked from which it counts as tight. */
export const CAPACITY_TIGHT_SHARE = 0.9;
/** ATP left below this share of the line's quantity is thin cover. */
export const THIN_COVER_SHARE = 0.2;
/** A plant counts as often late from this share of moved production orders, among at least PLANT_MIN_ORDERS. */
export const PLANT_LATE_SHARE = 1 / 3;
export const PLANT_MIN_ORDERS = 3;
const MAX_UNLESS_LATE = 95;

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A quantity in thousandths as people read it: 12, 2.5, 0.125. */
export function formatQty(milli: number): string {
  return String(milli / 1000);
}

const times = (n: number): string => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

const KIND_WORDS: Record<CoverKind, string> = {
  stock: 'stock',
  production: 'production order',
  purchase: 'purchase order',
  transfer: 'transfer order',
  new_supply: 'new supply',
  none: 'nothing',
};

export function bandOf(score: number, pastDue: boolean): RiskBand {
  if (pastDue) return 'late';
  if (score >= 50) return 'high';
  if (score >= 25) return 'medium';
  return 'low';
}

export function scoreLine(f: RiskFacts): RiskScore {
  const reasons: Array<RiskReason & { points: number }> = [];
  const add = (code: ReasonCode, points: number, text: string) => reasons.push({ code, points, text });
  const due = f.promisedDate;
  const pastDue = due !== null && due < f.today;
  const receipt = f.cover.ref !== null && f.cover.kind !== 'stock' ? f.cover : null;

  if (pastDue) {
    const late = daysBetween(due, f.today);
    add(
      'past_due',
      0,
      `promised for ${due}, ${late} ${late === 1 ? 'day' : 'days'} ago, and not yet shipped`,
    );
  }
  if (due === null) add('unconfirmed', WEIGHTS.unconfirmed, 'no date could be promised within the horizon');

  if (receipt?.prevDueDate && receipt.dueDate && receipt.prevDueDate < receipt.dueDate)
    add(
      'supply_moved_before',
      WEIGHTS.supplyMovedBefore,
      `covered by ${receipt.ref}, which the ERP moved later before (from ${receipt.prevDueDate} to ${receipt.dueDate})`,
    );
  if (receipt?.status === 'planned')
    add(
      'supply_unfirm',
      WEIGHTS.supplyUnfirm,
      `covered by ${receipt.ref}, a planned ${KIND_WORDS[receipt.kind]} not yet firm`,
    );

  if (receipt?.kind === 'production' && due !== null && !pastDue && receipt.status !== 'released') {
    const left = daysBetween(f.today, due);
    if (left <= f.leadTimeDays)
      add(
        'production_not_released',
        WEIGHTS.productionNotReleased,
        `due in ${left} ${left === 1 ? 'day' : 'days'}, production order ${receipt.ref} not released (lead time ${f.leadTimeDays} days)`,
      );
  }

  const plant = f.plantHistory;
  if (
    receipt?.kind === 'production' &&
    plant &&
    plant.of >= PLANT_MIN_ORDERS &&
    plant.moved >= plant.of * PLANT_LATE_SHARE
  )
    add(
      'plant_late_history',
      WEIGHTS.plantLateHistory,
      `plant ${plant.site} moved ${plant.moved} of its ${plant.of} production orders later`,
    );

  if (f.slips.count > 0)
    add(
      'slipped_before',
      Math.min(WEIGHTS.slipMax, WEIGHTS.slipEach * f.slips.count),
      `promise moved later ${times(f.slips.count)} already${
        f.slips.lastFrom && f.slips.lastTo ? ` (last from ${f.slips.lastFrom} to ${f.slips.lastTo})` : ''
      }`,
    );

  const cap = f.capacity;
  if (cap && cap.units > 0 && cap.booked >= cap.units * CAPACITY_TIGHT_SHARE && due !== null && !pastDue)
    add(
      'capacity_tight',
      WEIGHTS.capacityTight,
      `family ${cap.family} at ${cap.site} is ${Math.round((100 * cap.booked) / cap.units)} % booked in the week up to ${due}`,
    );

  // Past the date, ATP "on" it is today's, which says nothing of a promise already broken.
  if (f.atpLeft !== null && due !== null && !pastDue) {
    if (f.atpLeft < 0)
      add(
        'thin_cover',
        WEIGHTS.overPromised,
        `over-promised: ${formatQty(-f.atpLeft)} short on ${due} against ${formatQty(f.qty)} on this line`,
      );
    else if (f.atpLeft < f.qty * THIN_COVER_SHARE)
      add(
        'thin_cover',
        WEIGHTS.thinCover,
        `only ${formatQty(f.atpLeft)} left to promise on ${due} against ${formatQty(f.qty)} on this line`,
      );
  }

  const sum = reasons.reduce((s, r) => s + r.points, 0);
  const score = pastDue ? 100 : Math.min(MAX_UNLESS_LATE, sum);
  return {
    score,
    band: bandOf(score, pastDue),
    reasons: reasons.map(({ code, text }) => ({ code, text })),
  };
}

/** How often a line's confirmed date moved later across its ledger versions (to none counts as later). */
export function countSlips(versions: ReadonlyArray<string | null>): RiskFacts['slips'] {
  let count = 0;
  let lastFrom: string | null = null;
  let lastTo: string | null = null;
  for (let i = 1; i < versions.length; i++) {
    const before = versions[i - 1] ?? null;
    const after = versions[i] ?? null;
    if (before !== null && (after === null || after > before)) {
      count++;
      lastFrom = before;
      lastTo = after;
    }
  }
  return { count, lastFrom, lastTo };
}
