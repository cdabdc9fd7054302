import type { Knex } from 'knex';
import * as classes from '../../../src/accounts/account-classes.repository';
import * as runs from '../../../src/metrics/metrics-export.repository';
import * as metrics from '../../../src/metrics/metrics.repository';
import { ID, NOW, type RepositoryCases } from './index';

const RANGE = { fromDate: '2026-09-01', toDate: '2026-10-31' };

/** SQL Server compile cases of the fulfillment metrics' loader, its export runs and the stored ABC classes. */
export const METRICS_CASES: RepositoryCases = {
  'metrics/metrics.repository.ts': {
    hasPromisedBy: (db) => metrics.hasPromisedBy(db),
    findMetricLines: async (db) => {
      await metrics.findMetricLines(db, { ...RANGE, byPromise: true }, true);
      await metrics.findMetricLines(db, { ...RANGE, byPromise: false, accountId: ID }, false);
      await metrics.findMetricLines(db, { ...RANGE, byPromise: false, byLedger: true }, true);
    },
    findLedgerVersions: (db) => metrics.findLedgerVersions(db, [ID]),
    findLineShipments: (db) => metrics.findLineShipments(db, [ID]),
    findQuotedLines: (db) => metrics.findQuotedLines(db, [ID]),
    findDecidedQuoteLines: async (db) => {
      await metrics.findDecidedQuoteLines(db, RANGE);
      await metrics.findDecidedQuoteLines(db, { ...RANGE, accountId: ID });
    },
    findSkuPrices: (db) => metrics.findSkuPrices(db, ['SKU-1']),
  },
  'metrics/metrics-export.repository.ts': {
    insertExportRun: (db) =>
      runs.insertExportRun(db, {
        id: ID,
        status: 'queued',
        trigger: 'manual',
        requested_by: ID,
        as_of: null,
        files: null,
        error: null,
        created_at: NOW,
        started_at: null,
        finished_at: null,
      }),
    findExportRun: (db) => runs.findExportRun(db, ID),
    claimExportRun: (db) => runs.claimExportRun(db, ID, NOW, '2026-11-23'),
    finishExportRun: (db) =>
      runs.finishExportRun(db, ID, { status: 'succeeded', files: '[]', error: null, finished_at: NOW }),
  },
  'accounts/account-classes.repository.ts': {
    findAccountClass: (db) => classes.findAccountClass(db, ID),
    listAccountKeys: (db) => classes.listAccountKeys(db),
    replaceAccountClasses: (db) =>
      classes.replaceAccountClasses(db as Knex.Transaction, [
        { account_id: ID, class: 'A', class_value: '180', computed_on: '2026-11-23', computed_at: NOW },
      ]),
  },
};
