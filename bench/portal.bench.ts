/**
 * npm run bench:portal — a customer checking an order's status, under load.
 *
 * The demo company is loaded the way `npm start` loads it on an empty database (seedDemo: the ERP
 * files through the nightly sync, the demo quotes), and the demo buyer accepts the quotation sent
 * to it through the API, which makes the order. A child process then serves the real app (every
 * job registered, logging at the configured level, as `npm start`) and, on a second port, a bare
 * express app answering the order's JSON (parsed once, serialized per request: the same size).
 * autocannon, in this process, drives each for --seconds (10) at --connections (50):
 *   baseline  GET /order on the bare express app
 *   api       GET /api/orders/:id with the buyer's bearer token
 *   page      GET /orders/:id with the buyer's session cookie (HTML)
 *   me        GET /api/me with the bearer token (the authentication alone)
 * Prints req/s, p50/p99 latency and the ratio to the baseline for each; targets for the API
 * read: ≥ 50 % of the baseline's req/s, p99 ≤ 50 ms. SQLite always, and PostgreSQL when
 * `--database postgres://…` or DATABASE_URL names one. The last line is JSON.
 * Options: --seconds N, --connections N, --only sqlite|postgres, --endpoints api,page,me (all three),
 * --cpu-prof DIR (profiles the server: load it with one endpoint to see that endpoint's time).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import express from 'express';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { seedDemo } from '../src/demo/demo.service';
import type { Deps } from '../src/deps';
import { registerAllJobs } from '../src/jobs';
import { createDb } from '../src/shared/db/knex';
import { InProcessJobQueue } from '../src/shared/jobs';
import { createLogger } from '../src/shared/logger';
import { freshDatabase, round, scratch, useBenchClock } from './bench-support';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const SECONDS = Number(arg('seconds') ?? 10);
const CONNECTIONS = Number(arg('connections') ?? 50);
const ENDPOINTS = (arg('endpoints') ?? 'api,page,me').split(',');
const TARGETS = { ratio: 0.5, p99Ms: 50 };
useBenchClock();

interface Served {
  appPort: number;
  barePort: number;
  orderId: string;
  lines: number;
  bearer: string;
  cookie: string;
  jsonBytes: number;
  htmlBytes: number;
}

// ---------------------------------------------------------------------------------------------
// The child: seeds the demo company, then serves the app and the bare baseline.

async function signIn(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** A session the way a browser gets one: the login form's CSRF cookie, then the form posted. */
async function signInPage(base: string, email: string, password: string): Promise<string> {
  const form = await fetch(`${base}/login`);
  const html = await form.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const loginCookie = form.headers.getSetCookie().map((c) => c.split(';')[0]!);
  if (!csrf) throw new Error('the login page has no CSRF field');
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie.join('; ') },
    body: new URLSearchParams({ email, password, _csrf: csrf }).toString(),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('fd_session='));
  if (res.status !== 303 || !session) throw new Error(`page sign-in answered ${res.status}`);
  return session;
}

function listen(app: express.Express): Promise<number> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

async function serve(url: string): Promise<void> {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: url,
    ERP_DROP_DIR: path.join(scratch('portal-drop'), 'erp'),
    OUTBOX_DIR: scratch('portal-outbox'),
    EXPORT_DIR: scratch('portal-export'),
  });
  const logger = createLogger(config.logLevel);
  const deps: Deps = { config, db: createDb(url), jobs: new InProcessJobQueue(logger), logger };
  registerAllJobs(deps);
  await deps.jobs.start();
  const logins = await seedDemo(deps);
  const appPort = await listen(buildApp(deps));
  const base = `http://127.0.0.1:${appPort}`;

  const buyer = logins.find((l) => l.role === 'customer')!;
  const bearer = await signIn(base, buyer.email, buyer.password);
  const auth = { authorization: `Bearer ${bearer}` };
  const quotes = (await (await fetch(`${base}/api/quotes`, { headers: auth })).json()) as {
    items: Array<{ id: string; status: string; revision: number }>;
  };
  const sent = quotes.items.find((q) => q.status === 'sent');
  if (!sent) throw new Error('the demo has no quotation sent to the buyer');
  const accepted = await fetch(`${base}/api/quotes/${sent.id}/accept`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ revision: sent.revision, customerPo: 'PO-BENCH-1' }),
  });
  if (accepted.status !== 201) throw new Error(`accepting the quote answered ${accepted.status}`);
  const orderId = ((await accepted.json()) as { orderId: string }).orderId;
  await deps.jobs.drain();

  const cookie = await signInPage(base, buyer.email, buyer.password);
  const order = await fetch(`${base}/api/orders/${orderId}`, { headers: auth });
  const json = await order.text();
  const page = await fetch(`${base}/orders/${orderId}`, { headers: { cookie } });
  const html = await page.text();
  if (order.status !== 200 || page.status !== 200)
    throw new Error(`the order answered ${order.status}, its page ${page.status}`);

  const body = JSON.parse(json) as { lines: unknown[] };
  const bare = express();
  bare.get('/order', (_req, res) => {
    res.json(body);
  });
  const barePort = await listen(bare);
  const served: Served = {
    appPort,
    barePort,
    orderId,
    lines: body.lines.length,
    bearer,
    cookie,
    jsonBytes: Buffer.byteLength(json),
    htmlBytes: Buffer.byteLength(html),
  };
  // An exit, not a kill: --cpu-prof writes its profile on the way out.
  process.once('SIGTERM', () => process.exit(0));
  process.send!(served);
}

