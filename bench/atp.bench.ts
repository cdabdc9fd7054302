/**
 * npm run bench:atp — availability-to-promise under load, on SQLite and on PostgreSQL when
 * DATABASE_URL names one. Each part runs on a fresh migrated database, in child processes.
 *
 * (a) One sku at one site with `--events` supply + demand rows (half each, due over the next 365
 *     days): p50/p99 of the pure engine (`computeBuckets` on a picture loaded once) and of
 *     GET /api/items/:sku/availability over real HTTP with a planner's bearer token, for the whole
 *     horizon and for a 30-day from/to window (client and server share one process, as a
 *     load-balanced node would not: a slightly pessimistic figure). Also the reads alone
 *     (`loadPicture`), the service call without HTTP, and the queries one request sends.
 *     Target: p99 ≤ 20 ms through HTTP.
 * (b) `--lines` open order lines over `--skus` skus with their current confirmations, and supply
 *     per sku, a tenth of it moved by the sync run. Baseline in the same run: reading those lines
 *     with their confirmations and the supply picture rows of their skus with plain queries
 *     (median of 3). Then `reconfirmOpenLines(deps, runId)` from src/orders/reconfirm.ts, when it
 *     exists, twice (first run, then the idempotent re-run), each as a ratio to the baseline, in
 *     two scenarios (see Scenario): `nightly`, target ≤ 2× baseline; `repair`, figures only.
 *     Measured on `--repeats` copies of the data, each ratio against its own copy's baseline; the
 *     median ratio is the result.
 *
 * Prints one line per measurement; the last line is JSON. Options: --events N (10,000),
 * --lines N (100,000), --skus N (5,000), --supply-per-sku N (10), --engine-n N (500), --http-n N (300),
 * --repeats N (3: copies of each (b) database, each measured with its own baseline), --only a|b (one part).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { buildApp } from '../src/app';
import { computeBuckets } from '../src/atp/atp.engine';
import { availability, loadPicture } from '../src/atp/atp.service';
import type { Deps } from '../src/deps';
import { dialectOf } from '../src/shared/db/knex';
import { addDays, todayIn } from '../src/shared/time';
import { benchUser, SITE_TIMEZONE, seedManySkus, seedOneSku, settleBeforeRun } from './atp-seed';
import { fmt, sample, sampleSync } from './atp-timing';
import {
  benchDeps,
  copyDatabase,
  freshDatabase,
  measure,
  median,
  round,
  useBenchClock,
} from './bench-support';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const strArg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const EVENTS = arg('events', 10_000);
const LINES = arg('lines', 100_000);
const SKUS = arg('skus', 5_000);
const SUPPLY_PER_SKU = arg('supply-per-sku', 10);
const ENGINE_N = arg('engine-n', 500);
const HTTP_N = arg('http-n', 300);
const REPEATS = arg('repeats', 3);
const SIZE_FLAGS = [
  '--events',
  String(EVENTS),
  '--lines',
  String(LINES),
  '--skus',
  String(SKUS),
  '--supply-per-sku',
  String(SUPPLY_PER_SKU),
  '--engine-n',
  String(ENGINE_N),
  '--http-n',
  String(HTTP_N),
  '--repeats',
  String(REPEATS),
];

const HTTP_P99_TARGET_MS = 20;
const RECONFIRM_TARGET_RATIO = 2;
const RECONFIRM_FILE = path.join(__dirname, '..', 'src', 'orders', 'reconfirm.ts');

type Kind = 'sqlite' | 'postgres';
type Phase = 'availability' | 'baseline' | 'reconfirm';
type ReconfirmFn = (deps: Deps, runId: string) => Promise<unknown>;

/** No ERP files are read here; the drop folder only has to be named, never created. */
const DROP_DIR = path.join(os.tmpdir(), 'fd-bench-atp-drop');

const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/**
 * PostgreSQL in production has statistics and few dead rows (autovacuum); a freshly bulk-loaded
 * bench database has no statistics yet, and a settled one the dead rows of 17,000 rewritten promises.
 */
async function vacuumIfPostgres(db: Knex): Promise<void> {
  if (dialectOf(db) === 'postgres') await db.raw('vacuum analyze');
}

