import * as filters from '../../../src/risk/risk-filters.repository';
import type { RepositoryCases } from './index';

/** SQL Server compile cases of the risk page's filter reads (risk domain). */
export const RISK_FILTER_CASES: RepositoryCases = {
  'risk/risk-filters.repository.ts': {
    findRiskAccountNames: (db) => filters.findRiskAccountNames(db),
    findRiskVersion: (db) => filters.findRiskVersion(db),
  },
};
