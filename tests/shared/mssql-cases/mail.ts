import * as notifications from '../../../src/notifications/notifications.repository';
import { ID, NOW, type RepositoryCases } from './index';

const claim = {
  recipients: 'To: buyer@example.com; Cc: am@example.com',
  subject: "Quotation Q-000012 revision 2 from O'Brien Valves",
  transport: 'smtp',
  holder_pid: 4711,
  holder_host: 'worker-1',
  // A literal: NOW is not initialized yet when this module's constants are (index.ts imports it).
  claimed_at: '2026-11-23T10:00:00.000Z',
};

/** SQL Server compile cases of src/notifications/*.repository.ts. */
export const MAIL_CASES: RepositoryCases = {
  'notifications/notifications.repository.ts': {
    findQuoteForMail: (db) => notifications.findQuoteForMail(db, ID, 2),
    findQuoteLinesForMail: (db) => notifications.findQuoteLinesForMail(db, ID),
    findOrderForMail: (db) => notifications.findOrderForMail(db, ID),
    findOrderLinesForMail: (db) => notifications.findOrderLinesForMail(db, ID),
    findPortalEmails: (db) => notifications.findPortalEmails(db, ID),
    findActiveStaffEmails: (db) => notifications.findActiveStaffEmails(db, 'admin'),
    findRequestForStaffMail: (db) => notifications.findRequestForStaffMail(db, ID),
    findQuoteForStaffMail: (db) => notifications.findQuoteForStaffMail(db, ID),
    findActiveUserIds: (db) => notifications.findActiveUserIds(db, ['am@example.com']),
    insertMailClaim: (db) =>
      notifications.insertMailClaim(db, {
        id: ID,
        dedupe_key: `quote_sent:${ID}:2`,
        kind: 'quote_sent',
        ...claim,
        status: 'sending',
        location: null,
        error: null,
        created_at: NOW,
      }),
    reclaimFailedMail: (db) => notifications.reclaimFailedMail(db, `quote_sent:${ID}:2`, claim),
    reclaimDeadMail: async (db) => {
      await notifications.reclaimDeadMail(db, `quote_sent:${ID}:2`, NOW, claim);
      await notifications.reclaimDeadMail(db, `quote_sent:${ID}:2`, null, claim);
    },
    finishMail: async (db) => {
      await notifications.finishMail(db, `quote_sent:${ID}:2`, {
        status: 'sent',
        location: '<0f1e@factorydesk.local>',
        error: null,
      });
      await notifications.finishMail(db, `quote_sent:${ID}:2`, {
        status: 'failed',
        location: null,
        error: '550 mailbox unavailable',
      });
    },
    findMailLog: (db) => notifications.findMailLog(db, `order_confirmed:${ID}`),
  },
};
