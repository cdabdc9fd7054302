import type { Request } from 'express';
import type { Knex } from 'knex';
import { readCookie, SESSION_COOKIE } from '../shared/http/cookies';
import type { Actor } from '../shared/http/actor';
import { resolveToken } from './auth.service';
import { csrfTokenFor, safeEqual } from './tokens';

/**
 * A bearer token wins over a cookie: API clients send one, pages the other. A request with an
 * Authorization header that is not a live token is unauthenticated, even if a cookie is present.
 */
export function actorResolver(db: Knex) {
  return async (req: Request): Promise<Actor | null> => {
    if (req.actor !== undefined) return req.actor;
    const header = req.get('authorization');
    if (header !== undefined) {
      const m = /^Bearer\s+(\S{10,200})$/i.exec(header);
      req.actor = m?.[1] ? await resolveToken(db, m[1], 'api') : null;
      return req.actor;
    }
    const session = readCookie(req, SESSION_COOKIE);
    if (session && session.length <= 200) {
      req.sessionToken = session;
      req.actor = await resolveToken(db, session, 'session');
      return req.actor;
    }
    req.actor = null;
    return null;
  };
}

/** Unsafe requests made with a session cookie must echo the session's CSRF token (header or form field). */
export function checkCsrf(req: Request): boolean {
  if (!req.sessionToken) return false;
  const body = req.body as Record<string, unknown> | undefined;
  const sent = req.get('x-csrf-token') ?? (typeof body?._csrf === 'string' ? body._csrf : undefined);
  return typeof sent === 'string' && safeEqual(sent, csrfTokenFor(req.sessionToken));
}
