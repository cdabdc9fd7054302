import path from 'node:path';
import { ErpConnector } from './connector';
import { FileDropConnector } from './file-drop/file-drop.connector';
import { loadFileDropMapping } from './file-drop/mapping';
import type { XlsxLimits } from '../src/shared/cells/xlsx-zip';
import { MssqlConnector, MssqlPoolLike, WatermarkStore, connectMssql } from './mssql/mssql.connector';
import { loadMssqlMapping } from './mssql/mapping';

export * from './connector';
export { FileDropConnector } from './file-drop/file-drop.connector';
export type { FileDropOptions } from './file-drop/file-drop.connector';
export {
  FULFILLMENT_METRICS_FILES,
  FULFILLMENT_METRICS_FILE_SPEC,
  ORDERS_OUT_FILES,
  RMA_OUT_FILES,
  writeExportFiles,
} from './common/export-files';
export type { ExportFileSpec } from './common/export-files';
export { loadFileDropMapping, parseFileDropMapping } from './file-drop/mapping';
export type { FileDropMapping, FileDropDatasetMapping } from './file-drop/mapping';
export { MssqlConnector, connectMssql } from './mssql/mssql.connector';
export type {
  MssqlConnectorOptions,
  MssqlPoolLike,
  MssqlRequestLike,
  WatermarkStore,
} from './mssql/mssql.connector';
export { loadMssqlMapping, parseMssqlMapping, SNAPSHOT_DATASETS } from './mssql/mapping';
export type { MssqlMapping, MssqlDatasetMapping } from './mssql/mapping';
export { mergeOrdersOut, ordersOutMergeSql, quoteStagingTable } from './mssql/orders-out';

export const CONNECTOR_NAMES = ['file-drop', 'mssql'] as const;

export interface CreateConnectorOptions {
  name: string;
  dropDir: string;
  mappingFile?: string;
  mssqlUrl?: string;
  watermarks: WatermarkStore;
  /** EXPORT_DIR: where the outbound files go; absent = the connector writes none. */
  exportDir?: string;
  /** Opens the SQL Server pool; tests stand a fake in for the server here. */
  connectMssql?: (url: string) => Promise<MssqlPoolLike>;
  xlsxLimits?: XlsxLimits;
}

/**
 * The connector named by ERP_CONNECTOR, with its mapping loaded (and validated) up front. The
 * SQL Server pool opens on first use, so an export with no table to write never connects.
 */
export async function createConnector(opts: CreateConnectorOptions): Promise<ErpConnector> {
  switch (opts.name) {
    case 'file-drop': {
      const mapping = loadFileDropMapping(
        opts.mappingFile ?? path.resolve(__dirname, 'file-drop', 'mapping.json'),
      );
      return new FileDropConnector({
        dir: opts.dropDir,
        mapping,
        exportDir: opts.exportDir,
        ...(opts.xlsxLimits && { xlsxLimits: opts.xlsxLimits }),
      });
    }
    case 'mssql': {
      if (!opts.mssqlUrl) throw new Error('ERP_MSSQL_URL is required for ERP_CONNECTOR=mssql');
      // The mapping is checked before connecting, so a bad file fails fast without a server.
      const mapping = loadMssqlMapping(opts.mappingFile ?? path.resolve(__dirname, 'mssql', 'mapping.json'));
      const { mssqlUrl, connectMssql: connect = connectMssql } = opts;
      return new MssqlConnector({
        pool: () => connect(mssqlUrl),
        mapping,
        watermarks: opts.watermarks,
        ownsPool: true,
        exportDir: opts.exportDir,
      });
    }
    default:
      throw new Error(`unknown ERP connector "${opts.name}" (known: ${CONNECTOR_NAMES.join(', ')})`);
  }
}
