import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { neutralizeFormula } from '../shared/documents/spreadsheet-safety';
import type { Basis } from './fulfillment.engine';
import { type GroupKey, groupRows, loadRangeFacts, type MetricsRange, toApiRow } from './metrics.service';

/** What the metrics page shows: a range of months, a basis and its optional filters. */
export type MetricsView = Pick<MetricsRange, 'from' | 'to' | 'basis' | 'accountId' | 'family' | 'site'>;

/** The figures' columns, named as in the fulfillment_metrics export, with the definition each reads. */
export const METRIC_COLUMNS: ReadonlyArray<{ key: string; column: string; definition: string }> = [
  {
    key: 'linesDue',
    column: 'lines_due',
    definition:
      'Order lines due in the period: complete, or past basis + the late days of the window; cancelled lines are not counted.',
  },
  {
    key: 'linesOnTime',
    column: 'lines_on_time',
    definition:
      'Due lines whose delivery events all lie in the window [basis − early days, basis + late days].',
  },
  {
    key: 'linesInFull',
    column: 'lines_in_full',
    definition:
      "Due lines whose delivered quantity reached the required quantity (quantity × (1 − the account's in-full tolerance)).",
  },
  {
    key: 'linesOtif',
    column: 'lines_otif',
    definition: 'Due lines whose quantity delivered by events in the window reached the required quantity.',
  },
  {
    key: 'otifPct',
    column: 'otif_pct',
    definition: '100 × lines OTIF / lines due, one decimal (half away from zero).',
  },
  {
    key: 'avgDaysLate',
    column: 'avg_days_late',
    definition:
      'Mean days late (completion date, or today, − basis) of the due lines that are late, one decimal.',
  },
  {
    key: 'quotedLeadDaysAvg',
    column: 'quoted_lead_days_avg',
    definition: "Mean of the line's quoted date − the date the quote was sent, over due lines from a quote.",
  },
  {
    key: 'actualLeadDaysAvg',
    column: 'actual_lead_days_avg',
    definition: 'Mean of the completion date − the order date, over due complete lines.',
  },
  {
    key: 'quotesDecided',
    column: 'quotes_decided',
    definition: 'Catalog quote lines accepted, rejected or expired in the period.',
  },
  { key: 'quotesWon', column: 'quotes_won', definition: 'Of those, the accepted lines.' },
  {
    key: 'hitRateCountPct',
    column: 'hit_rate_count_pct',
    definition: '100 × lines accepted / lines decided, one decimal.',
  },
  {
    key: 'hitRateValuePct',
    column: 'hit_rate_value_pct',
    definition: '100 × net value accepted / net value decided, one decimal.',
  },
  {
    key: 'orderedValue',
    column: 'ordered_value',
    definition:
      'Net value (quantity × net price; the agreement or list price when the line has none) of the lines ordered in the period, not cancelled.',
  },
];

const BASIS_WORDS: Record<Basis, string> = {
  requested: 'the requested date',
  first_confirmed: 'the first confirmed date (the first promise-ledger version)',
  last_confirmed: 'the last confirmed date before the first delivery event',
};

const SHEETS: ReadonlyArray<{ name: string; key: GroupKey; columns: Array<[string, string]> }> = [
  { name: 'By period', key: 'period', columns: [['period', 'period']] },
  {
    name: 'By account',
    key: 'account',
    columns: [
      ['erpCustomerId', 'erp_customer_id'],
      ['accountId', 'account_id'],
    ],
  },
  { name: 'By family', key: 'family', columns: [['family', 'family']] },
  { name: 'By site', key: 'site', columns: [['site', 'site_code']] },
];

/**
 * The page's view as a workbook: one sheet per grouping (period, account, family, site) over the
 * same range, basis and filters, and the definitions on a sheet of their own.
 */
export async function metricsWorkbook(db: Knex, view: MetricsView, today: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const facts = await loadRangeFacts(db, view);
  for (const sheet of SHEETS) {
    const rows = groupRows(facts, { ...view, groupBy: [sheet.key] }, today).map(toApiRow);
    const ws = workbook.addWorksheet(sheet.name);
    ws.addRow([...sheet.columns.map(([, c]) => c), ...METRIC_COLUMNS.map((m) => m.column)]).font = {
      bold: true,
    };
    for (const row of rows) {
      const values = row as unknown as Record<string, string | number | null>;
      ws.addRow([
        ...sheet.columns.map(([k]) => neutralizeFormula(String(values[k] ?? ''))),
        ...METRIC_COLUMNS.map((m) => values[m.key] ?? null),
      ]);
    }
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  const defs = workbook.addWorksheet('Definitions');
  defs.columns = [{ width: 24 }, { width: 110 }];
  defs.addRow(['column', 'definition']).font = { bold: true };
  const filters = [
    `months ${view.from} to ${view.to}`,
    view.accountId && `account ${view.accountId}`,
    view.family && `family ${view.family}`,
    view.site && `site ${view.site}`,
  ].filter(Boolean);
  defs.addRow(['view', neutralizeFormula(`${filters.join(', ')}; computed on ${today}`)]);
  defs.addRow(['basis', `${view.basis}: ${BASIS_WORDS[view.basis]}`]);
  for (const m of METRIC_COLUMNS) defs.addRow([m.column, m.definition]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
