import sql from 'mssql';
import type { FulfillmentMetricsRow, OutboundTarget } from '../connector';
import type { MssqlPoolLike } from './mssql.stream';
import { upsertMergeSql } from './merge-sql';
import { quoteStagingTable } from './orders-out';

/**
 * fulfillment_metrics into the ERP's SQL Server (erp-datasets.md, Outbound: "merged into a
 * configured table"): a MERGE per row into the table the mapping names (`fulfillmentMetrics.table`),
 * keyed by period, erp_customer_id, family, site_code and basis, then one DELETE of the rows of the
 * written months that the night's picture no longer has (a group whose last line was cancelled).
 * Re-running on unchanged data updates and deletes nothing. Values are bound parameters; only the
 * checked table name is written into the statements.
 */

const PARAMS: ReadonlyArray<readonly [keyof FulfillmentMetricsRow, unknown]> = Object.entries({
  period: sql.NVarChar(7),
  erp_customer_id: sql.NVarChar(40),
  family: sql.NVarChar(40),
  site_code: sql.NVarChar(20),
  basis: sql.NVarChar(16),
  lines_due: sql.Int,
  lines_on_time: sql.Int,
  lines_in_full: sql.Int,
  lines_otif: sql.Int,
  otif_pct: sql.Decimal(5, 1),
  avg_days_late: sql.Decimal(9, 1),
  quoted_lead_days_avg: sql.Decimal(9, 1),
  actual_lead_days_avg: sql.Decimal(9, 1),
  quotes_decided: sql.Int,
  quotes_won: sql.Int,
  hit_rate_count_pct: sql.Decimal(5, 1),
  hit_rate_value_pct: sql.Decimal(5, 1),
  ordered_value: sql.Decimal(19, 4),
} satisfies Record<keyof FulfillmentMetricsRow, unknown>) as Array<[keyof FulfillmentMetricsRow, unknown]>;

const KEY: ReadonlyArray<keyof FulfillmentMetricsRow> = [
  'period',
  'erp_customer_id',
  'family',
  'site_code',
  'basis',
];

/** Keys may be null (an item without family): `=` never matches NULL, so both NULL matches too. */
const sameKey = (a: string, b: string) =>
  KEY.map((k) => `(${a}.[${k}] = ${b}.[${k}] OR (${a}.[${k}] IS NULL AND ${b}.[${k}] IS NULL))`).join(
    ' AND ',
  );

/** The upsert of one row by its key, NULL keys matching (see upsertMergeSql). */
export function metricsMergeSql(table: string): string {
  const target = quoteStagingTable(table, 'fulfillmentMetrics.table');
  return upsertMergeSql(
    target,
    PARAMS.map(([column]) => column),
    KEY,
    sameKey('t', 's'),
  );
}

/**
 * Deletes the rows of the months @from..@to whose key is not among @keys (a JSON array of
 * [period, erp_customer_id, family, site_code, basis]; OPENJSON, SQL Server 2016 and later): the
 * whole key list is one parameter, however many rows the night has.
 */
export function metricsPruneSql(table: string): string {
  const target = quoteStagingTable(table, 'fulfillmentMetrics.table');
  const shape = KEY.map((k, i) => `[${k}] NVARCHAR(40) '$[${i}]'`).join(', ');
  return [
    `DELETE t FROM ${target} AS t`,
    'WHERE t.[period] >= @from AND t.[period] <= @to',
    `AND NOT EXISTS (SELECT 1 FROM OPENJSON(@keys) WITH (${shape}) AS k WHERE ${sameKey('t', 'k')});`,
  ].join('\n');
}

/** Writes the night's picture: one MERGE a row, then the prune of the months written. Returns the rows sent. */
export async function mergeFulfillmentMetrics(
  pool: MssqlPoolLike,
  table: string,
  rows: AsyncIterable<FulfillmentMetricsRow> | Iterable<FulfillmentMetricsRow>,
): Promise<number> {
  const merge = metricsMergeSql(table);
  const prune = metricsPruneSql(table);
  const keys: Array<Array<string | null>> = [];
  let from: string | null = null;
  let to: string | null = null;
  for await (const row of rows) {
    const request = pool.request();
    for (const [column, type] of PARAMS) request.input(column, type, row[column]);
    await request.query(merge);
    keys.push(KEY.map((k) => row[k] as string | null));
    if (from === null || row.period < from) from = row.period;
    if (to === null || row.period > to) to = row.period;
  }
  // No row: no month is known to be covered, so nothing is deleted.
  if (from !== null && to !== null) {
    const request = pool.request();
    request.input('from', sql.NVarChar(7), from);
    request.input('to', sql.NVarChar(7), to);
    request.input('keys', sql.NVarChar(sql.MAX), JSON.stringify(keys));
    await request.query(prune);
  }
  return keys.length;
}

/** The table as an outbound target: it needs the whole picture, to know which rows went away. */
export function metricsTableTarget(
  table: string,
  pool: () => Promise<MssqlPoolLike>,
): OutboundTarget<FulfillmentMetricsRow> {
  return {
    label: 'fulfillment_metrics (SQL Server)',
    takes: 'picture',
    write: async (rows) => mergeFulfillmentMetrics(await pool(), table, rows),
  };
}
