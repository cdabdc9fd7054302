import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { writeAudit } from '../shared/audit.repository';
import { notFound } from '../shared/errors';
import { accountScopeOf, Actor } from '../shared/http/actor';
import { decodeCursor, Page, parseLimit, toPage } from '../shared/http/pagination';
import { nowIso } from '../shared/time';
import * as repo from './accounts.repository';
import { classOfAccount } from './account-classes';
import type { Account, AccountWithClass, ListAccountsQuery, NewContact } from './accounts.schemas';

export const toAccount = (r: repo.AccountRow): Account => ({
  id: r.id,
  erpCustomerId: r.erp_customer_id,
  name: r.name,
  country: r.country,
  currency: r.currency,
  paymentTerms: r.payment_terms,
  creditLimit: r.credit_limit === null ? null : Number(r.credit_limit),
  accountManagerEmail: r.account_manager_email,
  active: Boolean(r.active),
});

const toContact = (r: repo.ContactRow) => ({
  id: r.id,
  accountId: r.account_id,
  name: r.name,
  email: r.email,
  phone: r.phone,
  title: r.title,
});

export async function listAccounts(db: Knex, actor: Actor, q: ListAccountsQuery): Promise<Page<Account>> {
  const limit = parseLimit(q.limit);
  const after = decodeCursor(q.cursor, 2) as [string, string] | null;
  const filter = q.erpCustomerId === undefined ? {} : { erpCustomerId: q.erpCustomerId };
  const rows = await repo.listAccounts(db, accountScopeOf(actor), filter, limit, after);
  return toPage(rows, limit, toAccount, (r) => [r.name, r.id]);
}

export async function getAccount(db: Knex, actor: Actor, id: string): Promise<Account> {
  const row = await repo.findAccount(db, accountScopeOf(actor), id);
  if (!row) throw notFound('Account');
  return toAccount(row);
}

/** Account names by id for a page of records; ids the actor may not see are left out. */
export async function accountNames(
  db: Knex,
  actor: Actor,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const distinct = [...new Set(ids)];
  const rows: Array<{ id: string; name: string }> = [];
  // A page holds at most 200 records; chunks keep far below SQL Server's 2,100 parameters anyway.
  for (let i = 0; i < distinct.length; i += 500)
    rows.push(...(await repo.findAccountNames(db, accountScopeOf(actor), distinct.slice(i, i + 500))));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * One account with its ABC class and the value behind it. The class is the manufacturer's view of
 * the customer, so a customer user reading its own account gets null for both.
 */
export async function getAccountWithClass(db: Knex, actor: Actor, id: string): Promise<AccountWithClass> {
  const account = await getAccount(db, actor, id);
  if (actor.role === 'customer') return { ...account, class: null, classValue: null };
  return { ...account, ...(await classOfAccount(db, id)) };
}

export async function listContacts(db: Knex, actor: Actor, accountId: string) {
  await getAccount(db, actor, accountId);
  return (await repo.listContacts(db, accountId)).map(toContact);
}

export async function addContact(
  db: Knex,
  actor: Actor,
  accountId: string,
  input: NewContact,
  requestId?: string,
) {
  const now = nowIso();
  const row: repo.ContactRow = {
    id: crypto.randomUUID(),
    account_id: accountId,
    name: input.name,
    email: input.email ?? null,
    phone: input.phone ?? null,
    title: input.title ?? null,
    created_at: now,
    updated_at: now,
  };
  await db.transaction(async (trx) => {
    if (!(await repo.findAccount(trx, accountScopeOf(actor), accountId))) throw notFound('Account');
    await repo.insertContact(trx, row);
    await writeAudit(trx, {
      actor,
      action: 'contact.created',
      entity: 'account',
      entityId: accountId,
      detail: { contactId: row.id },
      ...(requestId && { requestId }),
    });
  });
  return toContact(row);
}

/** Replaces a contact's name, e-mail, phone and title (what is left out is cleared). */
export async function updateContact(
  db: Knex,
  actor: Actor,
  accountId: string,
  contactId: string,
  input: NewContact,
  requestId?: string,
) {
  const patch = {
    name: input.name,
    email: input.email ?? null,
    phone: input.phone ?? null,
    title: input.title ?? null,
    updated_at: nowIso(),
  };
  await db.transaction(async (trx) => {
    if (!(await repo.findAccount(trx, accountScopeOf(actor), accountId))) throw notFound('Account');
    if (!(await repo.findContact(trx, accountId, contactId))) throw notFound('Contact');
    await repo.updateContact(trx, contactId, patch);
    await writeAudit(trx, {
      actor,
      action: 'contact.updated',
      entity: 'account',
      entityId: accountId,
      detail: { contactId },
      ...(requestId && { requestId }),
    });
  });
  return toContact((await repo.findContact(db, accountId, contactId))!);
}
