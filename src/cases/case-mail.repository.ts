import type { Knex } from 'knex';

/** Every SQL statement over case_mail and the sender look-ups of the mail channel. */

export interface CaseMailRow {
  id: string;
  message_id: string;
  case_id: string | null;
  direction: 'in' | 'out';
  status: 'opened' | 'threaded' | 'triage' | 'sent';
  from_address: string | null;
  subject: string | null;
  body: string | null;
  at: string;
}

export async function mailExists(db: Knex, messageId: string): Promise<boolean> {
  return Boolean(await db('case_mail').where('message_id', messageId).first('id'));
}

/**
 * The claim: a message id is inserted once (unique), so of two readers of one message only one
 * commits; the other's insert fails or waits for the first and then fails, and its transaction
 * (the case or message it would add) rolls back.
 */
export async function insertMail(trx: Knex, row: CaseMailRow): Promise<void> {
  await trx('case_mail').insert(row);
}

export async function deleteMail(db: Knex, messageId: string): Promise<void> {
  await db('case_mail').where('message_id', messageId).delete();
}

/** The case an earlier message of the thread belongs to, by any of the ids the new one answers. */
export async function findCaseOfMessages(db: Knex, messageIds: string[]): Promise<string | undefined> {
  if (!messageIds.length) return undefined;
  const row = await db('case_mail')
    .whereIn('message_id', messageIds.slice(0, 100))
    .whereNotNull('case_id')
    .first('case_id');
  return row?.case_id ?? undefined;
}

export async function findCaseByNumber(
  db: Knex,
  number: string,
): Promise<{ id: string; account_id: string } | undefined> {
  return db('cases').where('number', number).first('id', 'account_id');
}

/** The accounts whose customer users or contacts write from this address (lower-cased). */
export async function findAccountsOfAddress(db: Knex, address: string): Promise<string[]> {
  const users = await db('users')
    .whereRaw('lower(??) = ?', ['email', address])
    .where({ role: 'customer', active: true })
    .whereNotNull('account_id')
    .pluck('account_id');
  const contacts = await db('contacts').whereRaw('lower(??) = ?', ['email', address]).pluck('account_id');
  return [...new Set<string>([...users, ...contacts])];
}

/** The case's mail, oldest first: the recipient and the thread of a reply. */
export async function findMailOfCase(db: Knex, caseId: string): Promise<CaseMailRow[]> {
  return db('case_mail')
    .where('case_id', caseId)
    .orderBy([{ column: 'at' }, { column: 'id' }]);
}

export async function listTriage(db: Knex, limit: number): Promise<CaseMailRow[]> {
  return db('case_mail')
    .where('status', 'triage')
    .orderBy([{ column: 'at' }, { column: 'id' }])
    .limit(limit);
}