/** Queries knex sends while fn runs: evidence for (or against) N+1 reads on one request. */
async function countQueries(db: Knex, fn: () => Promise<unknown>): Promise<{ count: number; sql: string[] }> {
  const sql: string[] = [];
  const on = (q: { sql: string }) => sql.push(q.sql.replace(/\s+/g, ' ').slice(0, 140));
  db.on('query', on);
  try {
    await fn();
  } finally {
    db.removeListener('query', on);
  }
  return { count: sql.length, sql };
}

// ---------------------------------------------------------------- (a) one sku, many events

async function availabilityPhase(url: string) {
  const deps = benchDeps(url, DROP_DIR);
  const { db } = deps;
  // The endpoint counts from the site's today, not UTC's: compare the engine against the same day.
  const today = todayIn(SITE_TIMEZONE);
  const setup = await measure(async () => {
    const target = await seedOneSku(db, today, EVENTS);
    const token = await benchUser(db);
    await vacuumIfPostgres(db);
    return { ...target, token };
  });
  const { sku, site, token } = setup.result;
  const window = { from: today, to: addDays(today, 30) };

  // Pure engine: the picture is loaded once; only computeBuckets is timed.
  const picture = await loadPicture(db, sku, site, today);
  const buckets = computeBuckets(picture).length;
  const engine = sampleSync(ENGINE_N, 50, () => computeBuckets(picture));
  const engineWindow = sampleSync(ENGINE_N, 50, () => computeBuckets(picture, window));
  // Where the endpoint's time goes: the reads alone, and the service call without HTTP.
  const load = await sample(100, 10, () => loadPicture(db, sku, site, today));
  const service = await sample(100, 10, () => availability(db, sku, {}));

  const server = buildApp(deps).listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/items/${encodeURIComponent(sku)}/availability`;
  const headers = { authorization: `Bearer ${token}` };
  const get = async (query: string): Promise<{ buckets: unknown[] }> => {
    const res = await fetch(base + query, { headers });
    const body = (await res.json()) as { buckets: unknown[] };
    if (res.status !== 200)
      throw new Error(`availability answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    return body;
  };
  const windowQuery = `?from=${window.from}&to=${window.to}`;
  const first = await get('');
  if (first.buckets.length !== buckets)
    throw new Error(`endpoint gave ${first.buckets.length} buckets, engine ${buckets}`);
  const windowBuckets = (await get(windowQuery)).buckets.length;
  const http = await sample(HTTP_N, 20, () => get(''));
  const httpWindow = await sample(HTTP_N, 20, () => get(windowQuery));
  const queries = await countQueries(db, () => get(''));
  const responseBytes = Buffer.byteLength(JSON.stringify(first));

  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.destroy();
  return {
    events: picture.receipts.length + picture.demand.length,
    buckets,
    windowBuckets,
    responseBytes,
    setupSeconds: round(setup.seconds),
    engine,
    engineWindow,
    loadPicture: load,
    service,
    http,
    httpWindow,
    queriesPerRequest: queries.count,
    queries: queries.sql,
    peakRssMb: peakRssMb(),
  };
}

// ---------------------------------------------------------------- (b) re-confirmation

/** The reads any re-confirmation needs at least, with plain queries: open lines (with what orders them), their confirmations, the supply picture of their skus. */
async function readBaseline(db: Knex) {
  const lines = await db('order_lines as ol')
    .join('orders as o', 'o.id', 'ol.order_id')
    .join('accounts as a', 'a.id', 'o.account_id')
    .where('ol.open', true)
    .select(
      'ol.id',
      'ol.order_id',
      'ol.line_no',
      'ol.sku',
      'ol.site_code',
      'ol.quantity',
      'ol.requested_date',
      'ol.confirmed_date',
      'ol.date_source',
      'ol.new_supply',
      'o.created_at',
      'o.ship_complete',
      'a.promise_priority',
    );
  const confirmations = await db('order_line_confirmations as c')
    .join('order_lines as ol', 'ol.id', 'c.order_line_id')
    .where('ol.open', true)
    .select('c.order_line_id', 'c.date', 'c.quantity');
  const openSkuAt = (table: string) => (q: Knex.QueryBuilder) =>
    q
      .select(db.raw('1'))
      .from('order_lines as ol')
      .where('ol.open', true)
      .whereRaw('?? = ??', ['ol.sku', `${table}.sku`])
      .whereRaw('?? = ??', ['ol.site_code', `${table}.site_code`]);
  const stock = await db('erp_stock as s')
    .whereNull('s.closed_at')
    .whereExists(openSkuAt('s'))
    .select('s.sku', 's.site_code', 's.on_hand', 's.blocked');
  const supply = await db('erp_supply as s')
    .whereNull('s.closed_at')
    .where('s.open_qty', '>', 0)
    .whereExists(openSkuAt('s'))
    .select(
      's.sku',
      's.site_code',
      's.due_date',
      's.open_qty',
      's.ref',
      's.prev_due_date',
      's.changed_run_id',
    );
  const demand = await db('erp_demand as d')
    .whereNull('d.closed_at')
    .where('d.open_qty', '>', 0)
    .whereExists(openSkuAt('d'))
    .select('d.sku', 'd.site_code', 'd.due_date', 'd.open_qty', 'd.crm_order_ref');
  return {
    lines: lines.length,
    confirmations: confirmations.length,
    stock: stock.length,
    supply: supply.length,
    demand: demand.length,
  };
}

