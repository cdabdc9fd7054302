import path from 'node:path';
import express, { Express, Request, Router } from 'express';
import './shared/http/express-augment';
import { accountRoutes } from './accounts';
import { alertRoutes } from './alerts';
import { actorResolver, authRoutes, checkCsrf } from './auth';
import {
  ATTACHMENT_TYPE_NAMES,
  attachmentRoutes,
  caseFiguresRoutes,
  caseRoutes,
  knowledgeRoutes,
  MAX_ATTACHMENT_BYTES,
} from './cases';
import { catalogRoutes } from './catalog';
import { deskRoutes } from './desk';
import { erpRoutes } from './erp';
import { atpRoutes } from './atp';
import { accountKnowledgeRoutes, metricsRoutes, promiseOutcomeRoutes } from './metrics';
import { orderRoutes } from './orders';
import { riskRoutes } from './risk';
import {
  orderConfirmationPdf,
  quoteDocumentRoutes,
  quoteRequestRoutes,
  quoteRoutes,
  XLSX_MIME,
} from './quotes';
import type { Deps } from './deps';
import { pageErrorHandler, pageRoutes } from './portal';
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
    ...orderRoutes(deps, orderConfirmationPdf),
    ...quoteRequestRoutes(deps),
    ...quoteRoutes(deps),
    ...quoteDocumentRoutes(deps),
    ...erpRoutes(deps),
    ...alertRoutes(deps),
    ...caseRoutes(deps),
    ...knowledgeRoutes(deps),
    ...caseFiguresRoutes(deps),
    ...attachmentRoutes(deps),
    ...metricsRoutes(deps),
    ...accountKnowledgeRoutes(deps),
    ...promiseOutcomeRoutes(deps),
    ...riskRoutes(deps),
    ...deskRoutes(deps),
  ];
}

/**
 * A request is an API request when its path is under /api or is one of the API's own routes
 * outside it (/health): its errors keep the contract's JSON shape whatever the Accept header
 * says. Every other path is a page, and its errors are the HTML error page, also for a client
 * that asks for JSON: the JSON answers live under /api.
 */
function isApiRequestOf(routes: AnyRoute[]): (req: Request) => boolean {
  const outside = new Set(routes.map((r) => r.path).filter((p) => !p.startsWith('/api/')));
  return (req) => req.path === '/api' || req.path.startsWith('/api/') || outside.has(req.path);
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
  // Case attachments (photos, PDFs) too; one byte over the limit lets the service say which limit.
  app.use('/api/cases', express.raw({ type: ATTACHMENT_TYPE_NAMES, limit: MAX_ATTACHMENT_BYTES + 1 }));

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
  for (const pages of pageRoutes(deps)) app.use(pages);

  app.use((req) => unknownRoute(req));
  app.use(pageErrorHandler(deps, isApiRequestOf(all)), errorHandler(deps.logger));
  return app;
}
