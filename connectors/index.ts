import path from 'node:path';
import { ErpConnector } from './connector';
import { FileDropConnector } from './file-drop/file-drop.connector';
import { loadFileDropMapping } from './file-drop/mapping';
import type { XlsxLimits } from './file-drop/xlsx-zip';
import { MssqlConnector, WatermarkStore, connectMssql } from './mssql/mssql.connector';
import { loadMssqlMapping } from './mssql/mapping';

export * from './connector';
export { FileDropConnector } from './file-drop/file-drop.connector';
export type { FileDropOptions } from './file-drop/file-drop.connector';
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

export const CONNECTOR_NAMES = ['file-drop', 'mssql'] as const;

export interface CreateConnectorOptions {
  name: string;
  dropDir: string;
  mappingFile?: string;
  mssqlUrl?: string;
  watermarks: WatermarkStore;
  xlsxLimits?: XlsxLimits;
}

/** The connector named by ERP_CONNECTOR, with its mapping loaded (and validated) up front. */
export async function createConnector(opts: CreateConnectorOptions): Promise<ErpConnector> {
  switch (opts.name) {
    case 'file-drop': {
      const mapping = loadFileDropMapping(
        opts.mappingFile ?? path.resolve(__dirname, 'file-drop', 'mapping.json'),
      );
      return new FileDropConnector({
        dir: opts.dropDir,
        mapping,
        ...(opts.xlsxLimits && { xlsxLimits: opts.xlsxLimits }),
      });
    }
    case 'mssql': {
      if (!opts.mssqlUrl) throw new Error('ERP_MSSQL_URL is required for ERP_CONNECTOR=mssql');
      // The mapping is checked before connecting, so a bad file fails fast without a server.
      const mapping = loadMssqlMapping(opts.mappingFile ?? path.resolve(__dirname, 'mssql', 'mapping.json'));
      const pool = await connectMssql(opts.mssqlUrl);
      return new MssqlConnector({ pool, mapping, watermarks: opts.watermarks, ownsPool: true });
    }
    default:
      throw new Error(`unknown ERP connector "${opts.name}" (known: ${CONNECTOR_NAMES.join(', ')})`);
  }
}
