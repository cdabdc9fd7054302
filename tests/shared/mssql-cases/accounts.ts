import type { Knex } from 'knex';
import * as settings from '../../../src/accounts/account-settings.repository';
import { ID, NOW, type RepositoryCases } from './index';

/** SQL Server compile cases of the accounts domain's repositories. */
export const ACCOUNT_CASES: RepositoryCases = {
  'accounts/account-settings.repository.ts': {
    findSettings: (db) => settings.findSettings(db, [ID]),
    saveSettings: (db) =>
      settings.saveSettings(db as Knex.Transaction, {
        account_id: ID,
        otif_early_days: null,
        otif_late_days: 2,
        in_full_tolerance_pct: '2.5',
        alert_days_before: 3,
        allocation: 'win',
        updated_at: NOW,
        updated_by: ID,
      }),
  },
};
