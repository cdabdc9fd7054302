import { yearsBefore } from './account-knowledge.engine';
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { FULFILLMENT_METRICS_FILE_SPEC, type FulfillmentMetricsRow } from '../../connectors';
import { listAccountKeys, saveAccountClasses } from '../accounts';
import type { Deps } from '../deps';
import { configuredOutbound, type OutboundConnectorFactory } from '../erp';
import { notFound } from '../shared/errors';
import { moneyText } from '../shared/money';
import { redactError } from '../shared/logger';
import { nowIso, todayIso } from '../shared/time';
import { classifyAccounts } from './commercial.engine';
import { BASES } from './fulfillment.engine';
import { loadMetricFacts } from './metrics-facts';
import * as repo from './metrics-export.repository';
import type { ExportRun } from './metrics.schemas';
import { addMonths, type ComputedRow, computeRows, type MetricsRange } from './metrics.service';

/** The export covers this many months, up to and including the current one. */
export const EXPORT_MONTHS = 24;

const GROUP_ALL: MetricsRange['groupBy'] = ['period', 'account', 'family', 'site'];

/** The range the export covers on a given day: the same rows the API gives for it. */
export function exportRange(today: string): Pick<MetricsRange, 'from' | 'to' | 'groupBy'> {
  const to = today.slice(0, 7);
  return { from: addMonths(to, -(EXPORT_MONTHS - 1)), to, groupBy: GROUP_ALL };
}

const text = (n: number | null): string | null => (n === null ? null : String(n));

function toExportRow(basis: string, r: ComputedRow): FulfillmentMetricsRow {
  const f = r.figures;
  return {
    period: r.period!,
    erp_customer_id: r.erpCustomerId ?? null,
    family: r.family ?? null,
    site_code: r.site ?? null,
    basis,
    lines_due: f.linesDue,
    lines_on_time: f.linesOnTime,
    lines_in_full: f.linesInFull,
    lines_otif: f.linesOtif,
    otif_pct: text(f.otifPct),
    avg_days_late: text(f.avgDaysLate),
    quoted_lead_days_avg: text(f.quotedLeadDaysAvg),
    actual_lead_days_avg: text(f.actualLeadDaysAvg),
    quotes_decided: r.quotesDecided,
    quotes_won: r.quotesWon,
    hit_rate_count_pct: text(r.hitRateCountPct),
    hit_rate_value_pct: text(r.hitRateValuePct),
    ordered_value: moneyText(r.orderedValue),
  };
}

/** Sorted by the dataset's key, so unchanged data gives the rows in the same order every night. */
const exportKey = (r: FulfillmentMetricsRow): string =>
  [r.period, r.erp_customer_id ?? '', r.family ?? '', r.site_code ?? '', r.basis].join('\0');

/** Every fulfillment_metrics row of the night: each basis over the export's range. */
export async function exportRows(db: Knex, today: string): Promise<FulfillmentMetricsRow[]> {
  const range = exportRange(today);
  const rows: FulfillmentMetricsRow[] = [];
  for (const basis of BASES)
    for (const r of await computeRows(db, { ...range, basis }, today)) rows.push(toExportRow(basis, r));
  return rows.sort((a, b) => (exportKey(a) < exportKey(b) ? -1 : exportKey(a) > exportKey(b) ? 1 : 0));
}

/** The first day of the 12 months that end today (the ABC window): the same day a year ago, plus one. */
const yearBefore = (today: string): string => yearsBefore(today, 1);

/**
 * ABC classes (api.md): every account ranked by its net ordered value over the last 12 months by
 * order date; stored, so GET /api/accounts/:id reads them without ranking every account.
 */
export async function recomputeAccountClasses(db: Knex, today: string): Promise<void> {
  const facts = await loadMetricFacts(db, { fromDate: yearBefore(today), toDate: today, byPromise: false });
  const values = new Map<string, bigint>();
  for (const l of facts.lines)
    if (!l.facts.cancelled) values.set(l.accountId, (values.get(l.accountId) ?? 0n) + l.value);
  const accounts = (await listAccountKeys(db)).map((a) => ({ ...a, value: values.get(a.accountId) ?? 0n }));
  const classes = classifyAccounts(accounts);
  await saveAccountClasses(
    db,
    accounts.map((a) => ({ accountId: a.accountId, class: classes.get(a.accountId)!, value: a.value })),
    today,
    nowIso(),
  );
}

/** A run of the export, queued: the job (or the nightly schedule) runs it. */
export async function createExportRun(
  db: Knex,
  trigger: 'manual' | 'schedule',
  requestedBy: string | null,
): Promise<string> {
  const id = crypto.randomUUID();
  await repo.insertExportRun(db, {
    id,
    status: 'queued',
    trigger,
    requested_by: requestedBy,
    as_of: null,
    files: null,
    error: null,
    created_at: nowIso(),
    started_at: null,
    finished_at: null,
  });
  return id;
}

/**
 * Runs a queued export: recomputes the account classes, then writes fulfillment_metrics through
 * the connector's outbound port (the export folder's CSV and XLSX, each written under a temporary
 * name and renamed). A run already claimed (a second delivery of its job) does nothing.
 */
export async function runExport(
  deps: Deps,
  runId: string,
  openConnector: OutboundConnectorFactory = configuredOutbound(deps),
): Promise<void> {
  const { db } = deps;
  const today = todayIso();
  if (!(await repo.claimExportRun(db, runId, nowIso(), today))) return;
  try {
    await recomputeAccountClasses(db, today);
    const rows = await exportRows(db, today);
    const connector = await openConnector();
    let written = 0;
    const files: string[] = [];
    try {
      for (const target of connector.outbound.metrics ?? []) {
        written = await target.write(iterate(rows), { scope: 'picture' });
        if (target.label === `${FULFILLMENT_METRICS_FILE_SPEC.name} files`)
          files.push(
            `${FULFILLMENT_METRICS_FILE_SPEC.name}.csv`,
            `${FULFILLMENT_METRICS_FILE_SPEC.name}.xlsx`,
          );
      }
    } finally {
      await connector.close().catch(() => undefined);
    }
    await repo.finishExportRun(db, runId, {
      status: 'succeeded',
      files: JSON.stringify(files),
      error: null,
      finished_at: nowIso(),
    });
    deps.logger.info({ runId, rows: written, files }, 'fulfillment metrics exported');
  } catch (err) {
    deps.logger.error({ err: redactError(err), runId }, 'fulfillment metrics export failed');
    await repo.finishExportRun(db, runId, {
      status: 'failed',
      files: null,
      error: 'The export failed; the logs name the cause',
      finished_at: nowIso(),
    });
  }
}

async function* iterate<T>(rows: T[]): AsyncGenerator<T> {
  yield* rows;
}

export async function getExportRun(db: Knex, runId: string): Promise<ExportRun> {
  const r = await repo.findExportRun(db, runId);
  if (!r) throw notFound('Export run');
  return {
    runId: r.id,
    status: r.status as ExportRun['status'],
    trigger: r.trigger,
    asOf: r.as_of,
    files: r.files ? (JSON.parse(r.files) as string[]) : [],
    error: r.error,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}
