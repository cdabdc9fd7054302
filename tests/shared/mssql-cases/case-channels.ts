import * as mails from '../../../src/cases/case-mail.repository';
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
};
