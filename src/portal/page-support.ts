import crypto from 'node:crypto';
import express, { Request, RequestHandler, Response } from 'express';
import { actorResolver, checkCsrf, csrfTokenFor, safeEqual } from '../auth';
import type { Deps } from '../deps';
import { accountNames } from '../accounts';
import { AppError, ErrorDetail } from '../shared/errors';
import type { Actor, Role } from '../shared/http/actor';
import { clearCookie, readCookie, setCookie } from '../shared/http/cookies';
import { unstorableText } from '../shared/http/validation';
import { renderPage } from '../shared/documents/templates';
import { navigationFor } from './navigation';

export const STAFF: readonly Role[] = ['admin', 'account_manager'];
export const PARTIES: readonly Role[] = ['admin', 'account_manager', 'customer'];

const FLASH_COOKIE = 'fd_flash';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_DETAILS = 12;
const UNKNOWN_ACCOUNT = 'Unknown account';

/** What a page shows once after a redirect: the outcome of the form that was posted. */
export interface Flash {
  /** 'warning': done, but something deserves a look (a follow-up that collides with another). */
  kind: 'ok' | 'warning' | 'error';
  message: string;
  details?: ErrorDetail[];
}

export interface PageContext {
  req: Request;
  res: Response;
  actor: Actor;
  isStaff: boolean;
  /** The shell every page renders with: the signed-in user, the CSRF token, the flash. */
  render(page: string, title: string, data: Record<string, unknown>, status?: number): void;
  /** An account's name for lists and headers: read once per request, a page's names in one query. */
  accountName(accountId: string): Promise<string>;
}

/** What the layout shows of a signed-in user on every page: who, the form token, the navigation. */
export async function signedInLayout(deps: Deps, req: Request, actor: Actor, sessionToken: string) {
  return {
    // A buyer is not shown our role names.
    user: {
      email: actor.email,
      role: actor.role,
      roleText: actor.role === 'customer' ? null : actor.role.replace('_', ' '),
    },
    csrfToken: csrfTokenFor(sessionToken),
    nav: await navigationFor(deps, actor, req.baseUrl + req.path),
  };
}

export type PageKit = ReturnType<typeof pageKit>;

/**
 * Pages of the signed-in portal, built on the same services as the API. A form posts, the
 * service decides, and the browser is sent back (303) with a flash of the outcome: the
 * AppError's message and details on failure, in which case the service changed nothing.
 */
