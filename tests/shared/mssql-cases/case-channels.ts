import * as attachments from '../../../src/cases/case-attachments.repository';
import * as mails from '../../../src/cases/case-mail.repository';
import * as caseNotices from '../../../src/notifications/case-notices.repository';
import * as replacements from '../../../src/cases/replacement.repository';
import { ID, NOW, type RepositoryCases } from './index';

const mailRow = (): mails.CaseMailRow => ({
  id: ID,
  message_id: 'abc@customer.example',
  case_id: ID,
  direction: 'in',
  status: 'threaded',
  from_address: 'buyer@customer.example',
  subject: 'Valve leaks',
  body: null,
  at: NOW,
});

/** SQL Server compile cases of the cases domain's channel repositories (mail, attachments). */
export const CASE_CHANNEL_CASES: RepositoryCases = {
  'cases/case-mail.repository.ts': {
    mailExists: (db) => mails.mailExists(db, 'abc@customer.example'),
    insertMail: (db) => mails.insertMail(db, mailRow()),
    deleteMail: (db) => mails.deleteMail(db, 'abc@customer.example'),
    findCaseOfMessages: (db) => mails.findCaseOfMessages(db, ['abc@customer.example', 'def@x.example']),
    findCaseByNumber: (db) => mails.findCaseByNumber(db, 'CS-000001'),
    findAccountsOfAddress: (db) => mails.findAccountsOfAddress(db, 'buyer@customer.example'),
    findMailOfCase: (db) => mails.findMailOfCase(db, ID),
    listTriage: (db) => mails.listTriage(db, 200),
  },
  'cases/case-attachments.repository.ts': {
    insertAttachment: (db) =>
      attachments.insertAttachment(db, {
        id: ID,
        case_id: ID,
        file_name: 'photo.png',
        content_type: 'image/png',
        size_bytes: 1234,
        storage_key: 'a'.repeat(48),
        internal: false,
        uploaded_by: ID,
        uploaded_at: NOW,
      }),
    findAttachment: (db) => attachments.findAttachment(db, ID, ID, false),
    findAttachmentsOfCase: (db) => attachments.findAttachmentsOfCase(db, ID, true),
  },
  'cases/replacement.repository.ts': {
    findPendingReplacements: (db) => replacements.findPendingReplacements(db),
    findReplacementLines: (db) => replacements.findReplacementLines(db, ID),
    claimReplacement: (db) => replacements.claimReplacement(db, ID, ID, NOW),
  },
  'notifications/case-notices.repository.ts': {
    findCaseForNotice: (db) => caseNotices.findCaseForNotice(db, ID),
  },
};
