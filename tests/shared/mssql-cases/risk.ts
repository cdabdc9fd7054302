import type { Knex } from 'knex';
import * as risk from '../../../src/risk/risk.repository';
import { ID, NOW, type RepositoryCases } from './index';

/** A function, not a constant: ID comes from index.ts, which imports this module (a cycle). */
const filter = () => ({ site: 'P1', band: 'high', accountId: ID, family: 'PUMPS', reason: 'thin_cover' });

/** SQL Server compile cases of the risk domain's repository. */
export const RISK_CASES: RepositoryCases = {
  'risk/risk.repository.ts': {
    findOpenLines: (db) => risk.findOpenLines(db, ['SKU-1', 'SKU-2']),
    findOpenLineSkus: (db) => risk.findOpenLineSkus(db),
    findOrderSkus: (db) => risk.findOrderSkus(db, ID),
    findReservedQty: (db) => risk.findReservedQty(db, [ID]),
    findLedgerDates: (db) => risk.findLedgerDates(db, [ID]),
    findItems: (db) => risk.findItems(db, ['SKU-1']),
    findOpenSupply: (db) => risk.findOpenSupply(db, ['SKU-1']),
    findErpDemand: (db) => risk.findErpDemand(db, ['SKU-1']),
    findCapacityLoad: (db) => risk.findCapacityLoad(db, 'PUMPS', 'P1', '2026-12-01', '2026-12-07'),
    findPlantHistory: (db) => risk.findPlantHistory(db),
    findSiteTimezones: (db) => risk.findSiteTimezones(db),
    replaceRiskLines: (db) =>
      risk.replaceRiskLines(
        db as Knex.Transaction,
        ['SKU-1'],
        [
          {
            order_line_id: ID,
            order_id: ID,
            order_number: 'SO-1',
            line_no: 1,
            account_id: ID,
            sku: 'SKU-1',
            site_code: 'P1',
            family: 'PUMPS',
            promised_date: '2026-12-10',
            score: 50,
            band: 'high',
            reason_codes: ',thin_cover,',
            reasons: '[]',
            cover_kind: 'purchase',
            cover_ref: 'PO-1',
            cover_due_date: '2026-12-09',
            cover_status: 'planned',
            computed_at: NOW,
          },
        ],
      ),
    listRiskLines: (db) => risk.listRiskLines(db, filter(), 50, [50, ID]),
    countByBand: (db) => risk.countByBand(db, filter()),
    findScoresByFamilyAndDate: (db) => risk.findScoresByFamilyAndDate(db, filter()),
    findRiskFamilies: (db) => risk.findRiskFamilies(db),
    findRiskAccounts: (db) => risk.findRiskAccounts(db),
    findAccountPriorities: (db) => risk.findAccountPriorities(db, [ID]),
  },
};
