import { daysBetween, oneDecimal } from './fulfillment.engine';

/**
 * Promise churn and quote losses: how often and how far promises moved, and why quotes were lost.
 * The contract does not define them (README, "Promise churn and lost quotes"); the reasons come
 * from the texts the promise ledger and the quote events already hold, so they are classified here,
 * as pure functions tested by tables.
 */

export const MOVE_REASONS = ['supplier', 'capacity', 'stock', 'erp_demand', 'customer', 'other'] as const;
export type MoveReason = (typeof MOVE_REASONS)[number];

/** One promise-ledger version as the churn reads it. */
export interface LedgerEntry {
  at: string;
  confirmedDate: string | null;
  changedBy: string;
  reason: string | null;
}

export interface PromiseMove {
  /** YYYY-MM-DD the new promise was recorded. */
  on: string;
  from: string;
  to: string;
  /** to − from: positive when the promise moved later. */
  days: number;
  reason: MoveReason;
}

/*
 * Re-confirmation writes its reason in a planner's words (orders/slip-reasons.ts); the first rule
 * that matches wins, in this order, because a cause upstream explains what follows it: a late
 * purchase order is why the promised date then passed without shipment.
 */
const MOVE_RULES: ReadonlyArray<readonly [RegExp, MoveReason]> = [
  [/purchase order \S+ (moved|reduced|is no longer)|transfer \S+ (moved|reduced|is no longer)/, 'supplier'],
  [/production order \S+ (moved|reduced|is no longer)|capacity/, 'capacity'],
  [/stock at \S+ reduced/, 'stock'],
  [/supply or demand changed|orders served first|no longer covers the line/, 'erp_demand'],
  // Our own plant did not ship on the date, with no supply change to explain it.
  [/passed without shipment/, 'capacity'],
];

/**
 * Why a promise moved. A change by the customer, or by its account manager or a planner through
 * the order's change (quantity, requested date), is the customer's choice; re-confirmation is
 * classified by its reason's text; anything else (a ship-complete order aligning its lines) is other.
 */
export function classifyMove(changedBy: string, reason: string | null): MoveReason {
  if (changedBy === 'customer' || changedBy === 'account_manager' || changedBy === 'planner')
    return 'customer';
  const text = reason ?? '';
  for (const [pattern, cause] of MOVE_RULES) if (pattern.test(text)) return cause;
  return 'other';
}

/**
 * The moves of one line's promise, oldest first: each dated version whose date differs from the
 * dated version before it. A version without a date is no promise (closed, cancelled, not yet
 * datable), so it neither moves nor breaks the chain.
 */
export function promiseMoves(entries: LedgerEntry[]): PromiseMove[] {
  const moves: PromiseMove[] = [];
  let current: string | null = null;
  for (const e of entries) {
    if (e.confirmedDate === null) continue;
    if (current !== null && e.confirmedDate !== current)
      moves.push({
        on: e.at.slice(0, 10),
        from: current,
        to: e.confirmedDate,
        days: daysBetween(current, e.confirmedDate),
        reason: classifyMove(e.changedBy, e.reason),
      });
    current = e.confirmedDate;
  }
  return moves;
}

export interface MoveFigures {
  moves: number;
  movesLater: number;
  /** Mean days of the moves to a later date, one decimal; null when none. */
  avgDaysLater: number | null;
}

export interface ChurnFigures extends MoveFigures {
  linesMoved: number;
  movesEarlier: number;
  /** Mean distance of every move in days (later or earlier), one decimal; null when none. */
  avgDaysMoved: number | null;
  byReason: Array<MoveFigures & { reason: MoveReason }>;
}

function moveFigures(moves: PromiseMove[]): MoveFigures {
  const later = moves.filter((m) => m.days > 0);
  const sum = later.reduce((s, m) => s + m.days, 0);
  return {
    moves: moves.length,
    movesLater: later.length,
    avgDaysLater: later.length ? oneDecimal(sum, later.length) : null,
  };
}

/** The churn of a group: its lines' moves (one list per line), with every reason that occurs. */
export function churnFigures(movesPerLine: PromiseMove[][]): ChurnFigures {
  const all = movesPerLine.flat();
  const distance = all.reduce((s, m) => s + Math.abs(m.days), 0);
  return {
    ...moveFigures(all),
    linesMoved: movesPerLine.filter((m) => m.length > 0).length,
    movesEarlier: all.filter((m) => m.days < 0).length,
    avgDaysMoved: all.length ? oneDecimal(distance, all.length) : null,
    byReason: MOVE_REASONS.map((reason) => ({
      reason,
      ...moveFigures(all.filter((m) => m.reason === reason)),
    })).filter((r) => r.moves > 0),
  };
}

export const LOST_REASONS = ['price', 'lead_time', 'competitor', 'expired', 'other'] as const;
export type LostReason = (typeof LOST_REASONS)[number];

/*
 * A rejection's reason is the customer's free text (POST /api/quotes/:id/reject); the first rule
 * that matches wins, price before the others because "cheaper from another supplier" is about price.
 */
const LOST_RULES: ReadonlyArray<readonly [RegExp, LostReason]> = [
  [/pric|expensive|cost|cheap|discount|budget/i, 'price'],
  [/lead ?time|deliver|too long|too late|sooner|faster|schedule/i, 'lead_time'],
  [/competitor|another supplier|other supplier|elsewhere|someone else/i, 'competitor'],
];

/** Why a decided quote line was lost: `expired` when the customer never answered, else by the rejection's text. */
export function classifyLoss(decision: 'rejected' | 'expired', reason: string | null): LostReason {
  if (decision === 'expired') return 'expired';
  for (const [pattern, cause] of LOST_RULES) if (pattern.test(reason ?? '')) return cause;
  return 'other';
}

export interface LossInput {
  decision: 'accepted' | 'rejected' | 'expired';
  reason: string | null;
  netValue: bigint;
}

export interface LostByReason {
  reason: LostReason;
  lines: number;
  value: bigint;
  /** Share of the lost lines, and of the lost value, × 100, one decimal. */
  countPct: number;
  valuePct: number | null;
}

export interface LossFigures {
  quotesDecided: number;
  quotesLost: number;
  valueLost: bigint;
  byReason: LostByReason[];
}

/** The lost quote lines of a group by reason, by count and by value (accepted lines are decided, not lost). */
export function lossFigures(lines: LossInput[]): LossFigures {
  const lost = lines
    .filter((l) => l.decision !== 'accepted')
    .map((l) => ({ ...l, cause: classifyLoss(l.decision as 'rejected' | 'expired', l.reason) }));
  const valueLost = lost.reduce((s, l) => s + l.netValue, 0n);
  const byReason = LOST_REASONS.map((reason): LostByReason => {
    const of = lost.filter((l) => l.cause === reason);
    const value = of.reduce((s, l) => s + l.netValue, 0n);
    return {
      reason,
      lines: of.length,
      value,
      countPct: of.length ? oneDecimal(100 * of.length, lost.length) : 0,
      valuePct: valueLost > 0n ? oneDecimal(100n * value, valueLost) : null,
    };
  }).filter((r) => r.lines > 0);
  return { quotesDecided: lines.length, quotesLost: lost.length, valueLost, byReason };
}