async function baselinePhase(url: string) {
  const deps = benchDeps(url, DROP_DIR);
  const runs: number[] = [];
  let rows: Awaited<ReturnType<typeof readBaseline>> | undefined;
  for (let i = 0; i < 3; i++) {
    const m = await measure(() => readBaseline(deps.db));
    runs.push(m.seconds);
    rows = m.result;
  }
  await deps.db.destroy();
  const median = [...runs].sort((a, b) => a - b)[1]!;
  return { seconds: median, runs: runs.map((s) => round(s, 3)), rows, peakRssMb: peakRssMb() };
}

function loadReconfirm(): ReconfirmFn | null {
  if (!fs.existsSync(RECONFIRM_FILE)) return null;
  // Loaded at run time so the bench compiles whether or not the module exists yet.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(RECONFIRM_FILE) as { reconfirmOpenLines?: unknown };
  return typeof mod.reconfirmOpenLines === 'function' ? (mod.reconfirmOpenLines as ReconfirmFn) : null;
}

type ReconfirmPhaseResult =
  | { implemented: false }
  | {
      implemented: true;
      firstSeconds: number;
      secondSeconds: number;
      firstPhasePeakRssMb: number;
      ledgerVersionsAdded: { first: number; second: number };
      firstResult: unknown;
      secondResult: unknown;
      peakRssMb: number;
    };

async function reconfirmPhase(url: string, runId: string): Promise<ReconfirmPhaseResult> {
  const fn = loadReconfirm();
  if (!fn) return { implemented: false };
  const deps = benchDeps(url, DROP_DIR);
  const versions = async () =>
    Number(((await deps.db('promise_ledger').count({ n: '*' }).first()) as { n: number | string }).n);
  const before = await versions();
  const first = await measure(() => fn(deps, runId));
  const afterFirst = await versions();
  const second = await measure(() => fn(deps, runId));
  const afterSecond = await versions();
  await deps.db.destroy();
  const summary = (r: unknown) => (r === undefined ? null : (JSON.parse(JSON.stringify(r)) as unknown));
  return {
    implemented: true,
    firstSeconds: first.seconds,
    secondSeconds: second.seconds,
    firstPhasePeakRssMb: first.peakRssMb,
    ledgerVersionsAdded: { first: afterFirst - before, second: afterSecond - afterFirst },
    firstResult: summary(first.result),
    secondResult: summary(second.result),
    peakRssMb: peakRssMb(),
  };
}

// ---------------------------------------------------------------- orchestration

/** One phase in a child process, so its time and peak RSS are its own and not the bench's. */
function runPhase<T>(phase: Phase, kind: Kind, url: string, extra: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        __filename,
        ...SIZE_FLAGS,
        '--phase',
        phase,
        '--kind',
        kind,
        '--url',
        url,
        ...extra,
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!) as T)
        : reject(new Error(`${phase} ${kind} exited ${code}`)),
    );
  });
}

async function child(phase: Phase, url: string): Promise<void> {
  const result =
    phase === 'availability'
      ? await availabilityPhase(url)
      : phase === 'baseline'
        ? await baselinePhase(url)
        : await reconfirmPhase(url, strArg('run-id')!);
  console.log(JSON.stringify(result));
}

