import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { AccountRow, insertAccount } from '../../src/accounts';
import { createToken, createUser } from '../../src/auth';
import type { Role } from '../../src/shared/http/actor';
import { nowIso } from '../../src/shared/time';

export const uniq = (prefix: string): string => `${prefix}-${crypto.randomBytes(5).toString('hex')}`;

export const TEST_PASSWORD = 'correct horse battery';

export async function createAccount(db: Knex, overrides: Partial<AccountRow> = {}): Promise<AccountRow> {
  const now = nowIso();
  const row: AccountRow = {
    id: crypto.randomUUID(),
    erp_customer_id: uniq('C'),
    name: uniq('Account'),
    country: 'DE',
    currency: 'EUR',
    payment_terms: 'NET30',
    credit_limit: null,
    account_manager_email: null,
    active: true,
    created_at: now,
    updated_at: now,
    ...overrides,
  };
  await insertAccount(db, row);
  return row;
}

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  accountId: string | null;
  token: string;
  /** `Authorization` header value. */
  auth: string;
}

export async function createTestUser(db: Knex, role: Role, accountId?: string): Promise<TestUser> {
  const user = await createUser(db, null, {
    email: `${uniq(role)}@test.example`,
    password: TEST_PASSWORD,
    role,
    ...(accountId && { accountId }),
  });
  const { token } = await createToken(db, user.id, 'api', 1);
  return { id: user.id, email: user.email, role, accountId: user.accountId, token, auth: `Bearer ${token}` };
}

/** A customer user together with its own new account. */
export async function createCustomer(db: Knex): Promise<TestUser & { account: AccountRow }> {
  const account = await createAccount(db);
  return { ...(await createTestUser(db, 'customer', account.id)), account };
}
