import type { Knex } from 'knex';
import * as accounts from '../../../src/accounts/accounts.repository';
import * as settings from '../../../src/accounts/account-settings.repository';
import { ALL_ACCOUNTS } from '../../../src/shared/http/actor';
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
  'accounts/accounts.repository.ts': {
    findAccountNames: async (db) => {
      await accounts.findAccountNames(db, ALL_ACCOUNTS, [ID]);
      await accounts.findAccountNames(db, { kind: 'account', accountId: ID }, [ID, ID]);
    },
    findContact: (db) => accounts.findContact(db, ID, ID),
    updateContact: (db) =>
      accounts.updateContact(db, ID, {
        name: 'Ada Buyer',
        email: null,
        phone: '+49 89 1234',
        title: 'Purchasing',
        updated_at: NOW,
      }),
  },
};
