export { accountRoutes } from './accounts.routes';
export { accountExists, findFirstAccount, insertAccount } from './accounts.repository';
export type { AccountRow } from './accounts.repository';
export { toAccount } from './accounts.service';
export type { Account } from './accounts.schemas';
export {
  ALLOCATIONS,
  type Allocation,
  type AccountSettings,
  DEFAULT_ACCOUNT_SETTINGS,
  settingsOfAccounts,
} from './account-settings';
export { getAccount, listAccounts } from './accounts.service';
export { listAccountKeys, saveAccountClasses } from './account-classes';
export type { AccountClassInput, AccountClassLetter } from './account-classes';
