import type { Knex } from 'knex';

/** What a service-case notice reads of the cases domain's tables (read-only). */

export interface CaseNoticeRow {
  id: string;
  number: string;
  subject: string;
  account_name: string;
  assignee_email: string | null;
  fr_due: string;
  res_due: string;
}

export async function findCaseForNotice(db: Knex, caseId: string): Promise<CaseNoticeRow | undefined> {
  return db('cases as c')
    .join('accounts as a', 'a.id', 'c.account_id')
    .leftJoin('users as u', (j) => j.on('u.id', 'c.assignee_id').andOn('u.active', db.raw('?', [true])))
    .where('c.id', caseId)
    .first(
      'c.id',
      'c.number',
      'c.subject',
      'a.name as account_name',
      'u.email as assignee_email',
      'c.fr_due',
      'c.res_due',
    );
}
