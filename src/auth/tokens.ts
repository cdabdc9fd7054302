import crypto from 'node:crypto';

/** Opaque bearer and session tokens: 256 random bits, shown once, stored only as SHA-256. */
export function newToken(): string {
  return `fd_${crypto.randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** The CSRF token of a cookie session: derived from the secret session token, so nothing to store. */
export function csrfTokenFor(sessionToken: string): string {
  return crypto.createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
