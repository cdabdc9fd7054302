import * as buyer from '../../../src/orders/buyer.repository';
import { ID, type RepositoryCases } from './index';

/** SQL Server compile cases of the buyer's home page reads (orders domain). */
export const ORDER_BUYER_CASES: RepositoryCases = {
  'orders/buyer.repository.ts': {
    findLinesAwaitingChoice: (db) => buyer.findLinesAwaitingChoice(db, { kind: 'account', accountId: ID }),
    findLinesDue: (db) =>
      buyer.findLinesDue(db, { kind: 'account', accountId: ID }, '2026-12-07', '2026-12-13'),
    findRecentShipments: (db) => buyer.findRecentShipments(db, { kind: 'all' }, '2026-11-07'),
  },
};
