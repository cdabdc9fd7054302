import type { NextFunction, Request, Response } from 'express';
import { actorResolver } from '../auth';
import type { Deps } from '../deps';
import { renderPage } from '../shared/documents/templates';
import type { AppError } from '../shared/errors';
import { toAppError } from '../shared/http/edge';
import { redactError } from '../shared/logger';
import { signedInLayout } from './page-support';

/** Tells an API request (answered in JSON) from a page request; app.ts knows the API's paths. */
export type IsApiRequest = (req: Request) => boolean;

const HEADINGS: Record<number, string> = { 403: 'Not allowed', 404: 'Not found' };

function errorView(appErr: AppError) {
  const status = appErr.status;
  const heading = HEADINGS[status] ?? (status >= 500 ? 'Something went wrong' : 'This could not be done');
  return {
    title: heading,
    heading,
    status,
    // A 404 says the same for a page that does not exist and one that is not the visitor's.
    message: status === 404 ? 'This page does not exist, or it is not yours to see.' : appErr.message,
    details: status < 500 && status !== 404 ? appErr.details : [],
  };
}

/**
 * The one error handler of every page: an unknown path (404), a role the page refuses (403) and
 * an unexpected error (500) all answer as the app's HTML error page, in the layout, with the
 * navigation when someone is signed in. API requests pass on to the JSON error handler.
 */
export function pageErrorHandler(deps: Deps, isApiRequest: IsApiRequest) {
  const resolveActor = actorResolver(deps.db);
  return async (err: unknown, req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (res.headersSent || isApiRequest(req)) return next(err);
    const appErr = toAppError(err, req, deps.logger);
    let layout: Record<string, unknown> = {};
    try {
      // The page may have failed before it resolved who is calling (an unknown path never does).
      const actor = await resolveActor(req);
      if (actor?.via === 'session' && req.sessionToken)
        layout = await signedInLayout(deps, req, actor, req.sessionToken);
    } catch (layoutErr) {
      // The error page still renders, without the navigation, when the database is what failed.
      deps.logger.warn({ reqId: req.id, err: redactError(layoutErr) }, 'error page without navigation');
    }
    if (appErr.retryAfter !== undefined) res.setHeader('Retry-After', String(appErr.retryAfter));
    res
      .status(appErr.status)
      .type('html')
      .send(renderPage('error', { ...layout, ...errorView(appErr), requestId: req.id }));
  };
}
