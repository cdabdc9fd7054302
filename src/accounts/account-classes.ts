import type { Knex } from 'knex';
import { moneyNumber, moneyText, parseMoney, type Money } from '../shared/money';
import * as repo from './account-classes.repository';

export type AccountClassLetter = 'A' | 'B' | 'C';

export interface AccountClassInput {
  accountId: string;
  class: AccountClassLetter;
  /** Net ordered value over the 12 months before `computedOn`, in ten-thousandths. */
  value: Money;
}

/** The accounts the ABC ranking covers: every account, with its ERP id for the tie-break. */
export async function listAccountKeys(
  db: Knex,
): Promise<Array<{ accountId: string; erpCustomerId: string }>> {
  return (await repo.listAccountKeys(db)).map((r) => ({
    accountId: r.id,
    erpCustomerId: r.erp_customer_id ?? '',
  }));
}

/** Stores a ranking computed by the metrics domain, replacing the previous one whole. */
export async function saveAccountClasses(
  db: Knex,
  classes: AccountClassInput[],
  computedOn: string,
  computedAt: string,
): Promise<void> {
  await db.transaction(async (trx) => {
    await repo.replaceAccountClasses(
      trx,
      classes.map((c) => ({
        account_id: c.accountId,
        class: c.class,
        class_value: moneyText(c.value),
        computed_on: computedOn,
        computed_at: computedAt,
      })),
    );
  });
}

/** `class` and `classValue` as GET /api/accounts/:id shows them; null until the first ranking ran. */
export async function classOfAccount(
  db: Knex,
  accountId: string,
): Promise<{ class: AccountClassLetter | null; classValue: number | null }> {
  const row = await repo.findAccountClass(db, accountId);
  if (!row) return { class: null, classValue: null };
  return { class: row.class as AccountClassLetter, classValue: moneyNumber(parseMoney(row.class_value)) };
}
