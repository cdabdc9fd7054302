import * as desk from '../../../src/desk/desk.repository';
import * as history from '../../../src/desk/account-history.repository';
import * as lineQueues from '../../../src/desk/line-queues.repository';
import * as queues from '../../../src/desk/queues.repository';
import * as quoteQueues from '../../../src/desk/quote-queues.repository';
import { ID, NOW, type RepositoryCases } from './index';

const DAY = '2026-11-23';

/** SQL Server compile cases of the desk domain's repositories (interactions, follow-ups, work queues). */
export const DESK_CASES: RepositoryCases = {
  'desk/desk.repository.ts': {
    insertInteraction: (db) =>
      desk.insertInteraction(db, {
        id: ID,
        account_id: ID,
        kind: 'call',
        occurred_at: NOW,
        subject: 'Spring shutdown',
        note: null,
        people: 'Ms Weber',
        quote_id: null,
        order_id: null,
        case_id: null,
        internal: true,
        source: 'staff',
        created_by: ID,
        created_at: NOW,
      }),
    listInteractions: async (db) => {
      await desk.listInteractions(db, ID, { includeInternal: true, limit: 10 });
      await desk.listInteractions(db, ID, { includeInternal: false, limit: 10 });
    },
    insertFollowUp: (db) =>
      desk.insertFollowUp(db, {
        id: ID,
        owner_id: ID,
        account_id: ID,
        quote_id: null,
        order_id: null,
        case_id: null,
        subject: 'Call back',
        due_at: NOW,
        status: 'open',
        reminded_at: null,
        done_at: null,
        created_by: ID,
        created_at: NOW,
        updated_at: NOW,
      }),
    findFollowUp: (db) => desk.findFollowUp(db, ID),
    listFollowUps: (db) =>
      desk.listFollowUps(db, { ownerId: ID, accountId: ID, status: 'open', from: NOW, before: NOW }, 10),
    findOpenFollowUpsBetween: (db) => desk.findOpenFollowUpsBetween(db, ID, NOW, NOW, ID),
    countOpenFollowUpsDue: (db) => desk.countOpenFollowUpsDue(db, ID, NOW),
    completeFollowUp: (db) => desk.completeFollowUp(db, ID, NOW),
    findActiveStaffUser: (db) => desk.findActiveStaffUser(db, ID),
    findDueUnremindedFollowUps: (db) => desk.findDueUnremindedFollowUps(db, NOW, 100),
    markReminded: (db) => desk.markReminded(db, ID, NOW),
    recordOnAccount: async (db) => {
      await desk.recordOnAccount(db, 'quoteId', ID, ID);
      await desk.recordOnAccount(db, 'orderId', ID, ID);
      await desk.recordOnAccount(db, 'caseId', ID, ID);
    },
  },
  'desk/queues.repository.ts': {
    findOpenRequestsFor: (db) => queues.findOpenRequestsFor(db, ID, 50),
    countOpenRequestsFor: (db) => queues.countOpenRequestsFor(db, ID),
    findLastSyncRun: (db) => queues.findLastSyncRun(db),
    countQuarantined: (db) => queues.countQuarantined(db, ID),
    countActiveUsersByRole: (db) => queues.countActiveUsersByRole(db),
  },
  'desk/quote-queues.repository.ts': {
    findCounterOffersFor: (db) => quoteQueues.findCounterOffersFor(db, ID, 'am@example.com', 50),
    findQuotesExpiringFor: (db) => quoteQueues.findQuotesExpiringFor(db, ID, 'am@example.com', DAY, DAY, 50),
    findPendingApprovals: (db) => quoteQueues.findPendingApprovals(db, 50),
    countPendingApprovals: (db) => quoteQueues.countPendingApprovals(db),
  },
  'desk/line-queues.repository.ts': {
    findSlippedOrOverdueLinesFor: (db) =>
      lineQueues.findSlippedOrOverdueLinesFor(db, 'am@example.com', DAY, 50),
    findLinesSlippedSince: (db) => lineQueues.findLinesSlippedSince(db, NOW, 50),
  },
  'desk/account-history.repository.ts': {
    searchAccounts: (db) =>
      history.searchAccounts(db, { text: '50%_off', country: 'de', managerEmail: 'am@' }, 200),
    findAccountRequests: (db) => history.findAccountRequests(db, ID, 50),
    findAccountQuotes: (db) => history.findAccountQuotes(db, ID, 50),
    findAccountOrders: (db) => history.findAccountOrders(db, ID, 50),
    findAccountShipments: (db) => history.findAccountShipments(db, ID, 50),
  },
};
