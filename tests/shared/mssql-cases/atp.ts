import * as atp from '../../../src/atp/atp.repository';
import type { RepositoryCases } from './index';

/** SQL Server compile cases of ATP's reads of many skus at once (the single-sku ones are in mssql-compile.test.ts). */
export const ATP_CASES: RepositoryCases = {
  'atp/atp.repository.ts': {
    findAvailableStockOf: (db) => atp.findAvailableStockOf(db, ['SKU-1', 'SKU-2']),
    findOpenReceiptsOf: (db) => atp.findOpenReceiptsOf(db, ['SKU-1', 'SKU-2'], '2027-11-23'),
    findOpenErpDemandOf: (db) => atp.findOpenErpDemandOf(db, ['SKU-1', 'SKU-2'], '2027-11-23'),
    findConfirmedDemandOf: (db) => atp.findConfirmedDemandOf(db, ['SKU-1', 'SKU-2']),
    findNewSupplyOf: (db) => atp.findNewSupplyOf(db, ['SKU-1', 'SKU-2']),
  },
};
