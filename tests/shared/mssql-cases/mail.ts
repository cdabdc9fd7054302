import type { RepositoryCases } from './index';

/** SQL Server compile cases of src/notifications/*.repository.ts. */
export const MAIL_CASES: RepositoryCases = {};
