import crypto from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { renderPage } from '../shared/documents/templates';

/** How often the loading page reloads itself. */
const REFRESH_SECONDS = 5;

/**
 * The demo start serves its first page at once and makes the history behind it (the plant
 * simulator's weeks take minutes). Until the history is made, the app is not reachable: the
 * simulator moves the process's clock day by day, so a sign-in or an order now would be dated in
 * the simulated past and would change the history being made. Pages answer a page that says the
 * history is loading and how far it got (200 for the start and sign-in pages, 503 for the rest);
 * the API answers 503 `service_unavailable` in the contract's error shape; the stylesheet is served.
 */
export class DemoLoadingGate {
  private loading = true;
  private progress = 'starting';

  /** The simulator's progress line ("simulated up to 2026-08-31"). */
  report(line: string): void {
    this.progress = line;
  }

  open(): void {
    this.loading = false;
  }

  get isLoading(): boolean {
    return this.loading;
  }

  /** `app` once the history is loaded; the loading answers until then. */
  wrap(app: RequestListener): RequestListener {
    return (req, res) => {
      if (!this.loading || req.url?.startsWith('/assets/')) return app(req, res);
      this.answer(req, res);
    };
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0]!;
    res.setHeader('retry-after', String(REFRESH_SECONDS));
    res.setHeader('cache-control', 'no-store');
    if (path.startsWith('/api/')) {
      res.writeHead(503, { 'content-type': 'application/json; charset=utf-8' });
      res.end(
        JSON.stringify({
          error: {
            code: 'service_unavailable',
            message: `The demo company's history is still loading (${this.progress}); try again shortly`,
            details: [],
            requestId: crypto.randomUUID(),
          },
        }),
      );
      return;
    }
    const page = req.method === 'GET' && (path === '/' || path === '/login');
    res.writeHead(page ? 200 : 503, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      renderPage('demo-loading', {
        title: 'Demo loading',
        progress: this.progress,
        refreshSeconds: REFRESH_SECONDS,
      }),
    );
  }
}