// ---------------------------------------------------------------------------------------------
// The parent: one child per database, autocannon against each endpoint in turn.

function startChild(
  url: string,
  profileDir: string | undefined,
): Promise<{ child: ChildProcess; s: Served }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
        '--import',
        'tsx',
        __filename,
        '--phase',
        'serve',
        '--url',
        url,
      ],
      // The server's request log goes where `npm start`'s would, but nobody reads it here.
      { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, DEMO_DATA: 'on' } },
    );
    child.once('message', (s) => resolve({ child, s: s as Served }));
    child.once('exit', (code) => reject(new Error(`server child exited ${code}`)));
  });
}

interface Load {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string>, seconds = SECONDS): Promise<Load> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  return {
    reqPerSec: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

async function measureDatabase(kind: 'sqlite' | 'postgres', pgBase?: string) {
  const db = await freshDatabase(kind, pgBase);
  const profileDir = arg('cpu-prof') && path.resolve(arg('cpu-prof')!, kind);
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const { child, s } = await startChild(db.url, profileDir);
  try {
    const app = `http://127.0.0.1:${s.appPort}`;
    const bearer = { authorization: `Bearer ${s.bearer}` };
    // Warm-up: JIT, the pool's connections, the templates.
    await load(`${app}/api/orders/${s.orderId}`, bearer, 2);
    await load(`${app}/orders/${s.orderId}`, { cookie: s.cookie }, 2);
    await load(`http://127.0.0.1:${s.barePort}/order`, {}, 2);
    const skip: Load = { reqPerSec: 0, p50Ms: 0, p99Ms: 0, non2xx: 0, errors: 0 };
    const run = (name: string, url: string, headers: Record<string, string>) =>
      ENDPOINTS.includes(name) ? load(url, headers) : Promise.resolve(skip);
    const baseline = await load(`http://127.0.0.1:${s.barePort}/order`, {});
    const api = await run('api', `${app}/api/orders/${s.orderId}`, bearer);
    const page = await run('page', `${app}/orders/${s.orderId}`, { cookie: s.cookie });
    const me = await run('me', `${app}/api/me`, bearer);
    const ratio = (l: Load) => round(l.reqPerSec / baseline.reqPerSec);
    return {
      database: kind,
      order: { lines: s.lines, jsonBytes: s.jsonBytes, htmlBytes: s.htmlBytes },
      baseline,
      api: { ...api, ratio: ratio(api) },
      page: { ...page, ratio: ratio(page) },
      me: { ...me, ratio: ratio(me) },
    };
  } finally {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    await db.drop();
  }
}

function print(r: Awaited<ReturnType<typeof measureDatabase>>): void {
  const row = (name: string, l: Load & { ratio?: number }) =>
    `  ${name.padEnd(44)} ${String(l.reqPerSec).padStart(6)} req/s  p50 ${String(l.p50Ms).padStart(4)} ms  p99 ${String(l.p99Ms).padStart(4)} ms` +
    (l.ratio !== undefined ? `  ${Math.round(l.ratio * 100)} % of bare` : '') +
    (l.non2xx || l.errors ? `  (${l.non2xx} non-2xx, ${l.errors} errors)` : '');
  console.log(
    `${r.database}: order of ${r.order.lines} lines (${r.order.jsonBytes} B JSON, ${r.order.htmlBytes} B page), ${CONNECTIONS} connections, ${SECONDS} s each`,
  );
  console.log(row('bare express, same JSON', r.baseline));
  console.log(row('GET /api/orders/:id (bearer)', r.api));
  console.log(row('GET /orders/:id (session cookie, HTML)', r.page));
  console.log(row('GET /api/me (bearer)', r.me));
  const ok = r.api.ratio >= TARGETS.ratio && r.api.p99Ms <= TARGETS.p99Ms;
  console.log(
    `  API read target ≥ ${TARGETS.ratio * 100} % of bare and p99 ≤ ${TARGETS.p99Ms} ms: ${ok ? 'met' : 'NOT met'}`,
  );
}

async function main(): Promise<void> {
  if (arg('phase') === 'serve') return serve(arg('url')!);
  const given = arg('database') ?? process.env.DATABASE_URL;
  const pgBase = given && /^postgres(ql)?:/.test(given) ? given : undefined;
  const only = arg('only');
  const results = [];
  if (only !== 'postgres') {
    results.push(await measureDatabase('sqlite'));
    print(results.at(-1)!);
  }
  if (pgBase && only !== 'sqlite') {
    results.push(await measureDatabase('postgres', pgBase));
    print(results.at(-1)!);
  }
  console.log(JSON.stringify({ connections: CONNECTIONS, seconds: SECONDS, targets: TARGETS, results }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
