/**
 * Allocation when supply is short (the idea of SAP's backorder processing), pure: which lines
 * re-confirmation serves in which phase, by their account's strategy. Off (no account with a
 * strategy) re-confirmation serves every line as it always did (reconfirm-decide.ts).
 *
 * - win: confirm in full and on time, may take from `lose` lines;
 * - gain: keep its promise, may improve it from supply nobody holds;
 * - fill (and every account without a strategy): keep its promise, never improve it;
 * - lose: served last, so it gives up what a `win` line (or a line ahead of it that lost its own
 *   supply, as the priority order always did) needs.
 */
import type { Allocation } from '../accounts';
import type { PromiseResult } from '../atp';
import { basisOfRow, shipRequestDate } from './delivery-dates';
import type { Planning, PlannedLine } from './reconfirm-plan';

export const WIN_REASON =
  'allocated to a key account: its strategy (win) confirms it in full and on time before lines that may give up supply';
export const TAKEN_REASON =
  'allocated to a key account: a line of an account with strategy win took the supply this line held';
export const GAIN_REASON = 'improved from supply nobody holds (allocation strategy gain)';

/** How a line is served in a phase (see decide in reconfirm-decide.ts). */
export type Rule = 'today' | 'fill' | 'lose' | 'keepOnTime' | 'best' | 'improve';

export const strategyOf = (plan: Planning, line: PlannedLine): Allocation | null =>
  plan.allocations.size ? (plan.allocations.get(line.account_id) ?? null) : null;

const confirmedQty = (r: PromiseResult): number => r.confirmations.reduce((n, c) => n + c.qty, 0);

/** Every unit left to ship confirmed, the last of them by the ship date the request asks for. */
export function inFullOnTime(line: PlannedLine, toShip: number, r: PromiseResult): boolean {
  const last = r.confirmations.at(-1);
  return (
    last !== undefined &&
    confirmedQty(r) >= toShip &&
    last.date <= shipRequestDate(line.requested_date, basisOfRow(line))
  );
}

/** `offered` is better than `now`: confirmed in full where `now` is not, or in full with an earlier last date. */
export function isBetter(offered: PromiseResult, now: PromiseResult, toShip: number): boolean {
  const last = offered.confirmations.at(-1);
  if (offered.confirmedDate === null || !last || confirmedQty(offered) < toShip) return false;
  const was = now.confirmations.at(-1);
  if (now.confirmedDate === null || !was || confirmedQty(now) < toShip) return true;
  return last.date < was.date;
}

/** Line indices by phase, each in service order. */
export interface Phases {
  /** win lines: those whose held promise is in full, on time and stands are kept first; the others are served after the keepers. */
  win: number[];
  /** gain, then fill and no-strategy lines: kept while they stand, re-promised when not (a fill line never earlier). */
  keep: number[];
  lose: number[];
  /** gain lines again, last: each takes a better promise from what nobody holds. */
  gain: number[];
}

/** The phases, or null when no line's account has a strategy: then lines are served as always. */
export function phasesOf(plan: Planning, lines: readonly PlannedLine[]): Phases | null {
  if (!plan.allocations.size) return null;
  const byStrategy: Record<Allocation | 'none', number[]> = {
    win: [],
    gain: [],
    fill: [],
    lose: [],
    none: [],
  };
  let any = false;
  for (let i = 0; i < lines.length; i++) {
    const s = strategyOf(plan, lines[i]!);
    if (s) any = true;
    byStrategy[s ?? 'none'].push(i);
  }
  if (!any) return null;
  // The keepers in service order, gain before the others: the order the lines came in, by rank.
  const keep = [...byStrategy.gain, ...[...byStrategy.fill, ...byStrategy.none].sort((a, b) => a - b)];
  return { win: byStrategy.win, keep, lose: byStrategy.lose, gain: byStrategy.gain };
}

/** The rule a keeper is served by: fill never improves; a line without strategy as always. */
export const keeperRule = (plan: Planning, line: PlannedLine): Rule =>
  strategyOf(plan, line) === 'fill' ? 'fill' : 'today';

/** The accounts whose lines may take a better promise than they hold (win, gain): their pictures are decided line by line. */
export const improvingAccounts = (plan: Planning): string[] =>
  [...plan.allocations].filter(([, s]) => s === 'win' || s === 'gain').map(([id]) => id);
