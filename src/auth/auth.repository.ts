import type { Knex } from 'knex';
import { readRows } from '../shared/db/array-rows';
import type { Role } from '../shared/http/actor';

export interface UserRow {
  id: string;
  email: string;
  name: string | null;
  password_hash: string;
  role: Role;
  account_id: string | null;
  active: boolean | number;
  created_at: string;
  updated_at: string;
}

export interface TokenUserRow {
  token_id: string;
  kind: 'api' | 'session';
  expires_at: string;
  last_used_at: string | null;
  user_id: string;
  email: string;
  role: Role;
  account_id: string | null;
}

export async function findUserByEmail(db: Knex, email: string): Promise<UserRow | undefined> {
  return db<UserRow>('users').where({ email: email.toLowerCase() }).first();
}

export async function findUserById(db: Knex, id: string): Promise<UserRow | undefined> {
  return db<UserRow>('users').where({ id }).first();
}

export async function countUsers(db: Knex): Promise<number> {
  const row = await db('users').count<{ n: number | string }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export async function insertUser(db: Knex, row: UserRow): Promise<void> {
  await db('users').insert(row);
}

export async function listUsers(db: Knex, limit: number, after: [string, string] | null): Promise<UserRow[]> {
  const q = db<UserRow>('users')
    .orderBy([{ column: 'email' }, { column: 'id' }])
    .limit(limit + 1);
  if (after)
    q.where((w) =>
      w
        .where('email', '>', after[0])
        .orWhere((x) => x.where('email', after[0]).andWhere('id', '>', after[1])),
    );
  return q;
}

export async function insertToken(
  db: Knex,
  row: {
    id: string;
    user_id: string;
    token_hash: string;
    kind: 'api' | 'session';
    expires_at: string;
    created_at: string;
  },
): Promise<void> {
  await db('api_tokens').insert(row);
}

/** A token that is known, unexpired, unrevoked, and whose user is active. */
export async function findLiveToken(
  db: Knex,
  tokenHash: string,
  now: string,
): Promise<TokenUserRow | undefined> {
  const rows = await readRows<TokenUserRow>(
    db,
    db('api_tokens as t')
      .join('users as u', 'u.id', 't.user_id')
      .where('t.token_hash', tokenHash)
      .whereNull('t.revoked_at')
      .where('t.expires_at', '>', now)
      .where('u.active', true)
      .limit(1)
      .select(
        't.id as token_id',
        't.kind',
        't.expires_at',
        't.last_used_at',
        'u.id as user_id',
        'u.email',
        'u.role',
        'u.account_id',
      ),
  );
  return rows[0];
}

export async function touchToken(db: Knex, tokenId: string, now: string): Promise<void> {
  await db('api_tokens').where({ id: tokenId }).update({ last_used_at: now });
}

export async function revokeToken(db: Knex, tokenHash: string, now: string): Promise<number> {
  return db('api_tokens')
    .where({ token_hash: tokenHash })
    .whereNull('revoked_at')
    .update({ revoked_at: now });
}

export async function recordLoginAttempt(
  db: Knex,
  email: string,
  ip: string,
  succeeded: boolean,
  at: string,
): Promise<void> {
  await db('login_attempts').insert({ email: email.toLowerCase(), ip, succeeded, at });
}

/** Failed attempts since `since` for this e-mail or this address (whichever column is given). */
export async function countFailures(
  db: Knex,
  column: 'email' | 'ip',
  value: string,
  since: string,
): Promise<number> {
  const row = await db('login_attempts')
    .where(column, value)
    .where('succeeded', false)
    .where('at', '>', since)
    .count<{ n: number | string }[]>({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

export async function lastSuccess(db: Knex, email: string): Promise<string | null> {
  const row = await db('login_attempts')
    .where({ email: email.toLowerCase(), succeeded: true })
    .max<{ at: string | null }[]>({ at: 'at' })
    .first();
  return row?.at ?? null;
}

/** What an admin may change of a user; updated_at is always set. */
export interface UserChange {
  role?: Role;
  active?: boolean;
  password_hash?: string;
  updated_at: string;
}

export async function updateUser(db: Knex, id: string, change: UserChange): Promise<number> {
  return db('users').where({ id }).update(change);
}

/** Every live token and session of the user, revoked at once (deactivation, a password reset). */
export async function revokeUserTokens(db: Knex, userId: string, now: string): Promise<number> {
  return db('api_tokens').where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: now });
}
