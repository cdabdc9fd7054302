import * as allocation from '../../../src/orders/allocation.repository';
import { ID, type RepositoryCases } from './index';

/** SQL Server compile cases of re-confirmation's allocation reads (orders domain). */
export const ORDER_ALLOCATION_CASES: RepositoryCases = {
  'orders/allocation.repository.ts': {
    findSkusOfAccounts: (db) => allocation.findSkusOfAccounts(db, [ID, ID]),
  },
};
