export { accountRoutes } from './accounts.routes';
export { accountExists, findFirstAccount, insertAccount } from './accounts.repository';
export type { AccountRow } from './accounts.repository';
export { toAccount } from './accounts.service';
export type { Account } from './accounts.schemas';
export { getAccount, listAccounts } from './accounts.service';
