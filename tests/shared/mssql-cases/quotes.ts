import type { RepositoryCases } from './index';

/** SQL Server compile cases of src/quotes/*.repository.ts. */
export const QUOTE_CASES: RepositoryCases = {};
