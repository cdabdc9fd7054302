import type { Knex } from 'knex';
import * as cases from '../../../src/cases/cases.repository';
import * as rmas from '../../../src/cases/rma.repository';
import { ALL_ACCOUNTS } from '../../../src/shared/http/actor';
import { ID, NOW, type RepositoryCases } from './index';

/** A function, not a constant: index.ts imports this module before its own ID is defined. */
const customer = () => ({ kind: 'account', accountId: ID }) as const;

const caseRow = (): cases.CaseRow => ({
  id: ID,
  number: 'CS-000001',
  account_id: ID,
  type: 'complaint',
  subject: 'Valve leaks',
  description: 'At the flange',
  order_id: ID,
  line_no: 1,
  serial_or_batch: 'B-1',
  severity: 'high',
  priority: 'P2',
  channel: 'portal',
  status: 'new',
  assignee_id: null,
  created_by: ID,
  created_at: NOW,
  updated_at: NOW,
  resolved_at: null,
  first_response_at: null,
  fr_target_minutes: 240,
  fr_paused_ms: 0,
  fr_paused_since: null,
  fr_stopped_at: null,
  fr_due: NOW,
  fr_breached_at: null,
  res_target_minutes: 1440,
  res_paused_ms: 0,
  res_paused_since: null,
  res_stopped_at: null,
  res_due: NOW,
  res_breached_at: null,
  sla_next_due: NOW,
  breached: false,
  warranty_applies: true,
  warranty_until: '2027-11-23',
  warranty_reason: 'under warranty',
});

/** SQL Server compile cases of the cases domain's repositories. */
export const CASE_CASES: RepositoryCases = {
  'cases/cases.repository.ts': {
    insertCase: (db) => cases.insertCase(db, caseRow()),
    findCase: (db) => cases.findCase(db, customer(), ID),
    lockCase: (db) => cases.lockCase(db, ALL_ACCOUNTS, ID),
    updateCase: (db) =>
      cases.updateCase(db, ID, { status: 'open', updated_at: NOW, fr_paused_ms: 3_600_000 }),
    markBreached: (db) => cases.markBreached(db, ID, 'res', NOW),
    findWarnCandidates: (db) => cases.findWarnCandidates(db, NOW, ID, 200),
    markWarned: (db) => cases.markWarned(db, ID, 'fr', NOW),
    findStaffUsers: (db) => cases.findStaffUsers(db),
    findAssignedCaseIds: (db) => cases.findAssignedCaseIds(db, ID, ['new', 'open']),
    listQueue: (db) =>
      cases.listQueue(
        db,
        customer(),
        { status: 'open', type: 'complaint', accountId: ID, assignee: null, breached: true },
        ['P2', NOW, ID],
        51,
      ),
    findDueCases: (db) => cases.findDueCases(db, NOW, ID, 200),
    appendEvent: (db) =>
      cases.appendEvent(db, {
        case_id: ID,
        at: NOW,
        kind: 'message',
        actor_id: ID,
        internal: true,
        body: 'note',
        from_value: null,
        to_value: null,
        detail: 'staff',
      }),
    findEvents: (db) => cases.findEvents(db, ID, false),
    findSlaTargets: (db) => cases.findSlaTargets(db),
    updateSlaTarget: (db) =>
      cases.updateSlaTarget(db, {
        priority: 'P1',
        first_response_minutes: 60,
        resolution_minutes: 480,
        updated_at: NOW,
        updated_by: ID,
      }),
    findCaseLine: (db) => cases.findCaseLine(db, ID, 1),
    orderBelongsTo: (db) => cases.orderBelongsTo(db, ID, ID),
    accountClass: (db) => cases.accountClass(db as Knex, ID),
    findStaffUser: (db) => cases.findStaffUser(db, ID),
  },
  'cases/rma.repository.ts': {
    insertRma: (db) =>
      rmas.insertRma(
        db,
        {
          id: ID,
          rma_number: 'RMA-000001',
          case_id: ID,
          disposition: 'credit',
          status: 'authorized',
          created_by: ID,
          created_at: NOW,
          updated_at: NOW,
        },
        [
          {
            rma_id: ID,
            line_no: 1,
            order_id: ID,
            order_line_no: 1,
            sku: 'V-1',
            quantity: '2.5',
            received_quantity: '0',
            reason: 'leaks',
          },
        ],
      ),
    findRmasOfCase: (db) => rmas.findRmasOfCase(db, ID),
    lockShippedLine: (db) => rmas.lockShippedLine(db, ID, 1),
    authorizedQuantity: (db) => rmas.authorizedQuantity(db, ID, 1),
    findRmaOutRows: (db) => rmas.findRmaOutRows(db),
    findReceiptChanges: (db) => rmas.findReceiptChanges(db),
    setReceived: (db) => rmas.setReceived(db, ID, 1, '1.5'),
    findRmaLines: (db) => rmas.findRmaLines(db, ID),
    setRmaStatus: (db) => rmas.setRmaStatus(db, ID, 'received', NOW),
  },
};
