import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { writeAudit } from '../shared/audit.repository';
import { AppError } from '../shared/errors';
import type { Actor } from '../shared/http/actor';
import { decodeCursor, Page, parseLimit, toPage } from '../shared/http/pagination';
import { nowIso } from '../shared/time';
import { accountExists } from '../accounts';
import * as repo from './auth.repository';
import type { NewUser } from './auth.schemas';
import { toPublicUser, PublicUser } from './auth.service';
import { hashPassword } from './passwords';
import { type ManagedUser, toManagedUser } from './user-admin.service';

export type { NewUser };

/** Creates a user; a customer user must belong to exactly one account, staff to none. */
export async function createUser(
  db: Knex,
  actor: Actor | null,
  input: NewUser,
  requestId?: string,
): Promise<PublicUser> {
  if (input.role === 'customer' && !input.accountId) {
    throw new AppError('validation_failed', 'Request is invalid', [
      { path: '/accountId', message: 'is required for a customer user' },
    ]);
  }
  if (input.role !== 'customer' && input.accountId) {
    throw new AppError('validation_failed', 'Request is invalid', [
      { path: '/accountId', message: 'only customer users belong to an account' },
    ]);
  }
  // Hash outside the transaction: it is the slow part and needs no lock.
  const passwordHash = await hashPassword(input.password);
  const now = nowIso();
  const row: repo.UserRow = {
    id: crypto.randomUUID(),
    email: input.email.toLowerCase(),
    name: input.name ?? null,
    password_hash: passwordHash,
    role: input.role,
    account_id: input.accountId ?? null,
    active: true,
    created_at: now,
    updated_at: now,
  };
  await db.transaction(async (trx) => {
    if (input.accountId && !(await accountExists(trx, input.accountId))) {
      throw new AppError('business_rule', 'The account does not exist', [
        { path: '/accountId', message: 'unknown account' },
      ]);
    }
    if (await repo.findUserByEmail(trx, row.email)) {
      throw new AppError('conflict', 'A user with this e-mail already exists', [
        { path: '/email', message: 'already taken' },
      ]);
    }
    await repo.insertUser(trx, row);
    await writeAudit(trx, {
      actor,
      action: 'user.created',
      entity: 'user',
      entityId: row.id,
      detail: { email: row.email, role: row.role },
      ...(requestId && { requestId }),
    });
  });
  return toPublicUser(row);
}

export async function listUsers(
  db: Knex,
  q: { limit?: string; cursor?: string },
): Promise<Page<ManagedUser>> {
  const limit = parseLimit(q.limit);
  const after = decodeCursor(q.cursor, 2) as [string, string] | null;
  const rows = await repo.listUsers(db, limit, after);
  return toPage(rows, limit, toManagedUser, (r) => [r.email, r.id]);
}

/** On an empty database, the admin named by ADMIN_EMAIL/ADMIN_PASSWORD. */
export async function ensureFirstAdmin(
  db: Knex,
  email: string | undefined,
  password: string | undefined,
): Promise<PublicUser | null> {
  if (!email || !password || (await repo.countUsers(db)) > 0) return null;
  return createUser(db, null, { email, password, role: 'admin', name: 'Administrator' });
}
