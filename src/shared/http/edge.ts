import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError, toErrorBody } from '../errors';
import { Logger, redactError } from '../logger';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function requestId(req: Request, res: Response, next: NextFunction): void {
  const given = req.get('x-request-id');
  req.id = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
  res.setHeader('X-Request-Id', req.id);
  next();
}

export function securityHeaders(secure: boolean) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    if (secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}

/**
 * An answer for a signed-in caller holds that caller's data, and one that sets a cookie may hand
 * out a credential: neither may be kept by a shared or browser cache. Decided when the headers
 * leave, because the caller is known only after the route authenticated it, and streamed answers
 * (PDFs, workbooks) send their headers on the first write.
 */
export function privateAnswers(req: Request, res: Response, next: NextFunction): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    if (req.actor || res.hasHeader('set-cookie')) res.setHeader('Cache-Control', 'no-store');
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as Response['writeHead'];
  next();
}

export function accessLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.info(
        {
          reqId: req.id,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          userId: req.actor?.userId,
        },
        'request',
      );
    });
    next();
  };
}

export function unknownRoute(req: Request): never {
  throw new AppError('not_found', `No route ${req.method} ${req.path}`);
}

/** body-parser's own error types, mapped onto the contract's codes. */
function fromBodyParser(err: { type?: unknown }): AppError | null {
  switch (err.type) {
    case 'entity.too.large':
      return new AppError('payload_too_large', 'Request body is larger than 1 MB');
    case 'entity.parse.failed':
      return new AppError('malformed_json', 'Request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', 'Request body encoding is not supported');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new AppError('validation_failed', 'Request body could not be read');
    default:
      return fromHttpStatus((err as { status?: unknown }).status);
  }
}

/** express and serve-static raise http-errors with a status; keep the status, use our shape. */
function fromHttpStatus(status: unknown): AppError | null {
  if (status === 404) return new AppError('not_found', 'Not found');
  if (status === 405) return new AppError('not_found', 'Not found');
  if (status === 413) return new AppError('payload_too_large', 'Request body is larger than 1 MB');
  if (status === 415) return new AppError('unsupported_media_type', 'Unsupported content type');
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new AppError('validation_failed', 'Request could not be read');
  return null;
}

/**
 * Any error as the AppError the client may see: an unexpected one is logged with its request id
 * and becomes `internal` with a generic message, so nothing internal leaks. The JSON handler and
 * the HTML error page both answer from it.
 */
export function toAppError(err: unknown, req: Request, logger: Logger): AppError {
  const appErr = err instanceof AppError ? err : fromBodyParser(err as { type?: unknown });
  if (!appErr) {
    logger.error(
      { reqId: req.id, err: redactError(err), method: req.method, path: req.path },
      'unhandled error',
    );
    return new AppError(
      'internal',
      'Something went wrong on our side; the request id identifies it in our logs',
    );
  }
  if (appErr.status >= 500) logger.error({ reqId: req.id, code: appErr.code }, appErr.message);
  return appErr;
}

/** The one error handler: every error leaves as the contract's shape; nothing internal leaks. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    const appErr = toAppError(err, req, logger);
    if (appErr.retryAfter !== undefined) res.setHeader('Retry-After', String(appErr.retryAfter));
    if (appErr.code === 'unauthenticated') res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(appErr.status).json(toErrorBody(appErr, req.id));
  };
}