export function pageKit(deps: Deps) {
  const { db, config } = deps;
  const resolveActor = actorResolver(db);
  // Many lines x four fields: more than the 1000 parameters body-parser allows by default.
  const form = express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 20000 });

  // The flash is bound to the session by an HMAC, so nobody can plant a message on a page.
  const sign = (session: string, payload: string) =>
    crypto.createHmac('sha256', `flash:${session}`).update(payload).digest('base64url');

  const setFlash = (req: Request, res: Response, flash: Flash) => {
    if (!req.sessionToken) return;
    const trimmed: Flash = {
      kind: flash.kind,
      message: flash.message.slice(0, 300),
      ...(flash.details?.length && {
        details: flash.details
          .slice(0, MAX_DETAILS)
          .map((d) => ({ path: d.path.slice(0, 80), message: d.message.slice(0, 200) })),
      }),
    };
    const payload = Buffer.from(JSON.stringify(trimmed)).toString('base64url');
    setCookie(res, FLASH_COOKIE, `${payload}.${sign(req.sessionToken, payload)}`, {
      maxAgeSeconds: 120,
      secure: config.secureCookies,
    });
  };

  const takeFlash = (req: Request, res: Response): Flash | undefined => {
    const raw = readCookie(req, FLASH_COOKIE);
    if (!raw) return undefined;
    clearCookie(res, FLASH_COOKIE, config.secureCookies);
    const [payload, mac] = raw.split('.');
    if (!payload || !mac || !req.sessionToken || !safeEqual(mac, sign(req.sessionToken, payload)))
      return undefined;
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Flash;
    } catch {
      return undefined;
    }
  };

  const context = async (req: Request, res: Response, actor: Actor): Promise<PageContext> => {
    const layout = await signedInLayout(deps, req, actor, req.sessionToken!);
    return {
      req,
      res,
      actor,
      isStaff: STAFF.includes(actor.role),
      render: (page, title, data, status = 200) => {
        const flash = takeFlash(req, res);
        res
          .status(status)
          .type('html')
          .send(renderPage(page, { title, ...layout, flash, ...data }));
      },
      accountName: batchedAccountNames(db, actor),
    };
  };

  /** A signed-in page (session cookie); anyone else is sent to the login page. */
  const signedIn = async (
    req: Request,
    res: Response,
    roles: readonly Role[],
  ): Promise<PageContext | null> => {
    const actor = await resolveActor(req);
    if (!actor || actor.via !== 'session' || !req.sessionToken) {
      // A link opened signed out (from an e-mail) comes back here after signing in.
      const back =
        req.method === 'GET' && req.originalUrl !== '/' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      res.redirect(303, `/login${back}`);
      return null;
    }
    if (!roles.includes(actor.role)) throw new AppError('forbidden', 'Your role may not open this page');
    return context(req, res, actor);
  };

  /** GET: renders a page for the roles given. */
  const view =
    (roles: readonly Role[], handler: (c: PageContext) => Promise<void>): RequestHandler =>
    async (req, res) => {
      const c = await signedIn(req, res, roles);
      if (c) await handler(c);
    };

  /**
   * POST: checks the form token, runs the use case, and redirects to where it says (303) with a
   * flash. A refusal of the service goes back to `back` with its message; a 404 is the 404 page.
   * With `refill`, a refusal instead shows the form again (422) as it was sent, with the message,
   * so nothing typed is lost.
   */
  const action = (
    roles: readonly Role[],
    back: (req: Request) => string,
    handler: (c: PageContext) => Promise<{ to?: string; message: string; warning?: boolean }>,
    refill?: (c: PageContext, refusal: Flash) => Promise<void>,
  ): RequestHandler[] => [
    form,
    async (req, res) => {
      const actor = await resolveActor(req);
      if (!actor || actor.via !== 'session' || !req.sessionToken) return res.redirect(303, '/login');
      if (!checkCsrf(req))
        throw new AppError('csrf_failed', 'The form is out of date; reload the page and try again');
      try {
        if (!roles.includes(actor.role)) throw new AppError('forbidden', 'Your role may not do this');
        const done = await handler(await context(req, res, actor));
        setFlash(req, res, { kind: done.warning ? 'warning' : 'ok', message: done.message });
        res.redirect(303, done.to ?? back(req));
      } catch (err) {
        if (!(err instanceof AppError) || err.code === 'not_found') throw err;
        const refusal: Flash = {
          kind: 'error',
          message: err.message,
          ...(err.details && { details: err.details.slice(0, MAX_DETAILS) }),
        };
        if (refill && roles.includes(actor.role)) return refill(await context(req, res, actor), refusal);
        setFlash(req, res, refusal);
        res.redirect(303, back(req));
      }
    },
  ];

  return { view, action };
}

/**
 * A list page asks for each row's customer name as it maps its rows: the names asked in one turn
 * of the event loop are read together in one query (not one per row), each at most once a request.
 */
function batchedAccountNames(db: Deps['db'], actor: Actor): (accountId: string) => Promise<string> {
  const names = new Map<string, Promise<string>>();
  let waiting: Map<string, (name: string) => void> | null = null;
  const readWaiting = () => {
    const batch = waiting!;
    waiting = null;
    accountNames(db, actor, [...batch.keys()]).then(
      (found) => {
        for (const [id, resolve] of batch) resolve(found.get(id) ?? UNKNOWN_ACCOUNT);
      },
      () => {
        for (const resolve of batch.values()) resolve(UNKNOWN_ACCOUNT);
      },
    );
  };
  return (accountId) => {
    let name = names.get(accountId);
    if (!name) {
      name = new Promise<string>((resolve) => {
        if (!waiting) {
          waiting = new Map();
          setImmediate(readWaiting);
        }
        waiting.set(accountId, resolve);
      });
      names.set(accountId, name);
    }
    return name;
  };
}

/** Route ids are UUIDs: anything else is a page that does not exist (and never reaches SQL). */
export function idParam(req: Request, name = 'id'): string {
  const id = req.params[name];
  if (typeof id !== 'string' || !UUID.test(id)) throw new AppError('not_found', 'Page not found');
  return id;
}

/** A single query-string value, or undefined (repeated values are ignored). */
export function queryText(req: Request, name: string, max = 500): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  const why = typeof v === 'string' ? unstorableText(v) : null;
  if (why)
    throw new AppError('validation_failed', 'The address is not valid', [{ path: `/${name}`, message: why }]);
  return typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined;
}

/** The link to a list's next page, keeping its status filter. */
export function nextPageUrl(
  path: string,
  status: string | undefined,
  nextCursor: string | null,
): string | null {
  return nextCursor
    ? `${path}?${new URLSearchParams({ ...(status && { status }), cursor: nextCursor }).toString()}`
    : null;
}

/** Where to go after signing in: only a path on this site (never //host or a scheme), else home. */
export function safeNext(raw: unknown): string {
  return typeof raw === 'string' && /^\/(?![/\\])[^\s]*$/.test(raw) && raw.length <= 500 ? raw : '/';
}
