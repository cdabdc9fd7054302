import * as picture from '../../../src/risk/picture.repository';
import type { RepositoryCases } from './index';

/** SQL Server compile cases of the risk recompute's batch picture reads (risk domain). */
export const RISK_PICTURE_CASES: RepositoryCases = {
  'risk/picture.repository.ts': {
    findDailySupply: (db) => picture.findDailySupply(db, ['SKU-1', 'SKU-2']),
    findConfirmedByDay: (db) => picture.findConfirmedByDay(db, ['SKU-1', 'SKU-2']),
  },
};
