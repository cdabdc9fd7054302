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
export {
  accountNames,
  addContact,
  getAccount,
  listAccounts,
  listContacts,
  updateContact,
} from './accounts.service';
export { newContactSchema, type NewContact } from './accounts.schemas';
export { listAccountKeys, saveAccountClasses } from './account-classes';
export type { AccountClassInput, AccountClassLetter } from './account-classes';
