import * as alerts from '../../../src/alerts/alerts.repository';
import { ID, NOW, type RepositoryCases } from './index';

/** SQL Server compile cases of the alerts domain's repository. */
export const ALERT_CASES: RepositoryCases = {
  'alerts/alerts.repository.ts': {
    findAlertableLines: (db) => alerts.findAlertableLines(db, '2026-12-31'),
    findClaimedKeys: (db) => alerts.findClaimedKeys(db, [`${ID}:due_soon:2026-12-10`]),
    findDeliveredQuantities: (db) => alerts.findDeliveredQuantities(db, ['SO-1']),
    claimAlert: (db) =>
      alerts.claimAlert(db, {
        id: ID,
        alert_key: `${ID}:due_soon:2026-12-10`,
        kind: 'due_soon',
        account_id: ID,
        order_id: ID,
        order_line_id: ID,
        line_no: 1,
        promised_date: '2026-12-10',
        days: 3,
        reason: null,
        customer_visible: true,
        created_at: NOW,
      }),
    findAlert: (db) => alerts.findAlert(db, ID),
    findAlertForMail: (db) => alerts.findAlertForMail(db, ID),
    findRecipients: (db) => alerts.findRecipients(db, [ID]),
    insertInboxItems: (db) =>
      alerts.insertInboxItems(db, [
        {
          id: ID,
          user_id: ID,
          alert_id: ID,
          kind: 'due_soon',
          subject: 'Order SO-1 line 1 (V-1) is due in 3 days',
          link: `/orders/${ID}`,
          order_id: ID,
          line_no: 1,
          created_at: NOW,
          read_at: null,
        },
      ]),
    listInbox: (db) => alerts.listInbox(db, ID, 50, [NOW, ID], true),
    countUnread: (db) => alerts.countUnread(db, ID),
    markRead: (db) => alerts.markRead(db, ID, ID, NOW),
    markReadBefore: (db) => alerts.markReadBefore(db, NOW, NOW),
  },
};
