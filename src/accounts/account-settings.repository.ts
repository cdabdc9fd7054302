import type { Knex } from 'knex';

export interface AccountSettingsRow {
  account_id: string;
  otif_early_days: number | null;
  otif_late_days: number;
  in_full_tolerance_pct: string | number;
  alert_days_before: number;
  allocation: string | null;
  updated_at: string;
  updated_by: string | null;
}

export async function findSettings(db: Knex, accountIds: string[]): Promise<AccountSettingsRow[]> {
  if (!accountIds.length) return [];
  return db('account_settings').whereIn('account_id', accountIds);
}

/** The accounts an admin switched allocation on for (most have none): re-confirmation reads them once a run. */
export async function findAllocations(db: Knex): Promise<Array<{ account_id: string; allocation: string }>> {
  return db('account_settings').whereNotNull('allocation').select('account_id', 'allocation');
}

/** Update, else insert: one statement shape for all three databases (SQL Server has no ON CONFLICT). */
export async function saveSettings(trx: Knex.Transaction, row: AccountSettingsRow): Promise<void> {
  const { account_id, ...rest } = row;
  const updated = await trx('account_settings').where({ account_id }).update(rest);
  if (!updated) await trx('account_settings').insert(row);
}
