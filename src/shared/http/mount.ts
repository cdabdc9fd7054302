import type { Request, Response, Router } from 'express';
import { AppError } from '../errors';
import type { Actor } from './actor';
import type { AnyRoute } from './route';

export type ResolveActor = (req: Request) => Promise<Actor | null>;
export type CheckCsrf = (req: Request) => boolean;

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Mounts routes in one fixed order of checks: who is calling (401), may they (403), CSRF for
 * cookie sessions, then the params, query and body against the route's compiled schemas (400),
 * and only then the handler. A refused request never reaches a service, so it changes nothing.
 */
export function mountRoutes(
  router: Router,
  routes: AnyRoute[],
  resolveActor: ResolveActor,
  checkCsrf: CheckCsrf,
): void {
  for (const route of routes) {
    router[route.method](route.path, async (req: Request, res: Response) => {
      const actor = await authorize(route, req, resolveActor, checkCsrf);
      const params = route.validateParams({ ...req.params }, '');
      const query = route.validateQuery({ ...(req.query as Record<string, unknown>) }, '');
      let body: unknown;
      if (route.validateBody) {
        if (req.body === undefined || req.body === null || typeof req.body !== 'object') {
          throw new AppError('validation_failed', 'Request is invalid', [
            { path: '/', message: 'a JSON object body is required' },
          ]);
        }
        body = route.validateBody(stripCsrfField(req.body as Record<string, unknown>), '');
      }
      const result = await route.handler({ body, query, params, actor, req, res });
      if (!result || res.headersSent) return;
      if (result.headers) res.set(result.headers);
      if (result.body === undefined) res.status(result.status).end();
      else res.status(result.status).json(result.body);
    });
  }
}

async function authorize(
  route: AnyRoute,
  req: Request,
  resolveActor: ResolveActor,
  checkCsrf: CheckCsrf,
): Promise<Actor | null> {
  if (route.access === 'public') return null;
  const actor = await resolveActor(req);
  req.actor = actor;
  if (!actor) throw new AppError('unauthenticated', 'Sign in, or send a valid bearer token');
  if (route.access !== 'any' && !route.access.includes(actor.role)) {
    throw new AppError('forbidden', 'Your role may not do this');
  }
  if (actor.via === 'session' && !SAFE.has(req.method) && !checkCsrf(req)) {
    throw new AppError('csrf_failed', 'The form is out of date; reload the page and try again');
  }
  return actor;
}

/** HTML forms carry the CSRF token as a field; it is not part of any resource. */
function stripCsrfField(body: Record<string, unknown>): Record<string, unknown> {
  if (!('_csrf' in body)) return body;
  const { _csrf: _ignored, ...rest } = body;
  return rest;
}
