import * as orders from '../../../src/orders/orders.repository';
import * as totals from '../../../src/quotes/list-totals.repository';
import * as pricing from '../../../src/quotes/pricing.repository';
import * as requests from '../../../src/quotes/quote-requests.repository';
import * as quotes from '../../../src/quotes/quotes.repository';
import { ALL_ACCOUNTS } from '../../../src/shared/http/actor';
import * as sequences from '../../../src/shared/sequences.repository';
import type { RepositoryCases } from './index';

const NOW = '2026-11-23T10:00:00.000Z';
const ID = '00000000-0000-4000-8000-000000000001';
const CUSTOMER = { kind: 'account', accountId: ID } as const;
const MANY_SKUS = Array.from({ length: 600 }, (_, i) => `SKU-${i}`);

const revisionRow = (): quotes.RevisionRow => ({
  id: ID,
  quote_id: ID,
  revision: 2,
  status: 'draft',
  reason: 'counter-offer',
  valid_until: '2026-12-31',
  payment_terms: 'NET30',
  incoterm: 'FCA',
  incoterm_place: 'Rotterdam',
  ship_complete: false,
  terms_note: null,
  total: '1234.5',
  max_discount_pct: '12.5',
  approved_by: null,
  approved_at: null,
  approved_discount_pct: null,
  sent_by: null,
  sent_at: null,
  created_by: ID,
  created_at: NOW,
});

const lineRow = (i: number): quotes.QuoteLineRow => ({
  id: ID,
  revision_id: ID,
  line_no: i + 1,
  sku: i % 2 ? null : 'SKU-1',
  description: 'Ball valve DN50',
  site_code: 'P100',
  quantity: '2.5',
  requested_date: '2026-12-10',
  reference_price: '100',
  price_source: 'agreement',
  unit_price: '100',
  discount_pct: '5',
  net_price: '95',
  line_total: '237.5',
  quoted_date: '2026-12-12',
  date_source: 'stock',
  lead_time_days: null,
});

