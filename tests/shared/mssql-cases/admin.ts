import * as auth from '../../../src/auth/auth.repository';
import * as runs from '../../../src/erp/sync-runs.repository';
import { ID, NOW, type RepositoryCases } from './index';

/** SQL Server compile cases of what the admin and planner pages added: user changes, one quarantined row */
export const ADMIN_CASES: RepositoryCases = {
  'auth/auth.repository.ts': {
    updateUser: async (db) => {
      await auth.updateUser(db, ID, { role: 'planner', updated_at: NOW });
      await auth.updateUser(db, ID, { active: false, updated_at: NOW });
      await auth.updateUser(db, ID, { password_hash: 'scrypt$x', updated_at: NOW });
    },
    revokeUserTokens: (db) => auth.revokeUserTokens(db, ID, NOW),
  },
  'erp/sync-runs.repository.ts': {
    findQuarantineRow: (db) => runs.findQuarantineRow(db, 42),
  },
};
