import type { Knex } from 'knex';
import { writeAudit } from '../shared/audit.repository';
import { AppError, notFound } from '../shared/errors';
import type { Actor } from '../shared/http/actor';
import { nowIso } from '../shared/time';
import * as repo from './auth.repository';
import type { PasswordResetBody, UserChangeBody } from './auth.schemas';
import { toPublicUser, type PublicUser } from './auth.service';
import { hashPassword } from './passwords';
import { forgetUser } from './token-cache';

export interface ManagedUser extends PublicUser {
  active: boolean;
  createdAt: string;
}

export const toManagedUser = (u: repo.UserRow): ManagedUser => ({
  ...toPublicUser(u),
  active: Boolean(u.active),
  createdAt: u.created_at,
});

const refuse = (path: string, message: string) =>
  new AppError('business_rule', 'This change is not allowed', [{ path, message }]);

export async function getUser(db: Knex, id: string): Promise<ManagedUser> {
  const user = await repo.findUserById(db, id);
  if (!user) throw notFound('User');
  return toManagedUser(user);
}

/**
 * Changes a user's role or whether they may sign in. An admin cannot lock themselves out (their
 * own role or active flag), and a role change never crosses the customer/staff line: a customer
 * user belongs to one account and staff to none, so that is a new user, not a new role.
 * Deactivating revokes every token and session of the user, so reactivating does not revive them.
 */
export async function changeUser(
  db: Knex,
  actor: Actor,
  id: string,
  change: UserChangeBody,
  requestId?: string,
): Promise<ManagedUser> {
  const updated = await db.transaction(async (trx) => {
    const user = await repo.findUserById(trx, id);
    if (!user) throw notFound('User');
    if (user.id === actor.userId && change.role !== undefined && change.role !== user.role)
      throw refuse('/role', 'you cannot change your own role');
    if (user.id === actor.userId && change.active === false)
      throw refuse('/active', 'you cannot deactivate yourself');
    if (change.role !== undefined && (change.role === 'customer') !== (user.role === 'customer'))
      throw refuse('/role', 'a customer user cannot become staff, nor staff a customer user');
    const now = nowIso();
    await repo.updateUser(trx, id, {
      ...(change.role !== undefined && { role: change.role }),
      ...(change.active !== undefined && { active: change.active }),
      updated_at: now,
    });
    if (change.active === false) await repo.revokeUserTokens(trx, id, now);
    await writeAudit(trx, {
      actor,
      action: change.active === false ? 'user.deactivated' : 'user.changed',
      entity: 'user',
      entityId: id,
      detail: { ...change, before: { role: user.role, active: Boolean(user.active) } },
      ...(requestId && { requestId }),
    });
    return (await repo.findUserById(trx, id))!;
  });
  // After the commit: a look-up that read the old row before it is not remembered (see token-cache).
  forgetUser(id);
  return toManagedUser(updated);
}

/**
 * Sets a new password chosen by the admin and revokes the user's tokens and sessions: a reset
 * usually means the old password is known to someone else, whose sessions must end with it.
 */
export async function resetPassword(
  db: Knex,
  actor: Actor,
  id: string,
  body: PasswordResetBody,
  requestId?: string,
): Promise<void> {
  if (!(await repo.findUserById(db, id))) throw notFound('User');
  // Hash outside the transaction: it is the slow part and needs no lock.
  const passwordHash = await hashPassword(body.password);
  await db.transaction(async (trx) => {
    const now = nowIso();
    if (!(await repo.updateUser(trx, id, { password_hash: passwordHash, updated_at: now })))
      throw notFound('User');
    await repo.revokeUserTokens(trx, id, now);
    await writeAudit(trx, {
      actor,
      action: 'user.password_reset',
      entity: 'user',
      entityId: id,
      ...(requestId && { requestId }),
    });
  });
  forgetUser(id);
}