/** SQL Server compile cases of the quote domain's repositories (and the order columns it adds). */
export const QUOTE_CASES: RepositoryCases = {
  'shared/sequences.repository.ts': {
    nextNumber: async (db) => {
      // The fake answers the read-back with no row (the migrations seed the real ones), so the
      // function fails after both statements are recorded: only that failure is expected here.
      await sequences.nextNumber(db, 'quote', 'Q').catch((error: unknown) => {
        if (!(error instanceof TypeError)) throw error;
      });
    },
  },
  'quotes/list-totals.repository.ts': {
    findListTotals: async (db) => {
      await totals.findListTotals(db, [ID], false);
      await totals.findListTotals(db, [ID], true);
    },
  },
  'quotes/quotes.repository.ts': {
    insertQuote: (db) =>
      quotes.insertQuote(db, {
        id: ID,
        number: 'Q-000001',
        account_id: ID,
        quote_request_id: null,
        status: 'draft',
        revision: 1,
        currency: 'EUR',
        valid_until: '2026-12-31',
        account_manager_id: ID,
        created_by: ID,
        order_id: null,
        accepted_revision: null,
        created_at: NOW,
        updated_at: NOW,
      }),
    insertRevision: (db) => quotes.insertRevision(db, revisionRow()),
    // 300 lines: several statements, each within the parameter limit.
    insertLines: (db) =>
      quotes.insertLines(
        db,
        Array.from({ length: 300 }, (_, i) => lineRow(i)),
      ),
    deleteLines: (db) => quotes.deleteLines(db, ID),
    insertEvent: (db) =>
      quotes.insertEvent(db, {
        quote_id: ID,
        revision: 1,
        kind: 'counter_offer',
        actor_id: ID,
        at: NOW,
        reason: 'too expensive',
        detail: '{"lines":[]}',
      }),
    findQuote: async (db) => {
      await quotes.findQuote(db, ALL_ACCOUNTS, ID);
      await quotes.findQuote(db, CUSTOMER, ID);
    },
    findQuoteRefs: (db) => quotes.findQuoteRefs(db, ID),
    lockQuote: (db) => quotes.lockQuote(db, ID, NOW),
    updateQuote: (db) =>
      quotes.updateQuote(db, ID, { status: 'accepted', order_id: ID, accepted_revision: 2, updated_at: NOW }),
    updateRevision: (db) => quotes.updateRevision(db, ID, { status: 'sent', sent_by: ID, sent_at: NOW }),
    findRevision: (db) => quotes.findRevision(db, ID, 2),
    findRevisions: (db) => quotes.findRevisions(db, ID),
    findLines: (db) => quotes.findLines(db, ID),
    findEvents: (db) => quotes.findEvents(db, ID),
    listQuotes: async (db) => {
      await quotes.listQuotes(db, ALL_ACCOUNTS, {}, 50, null);
      await quotes.listQuotes(db, CUSTOMER, { accountId: ID, status: 'sent' }, 50, [NOW, ID]);
    },
    findExpiredSent: (db) => quotes.findExpiredSent(db, '2026-11-23', 200),
    expireQuote: (db) => quotes.expireQuote(db, ID, 2, NOW),
    pageExportLines: async (db) => {
      await quotes.pageExportLines(db, ALL_ACCOUNTS, {}, null, 1000);
      await quotes.pageExportLines(db, CUSTOMER, { accountId: ID, status: 'sent' }, ['Q-000010', 3], 1000);
    },
  },
  'quotes/pricing.repository.ts': {
    findPrices: async (db) => {
      await pricing.findPrices(db, MANY_SKUS, 'C-1001', 'EUR', '2026-11-23');
      await pricing.findPrices(db, ['SKU-1'], null, 'EUR', '2026-11-23');
    },
    findQuoteItems: (db) => pricing.findQuoteItems(db, MANY_SKUS),
    findPricedSkus: (db) => pricing.findPricedSkus(db, 'C-1001', 3),
    findQuoteAccount: (db) => pricing.findQuoteAccount(db, ID),
    findStaffIdByEmail: (db) => pricing.findStaffIdByEmail(db, 'AM@example.com'),
    findUserSummary: (db) => pricing.findUserSummary(db, ID),
    updateAccountDefaults: (db) =>
      pricing.updateAccountDefaults(db, ID, {
        default_incoterm: 'DAP',
        default_incoterm_place: 'Brno',
        default_ship_complete: true,
        default_terms_note: null,
        updated_at: NOW,
      }),
  },
  'quotes/quote-requests.repository.ts': {
    listAssignableStaff: (db) => requests.listAssignableStaff(db),
    insertRequest: (db) =>
      requests.insertRequest(db, {
        id: ID,
        number: 'RFQ-000001',
        account_id: ID,
        status: 'open',
        assigned_to: null,
        notes: 'urgent',
        decline_reason: null,
        created_by: ID,
        created_at: NOW,
        updated_at: NOW,
      }),
    insertRequestLines: (db) =>
      requests.insertRequestLines(
        db,
        Array.from({ length: 400 }, (_, i) => ({
          id: ID,
          quote_request_id: ID,
          line_no: i + 1,
          sku: null,
          description: 'Flange',
          quantity: '2',
          requested_date: '2026-12-10',
          notes: null,
        })),
      ),
    findRequest: async (db) => {
      await requests.findRequest(db, ALL_ACCOUNTS, ID);
      await requests.findRequest(db, CUSTOMER, ID);
    },
    findRequestLines: (db) => requests.findRequestLines(db, ID),
    listRequests: async (db) => {
      await requests.listRequests(db, ALL_ACCOUNTS, {}, 50, null);
      await requests.listRequests(db, CUSTOMER, { accountId: ID, status: 'open', assignedTo: ID }, 50, [
        NOW,
        ID,
      ]);
    },
    moveRequest: (db) => requests.moveRequest(db, ID, ['open'], { status: 'quoted', updated_at: NOW }),
    assignRequest: (db) => requests.assignRequest(db, ID, ID, NOW),
    takeUnassignedRequest: (db) => requests.takeUnassignedRequest(db, ID, ID, NOW),
    findStaffUser: (db) => requests.findStaffUser(db, ID),
  },
  'orders/orders.repository.ts': {
    insertCustomLines: (db) =>
      orders.insertCustomLines(
        db,
        Array.from({ length: 300 }, (_, i) => ({
          id: ID,
          order_id: ID,
          line_no: i + 1,
          description: 'Flange',
          quantity: '2',
          requested_date: '2026-12-10',
          promised_date: '2026-12-20',
          lead_time_days: 20,
          unit_price: '480',
          discount_pct: '0',
          net_price: '480',
          line_total: '960',
        })),
      ),
    findCustomLines: (db) => orders.findCustomLines(db, ID),
  },
};
