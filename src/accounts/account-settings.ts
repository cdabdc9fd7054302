import type { Knex } from 'knex';
import { writeAudit } from '../shared/audit.repository';
import { AppError, notFound } from '../shared/errors';
import { accountScopeOf, Actor } from '../shared/http/actor';
import { nowIso } from '../shared/time';
import * as repo from './accounts.repository';
import {
  type AccountSettingsRow,
  findAllocations,
  findSettings,
  saveSettings,
} from './account-settings.repository';

export const ALLOCATIONS = ['win', 'gain', 'fill', 'lose'] as const;
export type Allocation = (typeof ALLOCATIONS)[number];

/** The contract's per-account settings (api.md, "Fulfillment metrics"). */
export interface AccountSettings {
  otifWindow: { earlyDays: number | null; lateDays: number };
  inFullTolerancePct: number;
  alertDaysBefore: number;
  allocation: Allocation | null;
}

export const DEFAULT_ACCOUNT_SETTINGS: AccountSettings = {
  otifWindow: { earlyDays: null, lateDays: 0 },
  inFullTolerancePct: 0,
  alertDaysBefore: 3,
  allocation: null,
};

function toSettings(r: AccountSettingsRow | undefined): AccountSettings {
  if (!r) return DEFAULT_ACCOUNT_SETTINGS;
  return {
    otifWindow: {
      earlyDays: r.otif_early_days === null ? null : Number(r.otif_early_days),
      lateDays: Number(r.otif_late_days),
    },
    inFullTolerancePct: Number(r.in_full_tolerance_pct),
    alertDaysBefore: Number(r.alert_days_before),
    allocation: (r.allocation as Allocation | null) ?? null,
  };
}

/** Settings of many accounts at once (defaults for those without a row), for metrics, alerts and allocation. */
export async function settingsOfAccounts(
  db: Knex,
  accountIds: string[],
): Promise<Map<string, AccountSettings>> {
  const rows = new Map((await findSettings(db, accountIds)).map((r) => [r.account_id, r]));
  return new Map(accountIds.map((id) => [id, toSettings(rows.get(id))]));
}

/** Each account's allocation strategy, for the accounts that have one (off for every other account). */
export async function allocationsOfAccounts(db: Knex): Promise<Map<string, Allocation>> {
  return new Map((await findAllocations(db)).map((r) => [r.account_id, r.allocation as Allocation]));
}

export async function getAccountSettings(
  db: Knex,
  actor: Actor,
  accountId: string,
): Promise<AccountSettings> {
  if (!(await repo.findAccount(db, accountScopeOf(actor), accountId))) throw notFound('Account');
  return toSettings((await findSettings(db, [accountId]))[0]);
}

/** A percentage with at most 3 decimals: the number's own text decides, never a float product. */
function checkTolerance(pct: number): void {
  if (!/^\d{1,3}(\.\d{1,3})?$/.test(String(pct)) || pct > 100)
    throw new AppError('validation_failed', 'Request is invalid', [
      { path: '/inFullTolerancePct', message: 'must be a percentage from 0 to 100 with at most 3 decimals' },
    ]);
}

export async function putAccountSettings(
  db: Knex,
  actor: Actor,
  accountId: string,
  input: AccountSettings,
  requestId?: string,
): Promise<AccountSettings> {
  checkTolerance(input.inFullTolerancePct);
  const row: AccountSettingsRow = {
    account_id: accountId,
    otif_early_days: input.otifWindow.earlyDays,
    otif_late_days: input.otifWindow.lateDays,
    in_full_tolerance_pct: String(input.inFullTolerancePct),
    alert_days_before: input.alertDaysBefore,
    allocation: input.allocation,
    updated_at: nowIso(),
    updated_by: actor.userId,
  };
  await db.transaction(async (trx) => {
    if (!(await repo.findAccount(trx, accountScopeOf(actor), accountId))) throw notFound('Account');
    // Allocation lets one account take confirmed supply from others: only an admin switches it.
    const stored = toSettings((await findSettings(trx, [accountId]))[0]).allocation;
    if (input.allocation !== stored && actor.role !== 'admin')
      throw new AppError('forbidden', "Only an admin may change an account's allocation", [
        { path: '/allocation', message: 'only an admin may change it' },
      ]);
    await saveSettings(trx, row);
    await writeAudit(trx, {
      actor,
      action: 'account.settings_changed',
      entity: 'account',
      entityId: accountId,
      detail: { ...input },
      ...(requestId && { requestId }),
    });
  });
  return toSettings(row);
}
