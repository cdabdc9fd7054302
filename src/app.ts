import path from 'node:path';
import express, { Express, Router } from 'express';
import './shared/http/express-augment';
import { accountRoutes } from './accounts';
import { actorResolver, authRoutes, checkCsrf } from './auth';
import { catalogRoutes } from './catalog';
import { erpRoutes } from './erp';
import { atpRoutes } from './atp';
import { orderRoutes } from './orders';
import { quoteDocumentRoutes, quoteRequestRoutes, quoteRoutes, XLSX_MIME } from './quotes';
import type { Deps } from './deps';
import { pageRoutes } from './portal/pages.routes';
import { quotePageRoutes } from './portal/quote-pages.routes';
import { TEMPLATES_DIR } from './shared/documents/templates';
import {
  accessLog,
  errorHandler,
  privateAnswers,
  requestId,
  securityHeaders,
  unknownRoute,
} from './shared/http/edge';
import { mountRoutes } from './shared/http/mount';
import { buildOpenApi } from './shared/http/openapi';
import type { AnyRoute } from './shared/http/route';
import { systemRoutes } from './shared/http/system.routes';

const VERSION = '0.1.0';

/** Every domain's API routes; a new domain adds its list here and appears in the OpenAPI document. */
export function apiRoutes(deps: Deps): AnyRoute[] {
  return [
    ...authRoutes(deps),
    ...accountRoutes(deps),
    ...catalogRoutes(deps),
    ...atpRoutes(deps),
    ...orderRoutes(deps),
    ...quoteRequestRoutes(deps),
    ...quoteRoutes(deps),
    ...quoteDocumentRoutes(deps),
    ...erpRoutes(deps),
  ];
}

/** Builds the express app from its dependencies. It never listens: server.ts and tests do. */
export function buildApp(deps: Deps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestId, securityHeaders(deps.config.secureCookies), privateAnswers, accessLog(deps.logger));
  app.use(
    '/assets',
    express.static(path.join(TEMPLATES_DIR, 'assets'), { maxAge: '1h', fallthrough: false }),
  );
  app.use('/api', express.json({ limit: '1mb', strict: true }));
  // Spreadsheet uploads (quote lines) arrive as the raw body.
  app.use('/api', express.raw({ type: XLSX_MIME, limit: '10mb' }));

  const routes = apiRoutes(deps);
  let openApi: Record<string, unknown> | undefined;
  const all: AnyRoute[] = [...routes];
  all.push(
    ...systemRoutes(
      deps.db,
      deps.jobs,
      (): Record<string, unknown> => (openApi ??= buildOpenApi(all, VERSION)),
    ),
  );
  const api = Router();
  mountRoutes(api, all, actorResolver(deps.db), checkCsrf);
  app.use(api);
  app.use(pageRoutes(deps));
  app.use(quotePageRoutes(deps));

  app.use((req) => unknownRoute(req));
  app.use(errorHandler(deps.logger));
  return app;
}
