import crypto from 'node:crypto';
import express, { Request, Response, Router } from 'express';
import { actorResolver, checkCsrf, revoke, startSession, safeEqual } from '../auth';
import type { Deps } from '../deps';
import { getAccount } from '../accounts';
import { buyerDate, buyerOverview } from '../orders';
import { listQuotes } from '../quotes';
import { todayIso } from '../shared/time';
import { AppError } from '../shared/errors';
import {
  clearCookie,
  LOGIN_CSRF_COOKIE,
  readCookie,
  SESSION_COOKIE,
  setCookie,
} from '../shared/http/cookies';
import { renderPage } from '../shared/documents/templates';
import { ROLES } from '../shared/http/actor';
import { safeNext, type PageKit } from './page-support';
import { unstorableText } from '../shared/http/validation';

/** Signing in and out: the only pages open to someone not signed in. */
export function signInPageRoutes({ db, config }: Deps): Router {
  const router = Router();
  const resolveActor = actorResolver(db);
  const form = express.urlencoded({ extended: false, limit: '1mb' });

  const showLogin = (
    res: Response,
    status: number,
    data: { error?: string; email?: string; next?: string },
  ) => {
    const csrf = crypto.randomBytes(24).toString('base64url');
    setCookie(res, LOGIN_CSRF_COOKIE, csrf, { maxAgeSeconds: 3600, secure: config.secureCookies });
    res
      .status(status)
      .type('html')
      .send(renderPage('login', { title: 'Sign in', csrfToken: csrf, ...data }));
  };

  router.get('/login', async (req: Request, res: Response) => {
    const next = safeNext(req.query.next);
    if (await resolveActor(req)) return res.redirect(303, next);
    showLogin(res, 200, { next });
  });

  router.post('/login', form, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const email = typeof body.email === 'string' ? body.email.slice(0, 254) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 200) : '';
    const next = safeNext(body.next);
    const cookie = readCookie(req, LOGIN_CSRF_COOKIE);
    if (!cookie || typeof body._csrf !== 'string' || !safeEqual(cookie, body._csrf)) {
      return showLogin(res, 403, { error: 'The form expired. Please sign in again.', email, next });
    }
    if (unstorableText(email) || unstorableText(password)) {
      return showLogin(res, 400, {
        error: 'The e-mail address or password holds a character that is not allowed.',
      });
    }
    try {
      const session = await startSession(db, config, { email, password, ip: req.ip ?? 'unknown' });
      clearCookie(res, LOGIN_CSRF_COOKIE, config.secureCookies);
      setCookie(res, SESSION_COOKIE, session.token, {
        maxAgeSeconds: config.sessionTtlHours * 3600,
        secure: config.secureCookies,
      });
      res.redirect(303, next);
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'unauthenticated' && err.code !== 'rate_limited'))
        throw err;
      if (err.retryAfter !== undefined) res.setHeader('Retry-After', String(err.retryAfter));
      showLogin(res, err.status, { error: err.message, email, next });
    }
  });

  router.post('/logout', form, async (req: Request, res: Response) => {
    const actor = await resolveActor(req);
    if (actor && req.sessionToken) {
      if (!checkCsrf(req))
        throw new AppError('csrf_failed', 'The form is out of date; reload the page and try again');
      await revoke(db, req.sessionToken);
    }
    clearCookie(res, SESSION_COOKIE, config.secureCookies);
    res.redirect(303, '/login');
  });

  return router;
}

/**
 * The signed-in home. A buyer sees what needs it (quotes to accept, choices on late lines) and its
 * deliveries (due this week, shipped or arrived lately); the manufacturer's people see where their
 * role can go (the navigation table, with hints).
 */
export function homePageRoutes({ db }: Deps, { view }: Pick<PageKit, 'view'>): Router {
  const router = Router();
  router.get(
    '/',
    view(ROLES, async (c) => {
      // The service desk's home is its queue.
      if (c.actor.role === 'service') return c.res.redirect(303, '/cases');
      const account = c.actor.accountId ? await getAccount(db, c.actor, c.actor.accountId) : null;
      if (c.actor.role !== 'customer') return c.render('home', 'Home', { account });
      const quotes = (await listQuotes(db, c.actor, { status: 'sent', limit: '20' })).items;
      const overview = await buyerOverview(db, c.actor, todayIso());
      c.render('buyer-home', 'Home', {
        account,
        quotes: quotes.map((q) => ({ ...q, validUntilText: buyerDate(q.validUntil) })),
        choices: overview.choices.map((l) => ({ ...l, dateText: buyerDate(l.promisedDate) })),
        due: overview.dueThisWeek.map((l) => ({ ...l, dateText: buyerDate(l.promisedDate) })),
        recent: overview.recent.map((s) => ({
          ...s,
          text: s.deliveredDate
            ? `delivered ${buyerDate(s.deliveredDate)}`
            : `shipped ${buyerDate(s.shipDate)}, on its way`,
        })),
      });
    }),
  );
  return router;
}
