import sql from 'mssql';
import { DatasetName, DatasetSource, ErpConnector, ErpOutbound, SourceRow } from '../connector';
import { exportFolderOutbound } from '../common/export-files';
import { toText } from '../../src/shared/cells/to-text';
import { ResolvedHeader, normalizeName, resolveHeader } from '../common/header';
import { MssqlMapping } from './mapping';
import { metricsTableTarget } from './metrics-out';
import { ordersOutTableTarget } from './orders-out';
import { MssqlPoolLike, QueryInput, describeColumns, streamQuery } from './mssql.stream';

export type { MssqlPoolLike, MssqlRequestLike, QueryInput } from './mssql.stream';

/** Where the last committed rowversion per dataset lives (the engine keeps it in the database). */
export interface WatermarkStore {
  get(dataset: DatasetName): Promise<string | null>;
  set(dataset: DatasetName, value: string): Promise<void>;
}

export interface MssqlConnectorOptions {
  /**
   * An open pool, or how to open one on first use: an export to a mapping without an ordersOut
   * table then writes its files without ever reaching the server.
   */
  pool: MssqlPoolLike | (() => Promise<MssqlPoolLike>);
  mapping: MssqlMapping;
  watermarks: WatermarkStore;
  /** True when the connector opened the pool and so must close it. */
  ownsPool?: boolean;
  /** The export folder; absent = no outbound files. */
  exportDir?: string;
}

export class MssqlConnector implements ErpConnector {
  readonly name = 'mssql';
  readonly outbound: ErpOutbound;
  private connected: Promise<MssqlPoolLike> | null;

  constructor(private readonly options: MssqlConnectorOptions) {
    const { pool } = options;
    this.connected = typeof pool === 'function' ? null : Promise.resolve(pool);
    const table = options.mapping.ordersOut?.table;
    const metricsTable = options.mapping.fulfillmentMetrics?.table;
    // The contract keeps the export folder whatever the connector; SQL Server adds its table.
    const files = exportFolderOutbound(options.exportDir);
    this.outbound = {
      orders: [...files.orders, ...(table ? [ordersOutTableTarget(table, () => this.pool())] : [])],
      // Return authorizations go to the export folder only: no SQL Server staging table for them yet.
      rmas: files.rmas,
      metrics: [
        ...files.metrics,
        ...(metricsTable ? [metricsTableTarget(metricsTable, () => this.pool())] : []),
      ],
    };
  }

  private pool(): Promise<MssqlPoolLike> {
    if (this.connected === null) {
      const { pool } = this.options;
      this.connected = typeof pool === 'function' ? pool() : Promise.resolve(pool);
    }
    return this.connected;
  }

  async open(dataset: DatasetName): Promise<DatasetSource | null> {
    const entry = this.options.mapping.datasets[dataset];
    if (!entry) return null;
    const { watermarks } = this.options;
    const pool = await this.pool();
    const inputs: QueryInput[] = [];
    let upto: string | null = null;
    if (entry.incremental) {
      // MIN_ACTIVE_ROWVERSION, not @@DBTS: @@DBTS is the last rowversion handed out, including to
      // transactions still open. Their rows would commit later below the new watermark and never
      // be read; everything below MIN_ACTIVE_ROWVERSION is committed.
      const result = await pool.request().query('SELECT CAST(MIN_ACTIVE_ROWVERSION() AS BIGINT) AS upto');
      const value = result.recordset?.[0]?.upto;
      // BIGINT arrives as a string from tedious (beyond 2^53); keep it one, never a float.
      if ((typeof value !== 'string' && typeof value !== 'number') || !/^\d+$/.test(String(value))) {
        throw new Error(`mssql:${dataset}: MIN_ACTIVE_ROWVERSION() returned ${String(value)}`);
      }
      upto = String(value);
      const since = (await watermarks.get(dataset)) ?? '0';
      inputs.push(
        { name: 'since', type: sql.BigInt, value: since },
        { name: 'upto', type: sql.BigInt, value: upto },
      );
    }
    const shape = resolveColumns(
      dataset,
      await describeColumns(pool, entry.query, inputs, `mssql:${dataset}`),
      entry.incremental?.rowversionColumn,
    );
    const committed = upto;
    return {
      dataset,
      file: `mssql:${dataset}`,
      contentHash: null,
      columns: shape.columns,
      warnings: shape.warnings,
      rows: () => readRows(pool, entry.query, inputs, shape),
      ...(committed === null ? {} : { commit: () => watermarks.set(dataset, committed) }),
    };
  }

  async close(): Promise<void> {
    if (!this.options.ownsPool || this.connected === null) return;
    // A pool that never opened has nothing to close; its error was the caller's already.
    const pool = await this.connected.catch(() => null);
    await pool?.close();
  }
}

interface ResultShape extends ResolvedHeader {
  /** Result column name -> canonical column, for the columns that feed the dataset. */
  byName: Map<string, string>;
}

/** A result's columns follow a file header's rules: aliases match case-insensitively, unknown ones are reported once. */
function resolveColumns(
  dataset: DatasetName,
  names: string[],
  rowversionColumn: string | undefined,
): ResultShape {
  // The rowversion column may be selected for the filter's sake; it is no data.
  const rv = rowversionColumn === undefined ? null : normalizeName(rowversionColumn.replace(/^\[|\]$/g, ''));
  const dataNames = names.filter((n) => normalizeName(n) !== rv);
  const header = resolveHeader(dataset, dataNames, new Map());
  const byName = new Map<string, string>();
  header.targets.forEach((target, i) => {
    if (target !== null) byName.set(dataNames[i] as string, target);
  });
  return { ...header, byName };
}

async function* readRows(
  pool: MssqlPoolLike,
  query: string,
  inputs: QueryInput[],
  shape: ResultShape,
): AsyncGenerator<SourceRow> {
  let line = 0;
  for await (const row of streamQuery(pool, query, inputs)) {
    line += 1;
    const values: Record<string, string | null> = {};
    for (const col of shape.missingRequired) values[col] = null;
    for (const [name, canonical] of shape.byName) {
      // mssql folds same-named columns into an array; the first one is used, as in a file.
      const value = row[name];
      values[canonical] = toText(Array.isArray(value) ? value[0] : value);
    }
    yield { line, values };
  }
}

/**
 * Opens a pool from `mssql://user:pass@host:port/db?encrypt=true&trustServerCertificate=true`.
 * A nightly view over a large ERP can take minutes before its first row, hence the long
 * default requestTimeout (`?requestTimeout=` in ms overrides it).
 */
export async function connectMssql(url: string): Promise<sql.ConnectionPool> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // The parser's error carries the input, password included: keep it out of logs.
    throw new Error('ERP_MSSQL_URL is not a valid URL (mssql://user:pass@host:port/db)');
  }
  if (u.protocol !== 'mssql:')
    throw new Error(`ERP_MSSQL_URL must start with mssql:// (got ${u.protocol}//)`);
  const flag = (name: string, fallback: boolean): boolean => {
    const v = u.searchParams.get(name);
    return v === null ? fallback : v === 'true';
  };
  const pool = new sql.ConnectionPool({
    server: u.hostname,
    port: u.port ? Number(u.port) : 1433,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || undefined,
    requestTimeout: Number(u.searchParams.get('requestTimeout') ?? 10 * 60 * 1000),
    options: {
      encrypt: flag('encrypt', true),
      trustServerCertificate: flag('trustServerCertificate', false),
    },
  });
  return pool.connect();
}
