import type { TokenUserRow } from './auth.repository';

/**
 * How long a live token's actor is taken from memory instead of the database. Revoking in this
 * process forgets the token at once; a revocation or deactivation made by another process (or by
 * hand in the database) takes effect within this time. Two seconds: at the portal's load
 * (thousands of requests a second per token) that is still one look-up in thousands.
 */
export const TOKEN_CACHE_MS = 2_000;
/** Tokens remembered at most; past it the oldest are dropped (a flood of tokens costs look-ups, not memory). */
const MAX_ENTRIES = 10_000;

interface Entry {
  row: TokenUserRow;
  /** performance.now() after which the database is asked again. */
  freshUntil: number;
  /** The token's own expiry (ISO-8601 UTC), checked against the clock's now on every use. */
  expiresAt: string;
}

/** Keyed by the token's SHA-256, as the database keys it: the plain token is not kept. */
const entries = new Map<string, Entry>();
/**
 * Bumped by every forget. A look-up that read the database before a revocation and answers after
 * it must not remember what it read: it remembers only when no forget happened in between.
 */
let generation = 0;

export const tokenCacheGeneration = (): number => generation;

export function rememberedToken(tokenHash: string, now: string): TokenUserRow | undefined {
  const entry = entries.get(tokenHash);
  if (!entry) return undefined;
  if (performance.now() > entry.freshUntil || entry.expiresAt <= now) {
    entries.delete(tokenHash);
    return undefined;
  }
  return entry.row;
}

export function rememberToken(tokenHash: string, row: TokenUserRow, readAt: number): void {
  if (readAt !== generation) return;
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(tokenHash, { row, expiresAt: row.expires_at, freshUntil: performance.now() + TOKEN_CACHE_MS });
}

export function forgetToken(tokenHash: string): void {
  generation += 1;
  entries.delete(tokenHash);
}

/** Every remembered token of a user: for whatever deactivates a user or changes its role or account. */
export function forgetUser(userId: string): void {
  generation += 1;
  for (const [hash, entry] of entries) if (entry.row.user_id === userId) entries.delete(hash);
}