async function partA(kind: Kind, pgBase?: string) {
  const { url, drop } = await freshDatabase(kind, pgBase);
  try {
    const a = await runPhase<Awaited<ReturnType<typeof availabilityPhase>>>('availability', kind, url);
    const ratio = round(a.http.p99Ms / HTTP_P99_TARGET_MS, 2);
    console.log(
      `(a) ${kind.padEnd(8)} ${a.events.toLocaleString()} events → ${a.buckets} buckets | engine ${fmt(a.engine)} (30-day window ${fmt(a.engineWindow)}) | loadPicture ${fmt(a.loadPicture)} | service ${fmt(a.service)}`,
    );
    console.log(
      `(a) ${kind.padEnd(8)} HTTP ${fmt(a.http)} → p99 ${ratio}× of the ${HTTP_P99_TARGET_MS} ms target ${ratio <= 1 ? '(met)' : '(MISSED)'} | 30-day window (${a.windowBuckets} buckets) ${fmt(a.httpWindow)} | ${a.queriesPerRequest} queries/request, ${Math.round(a.responseBytes / 1024)} kB/response`,
    );
    const { queries, ...rest } = a;
    return {
      ...rest,
      queries,
      httpP99TargetMs: HTTP_P99_TARGET_MS,
      httpP99Ratio: ratio,
      httpWindowP99Ratio: round(a.httpWindow.p99Ms / HTTP_P99_TARGET_MS, 2),
    };
  } finally {
    await drop();
  }
}

/**
 * The two states re-confirmation meets: `nightly`, the promises FactoryDesk made before the sync
 * moved a tenth of the receipts (settleBeforeRun; the target applies here); `repair`, promises on
 * random dates that ATP never gave, as a first run after importing orders from another system
 * would find them, where most lines with little supply must move.
 */
type Scenario = 'nightly' | 'repair';

async function partB(kind: Kind, pgBase: string | undefined, connector: string, scenario: Scenario) {
  const { url, drop } = await freshDatabase(kind, pgBase);
  try {
    const deps = benchDeps(url, DROP_DIR);
    const setup = await measure(async () => {
      const seeded = await seedManySkus(deps.db, todayIn(SITE_TIMEZONE), {
        skus: SKUS,
        lines: LINES,
        supplyPerSku: SUPPLY_PER_SKU,
        connector,
      });
      const reconfirm = loadReconfirm();
      if (scenario === 'nightly' && reconfirm)
        await settleBeforeRun(deps.db, seeded.runId, (runId) => reconfirm(deps, runId as string));
      return seeded;
    });
    await vacuumIfPostgres(deps.db);
    await deps.db.destroy();
    const data = setup.result;
    // Each repetition on a copy of the same data: its read baseline, then the first run and the
    // re-run; each ratio is taken against its own baseline, measured moments before, and the
    // median of those ratios reported, so a busy moment of the machine skews one pair, not the result.
    const reps: Array<{ baseline: Awaited<ReturnType<typeof baselinePhase>>; r: ReconfirmPhaseResult }> = [];
    for (let i = 0; i < REPEATS; i++) {
      const copy = await copyDatabase(kind, url, pgBase);
      try {
        const baseline = await runPhase<Awaited<ReturnType<typeof baselinePhase>>>(
          'baseline',
          kind,
          copy.url,
        );
        const r = await runPhase<ReconfirmPhaseResult>('reconfirm', kind, copy.url, ['--run-id', data.runId]);
        reps.push({ baseline, r });
      } finally {
        await copy.drop();
      }
    }
    const rows = reps[0]!.baseline.rows!;
    const readRows = rows.lines + rows.confirmations + rows.stock + rows.supply + rows.demand;
    const baselines = reps.map((x) => x.baseline.seconds);
    const label = `(b) ${kind.padEnd(8)} ${scenario.padEnd(7)}`;
    const head = `${label} setup ${round(setup.seconds)} s | read baseline ${round(median(baselines), 3)} s (median of ${REPEATS} copies: ${baselines.map((x) => round(x, 3)).join(', ')}; each the median of 3 reads; ${rows.lines.toLocaleString()} lines, ${rows.confirmations.toLocaleString()} confirmations, ${(rows.stock + rows.supply + rows.demand).toLocaleString()} supply rows)`;
    const out = {
      scenario,
      targetApplies: scenario === 'nightly',
      skus: data.skus,
      lines: data.lines,
      orders: data.orders,
      confirmations: data.confirmations,
      supplyRows: data.supplyRows,
      setupSeconds: round(setup.seconds),
      repeats: REPEATS,
      baselineSeconds: round(median(baselines), 3),
      baselineRuns: baselines.map((x) => round(x, 3)),
      baselineRowsRead: readRows,
      baselinePeakRssMb: Math.max(...reps.map((x) => x.baseline.peakRssMb)),
      implemented: reps[0]!.r.implemented,
      firstSeconds: null as number | null,
      secondSeconds: null as number | null,
      firstRatio: null as number | null,
      secondRatio: null as number | null,
      firstRatios: null as number[] | null,
      secondRatios: null as number[] | null,
      targetRatio: RECONFIRM_TARGET_RATIO,
      reconfirmPeakRssMb: null as number | null,
      ledgerVersionsAdded: null as { first: number; second: number } | null,
      firstResult: null as unknown,
      secondResult: null as unknown,
    };
    const runs = reps.flatMap((x) => (x.r.implemented ? [{ ...x.r, baseline: x.baseline.seconds }] : []));
    if (runs.length < reps.length) {
      console.log(`${head} | re-confirmation not implemented yet`);
      return out;
    }
    const firstRatios = runs.map((x) => round(x.firstSeconds / x.baseline));
    const secondRatios = runs.map((x) => round(x.secondSeconds / x.baseline));
    Object.assign(out, {
      firstSeconds: round(median(runs.map((x) => x.firstSeconds)), 3),
      secondSeconds: round(median(runs.map((x) => x.secondSeconds)), 3),
      firstRatio: round(median(firstRatios)),
      secondRatio: round(median(secondRatios)),
      firstRatios,
      secondRatios,
      reconfirmPeakRssMb: Math.max(...runs.map((x) => x.peakRssMb)),
      ledgerVersionsAdded: runs[0]!.ledgerVersionsAdded,
      firstResult: runs[0]!.firstResult,
      secondResult: runs[0]!.secondResult,
    });
    console.log(head);
    const verdict =
      scenario === 'nightly'
        ? `(target ≤ ${RECONFIRM_TARGET_RATIO}×) ${out.firstRatio! <= RECONFIRM_TARGET_RATIO ? '(met)' : '(MISSED)'}`
        : '(no target: a repair, not a night)';
    console.log(
      `${label} re-confirmation ${out.firstSeconds} s = ${out.firstRatio}× baseline ${verdict} (median of ${firstRatios.join(', ')}) | re-run ${out.secondSeconds} s = ${out.secondRatio}× (${secondRatios.join(', ')}) | ledger versions added ${out.ledgerVersionsAdded!.first.toLocaleString()}, then ${out.ledgerVersionsAdded!.second.toLocaleString()} | peak RSS ${out.reconfirmPeakRssMb} MB`,
    );
    return out;
  } finally {
    await drop();
  }
}

