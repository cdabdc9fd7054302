import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Deps } from '../deps';
import { currentTime } from '../shared/clock';
import { AppError } from '../shared/errors';
import {
  AGE_BANDS,
  type BacklogRow,
  backlogByAge,
  type CaseFacts,
  caseFigures,
  type FigureGroupKey,
  type FigureRow,
} from './figures.engine';
import { neutralizeFormula } from '../shared/documents/spreadsheet-safety';
import { findCaseFacts, findUserNames } from './figures.repository';

/** The service desk's figures per period and team member, as JSON and as an Excel workbook. */

type Db = Pick<Deps, 'db'>;

export interface FiguresQuery {
  from?: string;
  to?: string;
  groupBy?: string;
}

export interface CaseFiguresResult {
  from: string;
  to: string;
  groupBy: FigureGroupKey[];
  rows: FigureRow[];
  backlog: { asOf: string; bands: string[]; rows: BacklogRow[]; team: BacklogRow };
}

const addMonths = (month: string, n: number): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7);
};

export async function caseFiguresOf(
  deps: Db,
  q: FiguresQuery,
  now = currentTime(),
): Promise<CaseFiguresResult> {
  const to = q.to ?? now.toISOString().slice(0, 7);
  const from = q.from ?? addMonths(to, -5);
  if (from > to)
    throw new AppError('validation_failed', 'Request is invalid', [
      { path: '/from', message: 'must not be after to' },
    ]);
  const groupBy = (
    q.groupBy === undefined ? ['period'] : q.groupBy.split(',').filter(Boolean)
  ) as FigureGroupKey[];
  const rows = await findCaseFacts(
    deps.db,
    `${from}-01T00:00:00.000Z`,
    `${addMonths(to, 1)}-01T00:00:00.000Z`,
  );
  const facts: CaseFacts[] = rows.map((r) => ({
    assigneeId: r.assignee_id,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
    status: r.status,
    breached: Boolean(r.breached),
    staffReplies: Number(r.staff_replies ?? 0),
    customerReplies: Number(r.customer_replies ?? 0),
    reopens: Number(r.reopens ?? 0),
  }));
  return {
    from,
    to,
    groupBy,
    rows: caseFigures(facts, { from, to }, groupBy),
    backlog: {
      asOf: now.toISOString(),
      bands: AGE_BANDS.map((b) => b.band),
      ...backlogByAge(facts, now.getTime()),
    },
  };
}

/** Names of the team members a result mentions; the unassigned read as such. */
export async function assigneeNames(
  deps: Db,
  result: CaseFiguresResult,
): Promise<(id: string | null) => string> {
  const ids = new Set<string>();
  for (const r of [...result.rows, ...result.backlog.rows]) if (r.assigneeId) ids.add(r.assigneeId);
  const names = await findUserNames(deps.db, [...ids]);
  return (id) => (id === null ? 'unassigned' : (names.get(id) ?? id));
}

/**
 * The same figures as a workbook: a sheet of figures per group and a sheet of the backlog by age,
 * team members by name (a name a spreadsheet would run as a formula is neutralized).
 */
export async function writeFiguresXlsx(deps: Db, result: CaseFiguresResult, out: Writable): Promise<void> {
  const named = await assigneeNames(deps, result);
  const nameOf = (id: string | null) => neutralizeFormula(named(id));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const figures = book.addWorksheet('Figures');
  figures.columns = [
    ...(result.groupBy.includes('period') ? [{ header: 'Period', key: 'period', width: 10 }] : []),
    ...(result.groupBy.includes('assignee') ? [{ header: 'Team member', key: 'assignee', width: 30 }] : []),
    { header: 'Opened', key: 'opened', width: 10 },
    { header: 'Resolved', key: 'resolved', width: 10 },
    { header: 'SLA attainment %', key: 'slaAttainmentPct', width: 18 },
    { header: 'First-contact resolution %', key: 'firstContactResolutionPct', width: 26 },
    { header: 'Reopen rate %', key: 'reopenRatePct', width: 15 },
  ];
  for (const r of result.rows)
    figures.addRow({ ...r, ...(r.assigneeId !== undefined && { assignee: nameOf(r.assigneeId) }) }).commit();
  figures.commit();
  const backlog = book.addWorksheet('Backlog by age');
  backlog.columns = [
    { header: 'Team member', key: 'assignee', width: 30 },
    ...result.backlog.bands.map((b, i) => ({ header: b, key: `b${i}`, width: 8 })),
    { header: 'Total', key: 'total', width: 8 },
  ];
  for (const r of [...result.backlog.rows, { ...result.backlog.team, assigneeId: 'team' }]) {
    const cells = Object.fromEntries(r.counts.map((n, i) => [`b${i}`, n]));
    backlog
      .addRow({
        assignee: r.assigneeId === 'team' ? 'Whole team' : nameOf(r.assigneeId),
        ...cells,
        total: r.total,
      })
      .commit();
  }
  backlog.commit();
  await book.commit();
}
