import { oneDecimal } from '../shared/rounding';

/**
 * Pure: the service desk's figures from each case's facts. No I/O. Definitions:
 * - a case counts as **opened** in the month of its creation and as **resolved** in the month of
 *   its (last) resolution, when it is resolved or closed now;
 * - **SLA attainment**: resolved cases with neither target breached / resolved cases;
 * - **first-contact resolution**: resolved cases answered by staff at most once in public, with no
 *   reply from the customer and never reopened / resolved cases;
 * - **reopen rate**: resolved cases that were ever reopened / resolved cases;
 * each × 100, one decimal (half away from zero), null when nothing was resolved;
 * - **backlog by age**: cases not resolved nor closed at `now`, by days since they were opened.
 */

export interface CaseFacts {
  assigneeId: string | null;
  createdAt: string;
  resolvedAt: string | null;
  status: string;
  breached: boolean;
  staffReplies: number;
  customerReplies: number;
  reopens: number;
}

export const GROUP_KEYS = ['period', 'assignee'] as const;
export type FigureGroupKey = (typeof GROUP_KEYS)[number];

export interface FigureRow {
  period?: string;
  assigneeId?: string | null;
  opened: number;
  resolved: number;
  slaMet: number;
  slaAttainmentPct: number | null;
  firstContactResolved: number;
  firstContactResolutionPct: number | null;
  reopened: number;
  reopenRatePct: number | null;
}

const isDone = (f: CaseFacts) => (f.status === 'resolved' || f.status === 'closed') && f.resolvedAt !== null;
const monthOf = (iso: string) => iso.slice(0, 7);

/** One row per group (the keys asked for), ordered by period then assignee (unassigned last). */
export function caseFigures(
  facts: readonly CaseFacts[],
  range: { from: string; to: string },
  groupBy: readonly FigureGroupKey[],
): FigureRow[] {
  const rows = new Map<string, FigureRow>();
  const inRange = (m: string) => m >= range.from && m <= range.to;
  const rowOf = (month: string, f: CaseFacts) => {
    const key = JSON.stringify([
      groupBy.includes('period') ? month : null,
      groupBy.includes('assignee') ? f.assigneeId : 0,
    ]);
    let row = rows.get(key);
    if (!row) {
      row = {
        ...(groupBy.includes('period') && { period: month }),
        ...(groupBy.includes('assignee') && { assigneeId: f.assigneeId }),
        opened: 0,
        resolved: 0,
        slaMet: 0,
        slaAttainmentPct: null,
        firstContactResolved: 0,
        firstContactResolutionPct: null,
        reopened: 0,
        reopenRatePct: null,
      };
      rows.set(key, row);
    }
    return row;
  };
  for (const f of facts) {
    if (inRange(monthOf(f.createdAt))) rowOf(monthOf(f.createdAt), f).opened++;
    if (!isDone(f) || !inRange(monthOf(f.resolvedAt!))) continue;
    const row = rowOf(monthOf(f.resolvedAt!), f);
    row.resolved++;
    if (!f.breached) row.slaMet++;
    if (f.staffReplies <= 1 && f.customerReplies === 0 && f.reopens === 0) row.firstContactResolved++;
    if (f.reopens > 0) row.reopened++;
  }
  const pct = (n: number, d: number) => (d > 0 ? oneDecimal(100 * n, d) : null);
  return [...rows.values()]
    .map((r) => ({
      ...r,
      slaAttainmentPct: pct(r.slaMet, r.resolved),
      firstContactResolutionPct: pct(r.firstContactResolved, r.resolved),
      reopenRatePct: pct(r.reopened, r.resolved),
    }))
    .sort(
      (a, b) =>
        (a.period ?? '').localeCompare(b.period ?? '') ||
        Number(a.assigneeId === null) - Number(b.assigneeId === null) ||
        String(a.assigneeId ?? '').localeCompare(String(b.assigneeId ?? '')),
    );
}

/** Age bands of the backlog, in whole days since opening: [from, to). */
export const AGE_BANDS = [
  { band: '0-1d', from: 0, to: 1 },
  { band: '1-3d', from: 1, to: 3 },
  { band: '3-7d', from: 3, to: 7 },
  { band: '7-14d', from: 7, to: 14 },
  { band: '14d+', from: 14, to: Number.POSITIVE_INFINITY },
] as const;

export interface BacklogRow {
  assigneeId: string | null;
  /** Counts per band, in AGE_BANDS' order. */
  counts: number[];
  total: number;
}

/** Cases still open at `now`, by assignee and age band; the team's total row last. */
export function backlogByAge(
  facts: readonly CaseFacts[],
  now: number,
): { rows: BacklogRow[]; team: BacklogRow } {
  const byAssignee = new Map<string | null, BacklogRow>();
  const team: BacklogRow = { assigneeId: null, counts: AGE_BANDS.map(() => 0), total: 0 };
  for (const f of facts) {
    if (f.status === 'resolved' || f.status === 'closed') continue;
    const days = (now - Date.parse(f.createdAt)) / 86_400_000;
    const band = AGE_BANDS.findIndex((b) => days >= b.from && days < b.to);
    if (band < 0) continue;
    let row = byAssignee.get(f.assigneeId);
    if (!row)
      byAssignee.set(
        f.assigneeId,
        (row = { assigneeId: f.assigneeId, counts: AGE_BANDS.map(() => 0), total: 0 }),
      );
    row.counts[band]!++;
    row.total++;
    team.counts[band]!++;
    team.total++;
  }
  const rows = [...byAssignee.values()].sort(
    (a, b) =>
      Number(a.assigneeId === null) - Number(b.assigneeId === null) ||
      String(a.assigneeId ?? '').localeCompare(String(b.assigneeId ?? '')),
  );
  return { rows, team };
}