async function main(): Promise<void> {
  useBenchClock();
  const phase = strArg('phase') as Phase | undefined;
  if (phase) return child(phase, strArg('url')!);
  const started = process.hrtime.bigint();
  const pg = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined;
  const kinds: Kind[] = pg ? ['sqlite', 'postgres'] : ['sqlite'];
  console.log(
    `ATP bench: (a) ${EVENTS.toLocaleString()} events for one sku; (b) ${LINES.toLocaleString()} open lines over ${SKUS.toLocaleString()} skus, ${SUPPLY_PER_SKU} receipts per sku; on ${kinds.join(' and ')}`,
  );
  // Latency tails are only as quiet as the machine: say how busy it was.
  const load = () => os.loadavg().map((l) => round(l, 2));
  console.log(`machine: ${os.cpus().length} CPUs, load average ${load().join(' ')} at start`);
  const results: Record<string, unknown> = {
    events: EVENTS,
    lines: LINES,
    skus: SKUS,
    supplyPerSku: SUPPLY_PER_SKU,
    engineN: ENGINE_N,
    httpN: HTTP_N,
    cpus: os.cpus().length,
    loadAvgAtStart: load(),
  };
  const only = strArg('only');
  for (const kind of kinds) {
    const out: Record<string, unknown> = {};
    if (only !== 'b') {
      const { queries, ...aJson } = await partA(kind, pg);
      out.availability = aJson;
      if (kind === kinds[0]) results.queriesPerAvailabilityRequest = queries;
    }
    if (only !== 'a') {
      out.reconfirm = await partB(kind, pg, 'file-drop', 'nightly');
      out.reconfirmRepair = await partB(kind, pg, 'file-drop', 'repair');
    }
    results[kind] = out;
  }
  results.loadAvgAtEnd = load();
  results.wallSeconds = round(Number(process.hrtime.bigint() - started) / 1e9);
  console.log(JSON.stringify(results));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
