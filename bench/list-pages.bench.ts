/**
 * npm run bench:list-pages — a list page against the API call behind it.
 *
 * The demo company's ERP data is loaded as `npm start` loads it (seedDemo), then the admin takes
 * one order and one quote request on each of up to 50 customers, so every list row names another
 * customer. The app is served in this process; for --rounds (200) sequential requests each, it
 * times:
 *   api    GET /api/orders?limit=50 and GET /api/quote-requests?limit=50 with the admin's bearer token
 *   page   GET /orders and GET /quote-requests with the admin's session cookie (the same 50 rows, as HTML)
 * and prints the mean milliseconds of each and the ratio page / api (the page adds the navigation's
 * counts, the customers' names and the rendering: it should stay near 1, not grow with the rows).
 * SQLite only (the page's extra work is the same on every database). The last line is JSON.
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { seedDemo } from '../src/demo/demo.service';
import type { Deps } from '../src/deps';
import { registerAllJobs } from '../src/jobs';
import { createDb } from '../src/shared/db/knex';
import { InProcessJobQueue } from '../src/shared/jobs';
import { createLogger } from '../src/shared/logger';
import { addDays, todayIso } from '../src/shared/time';
import { freshDatabase, round, scratch, useBenchClock } from './bench-support';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const ROUNDS = Number(arg('rounds') ?? 200);
const CUSTOMERS = 50;
useBenchClock();

async function signIn(base: string, email: string, password: string) {
  const res = await fetch(`${base}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const token = ((await res.json()) as { token: string }).token;
  const form = await fetch(`${base}/login`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const cookies = form.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
    body: new URLSearchParams({ email, password, _csrf: csrf }).toString(),
  });
  const session = login.headers.getSetCookie().map((c) => c.split(';')[0]!);
  return { bearer: { authorization: `Bearer ${token}` }, cookie: { cookie: session.join('; ') } };
}

/** One order and one quote request on each customer, so each list row names another one. */
async function fillLists(deps: Deps, base: string, auth: Record<string, string>): Promise<number> {
  const stock = await deps.db('erp_stock').where('on_hand', '>', 1000).first('sku', 'site_code');
  const accounts = await deps.db('accounts').limit(CUSTOMERS).pluck('id');
  const line = { sku: stock.sku, quantity: 1, requestedDate: addDays(todayIso(), 60) };
  for (const accountId of accounts) {
    for (const [url, body] of [
      ['/api/orders', { accountId, site: stock.site_code, lines: [line] }],
      ['/api/quote-requests', { accountId, lines: [line] }],
    ] as const) {
      const res = await fetch(`${base}${url}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
    }
  }
  await deps.jobs.drain();
  return accounts.length;
}

async function meanMs(url: string, headers: Record<string, string>): Promise<number> {
  for (let i = 0; i < 10; i += 1) await (await fetch(url, { headers })).text();
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i += 1) {
    const res = await fetch(url, { headers });
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    await res.text();
  }
  return (performance.now() - started) / ROUNDS;
}

async function main(): Promise<void> {
  const database = await freshDatabase('sqlite');
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: database.url,
    ERP_DROP_DIR: path.join(scratch('lists-drop'), 'erp'),
    OUTBOX_DIR: scratch('lists-outbox'),
    EXPORT_DIR: scratch('lists-export'),
    LOG_LEVEL: 'silent',
  });
  const logger = createLogger('silent');
  const deps: Deps = { config, db: createDb(database.url), jobs: new InProcessJobQueue(logger), logger };
  registerAllJobs(deps);
  await deps.jobs.start();
  const logins = await seedDemo(deps);
  const server = buildApp(deps).listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const admin = logins.find((l) => l.role === 'admin')!;
    const { bearer, cookie } = await signIn(base, admin.email, admin.password);
    const customers = await fillLists(deps, base, bearer);
    const results = [];
    for (const [name, api, page] of [
      ['orders', '/api/orders?limit=50', '/orders'],
      ['quote requests', '/api/quote-requests?limit=50', '/quote-requests'],
    ] as const) {
      const apiMs = await meanMs(`${base}${api}`, bearer);
      const pageMs = await meanMs(`${base}${page}`, cookie);
      results.push({ list: name, apiMs: round(apiMs), pageMs: round(pageMs), ratio: round(pageMs / apiMs) });
      console.log(
        `${name.padEnd(15)} api ${round(apiMs).toFixed(2)} ms  page ${round(pageMs).toFixed(2)} ms  page/api ${round(pageMs / apiMs).toFixed(2)}`,
      );
    }
    console.log(JSON.stringify({ bench: 'list-pages', customers, rounds: ROUNDS, results }));
  } finally {
    server.close();
    await deps.jobs.close();
    await deps.db.destroy();
    await database.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
