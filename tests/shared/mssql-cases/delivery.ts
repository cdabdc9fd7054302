import * as prices from '../../../src/catalog/prices.repository';
import * as ordersOut from '../../../src/erp/orders-out.repository';
import * as delivery from '../../../src/orders/delivery.repository';
import * as orderSheet from '../../../src/orders/order-sheet.repository';
import { ID, type RepositoryCases } from './index';

/** SQL Server compile cases of delivery tracking (issue 15: dates by Incoterm, milestones, non-catalog lines out). */
export const DELIVERY_CASES: RepositoryCases = {
  'orders/order-sheet.repository.ts': {
    findOrderSheet: async (db) => {
      await orderSheet.findOrderSheet(db, { kind: 'all' }, ID);
      await orderSheet.findOrderSheet(db, { kind: 'account', accountId: ID }, ID);
    },
  },
  'orders/delivery.repository.ts': {
    findTransitDays: (db) => delivery.findTransitDays(db, ['P1', 'P2'], 'it'),
    findOrderAccount: (db) => delivery.findOrderAccount(db, ID),
    sumShipments: (db) => delivery.sumShipments(db, ['SO-000001']),
    findSupplyUpTo: (db) => delivery.findSupplyUpTo(db, ['SKU-1'], '2026-12-31'),
    findCustomLinesOf: (db) => delivery.findCustomLinesOf(db, [ID]),
    findOrdersWithShipments: (db) => delivery.findOrdersWithShipments(db, ['confirmed', 'shipped']),
  },
  'erp/orders-out.repository.ts': {
    findExportCustomLines: (db) => ordersOut.findExportCustomLines(db, [ID]),
  },
  'catalog/prices.repository.ts': {
    findPrices: (db) => prices.findPrices(db, ['SKU-1'], 'C1', 'EUR', '2026-12-01'),
    findQuoteItems: (db) => prices.findQuoteItems(db, ['SKU-1']),
  },
};
