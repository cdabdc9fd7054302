import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Config } from '../config';
import { AppError } from '../shared/errors';
import type { Actor } from '../shared/http/actor';
import { addHours, nowIso } from '../shared/time';
import * as repo from './auth.repository';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { forgetToken, rememberedToken, rememberToken, tokenCacheGeneration } from './token-cache';
import { hashToken, newToken } from './tokens';

const WINDOW_MINUTES = 15;
const MAX_FAILURES_PER_ACCOUNT = 5;
const MAX_FAILURES_PER_ADDRESS = 30;
/** last_used_at is written at most this often, so reads do not turn into writes. */
const TOUCH_EVERY_MS = 5 * 60_000;

export interface PublicUser {
  id: string;
  email: string;
  name: string | null;
  role: Actor['role'];
  accountId: string | null;
}

export const toPublicUser = (u: repo.UserRow): PublicUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  accountId: u.account_id,
});

export interface Credentials {
  email: string;
  password: string;
  ip: string;
}

/**
 * Checks credentials with per-account and per-address limits on failures. The limits are read
 * from the database, so they hold across server processes. The same generic message answers an
 * unknown e-mail and a wrong password.
 */
export async function authenticate(db: Knex, c: Credentials): Promise<repo.UserRow> {
  const email = c.email.toLowerCase();
  const now = nowIso();
  const windowStart = new Date(Date.parse(now) - WINDOW_MINUTES * 60_000).toISOString();
  const success = await repo.lastSuccess(db, email);
  const since = success && success > windowStart ? success : windowStart;
  const [byAccount, byAddress] = await Promise.all([
    repo.countFailures(db, 'email', email, since),
    repo.countFailures(db, 'ip', c.ip, windowStart),
  ]);
  if (byAccount >= MAX_FAILURES_PER_ACCOUNT || byAddress >= MAX_FAILURES_PER_ADDRESS) {
    throw new AppError(
      'rate_limited',
      `Too many failed sign-ins; try again in ${WINDOW_MINUTES} minutes`,
      [],
      WINDOW_MINUTES * 60,
    );
  }
  const user = await repo.findUserByEmail(db, email);
  const ok = await verifyPassword(c.password, user?.password_hash ?? (await dummyPasswordHash()));
  const valid = ok && user !== undefined && Boolean(user.active);
  await repo.recordLoginAttempt(db, email, c.ip, valid, now);
  if (!valid || !user) throw new AppError('unauthenticated', 'E-mail or password is wrong');
  return user;
}

export async function issueToken(
  db: Knex,
  config: Config,
  c: Credentials,
): Promise<{ token: string; user: PublicUser; expiresAt: string }> {
  const user = await authenticate(db, c);
  const { token, expiresAt } = await createToken(db, user.id, 'api', config.tokenTtlHours);
  return { token, user: toPublicUser(user), expiresAt };
}

export async function startSession(
  db: Knex,
  config: Config,
  c: Credentials,
): Promise<{ token: string; user: PublicUser; expiresAt: string }> {
  const user = await authenticate(db, c);
  const { token, expiresAt } = await createToken(db, user.id, 'session', config.sessionTtlHours);
  return { token, user: toPublicUser(user), expiresAt };
}

export async function createToken(
  db: Knex,
  userId: string,
  kind: 'api' | 'session',
  ttlHours: number,
): Promise<{ token: string; expiresAt: string }> {
  const token = newToken();
  const now = nowIso();
  const expiresAt = addHours(now, ttlHours);
  await repo.insertToken(db, {
    id: crypto.randomUUID(),
    user_id: userId,
    token_hash: hashToken(token),
    kind,
    expires_at: expiresAt,
    created_at: now,
  });
  return { token, expiresAt };
}

/** The actor behind a token of the given kind, or null when unknown, expired, revoked or inactive. */
export async function resolveToken(db: Knex, token: string, kind: 'api' | 'session'): Promise<Actor | null> {
  const now = nowIso();
  const tokenHash = hashToken(token);
  const row = rememberedToken(tokenHash, now) ?? (await readTokenOnce(db, tokenHash, now));
  if (!row) return null;
  if (row.kind !== kind) return null;
  return {
    userId: row.user_id,
    email: row.email,
    role: row.role,
    accountId: row.account_id,
    via: kind === 'api' ? 'token' : 'session',
  };
}

/**
 * Look-ups of one token that miss the memory at the same time share one read of the database:
 * when a busy token's entry goes stale, every request in flight with it (50 at the portal's load)
 * would otherwise queue for the pool's connections at once, and the slowest of them were the p99.
 * A read is shared only while no forget happened since it began (see tokenCacheGeneration).
 */
const reading = new Map<string, { generation: number; row: Promise<repo.TokenUserRow | undefined> }>();

function readTokenOnce(db: Knex, tokenHash: string, now: string): Promise<repo.TokenUserRow | undefined> {
  const generation = tokenCacheGeneration();
  const shared = reading.get(tokenHash);
  if (shared && shared.generation === generation) return shared.row;
  const flight = { generation, row: readToken(db, tokenHash, now, generation) };
  reading.set(tokenHash, flight);
  const done = () => {
    if (reading.get(tokenHash) === flight) reading.delete(tokenHash);
  };
  flight.row.then(done, done);
  return flight.row;
}

async function readToken(
  db: Knex,
  tokenHash: string,
  now: string,
  readAt: number,
): Promise<repo.TokenUserRow | undefined> {
  const row = await repo.findLiveToken(db, tokenHash, now);
  if (!row) return undefined;
  if (!row.last_used_at || Date.parse(now) - Date.parse(row.last_used_at) > TOUCH_EVERY_MS)
    await repo.touchToken(db, row.token_id, now);
  rememberToken(tokenHash, row, readAt);
  return row;
}

export async function revoke(db: Knex, token: string): Promise<void> {
  const tokenHash = hashToken(token);
  forgetToken(tokenHash);
  await repo.revokeToken(db, tokenHash, nowIso());
  // Again after the write, so a look-up that read before it and answers after it remembers nothing.
  forgetToken(tokenHash);
}
