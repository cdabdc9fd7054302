/**
 * `npm run bench:risk [-- --scale 0.1] [--repeats 3] [--db sqlite|postgres|both]`: issue 17's targets.
 *
 *   scoring   recomputeRisk over every open line (100,000 over 5,000 skus at scale 1) after a sync,
 *             as a ratio to reading the same lines, their confirmations and ledger, the supply,
 *             stock and demand with plain queries in the same run (target ≤ 2×);
 *   page      the risk page's first page over HTTP: GET /planning/risk (session) and
 *             GET /api/risk/lines (token), p99 of 200 requests (target ≤ 50 ms);
 *   what-if   one sku with 10,000 events: the engine (3,000 receipts, 3,000 ERP demand days, 4,000
 *             lines, before and after a moved receipt), and POST /api/risk/what-if's use case on a
 *             sku with 10,000 receipts and demand rows in the database (target ≤ 100 ms).
 *
 * PostgreSQL from BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { buildApp } from '../src/app';
import { recomputeRisk, whatIf } from '../src/risk';
import { simulatePromises } from '../src/risk/what-if.engine';
import { dialectOf } from '../src/shared/db/knex';
import { addDays, todayIn } from '../src/shared/time';
import { benchUser, rng, SITE, SITE_TIMEZONE, seedManySkus, seedOneSku } from './atp-seed';
import { benchDeps, freshDatabase, measure, median, round, scratch, useBenchClock } from './bench-support';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const SCALE = Number(arg('scale', '1'));
const REPEATS = Number(arg('repeats', '3'));
const KINDS = (arg('db', 'both') === 'both' ? ['sqlite', 'postgres'] : [arg('db', 'both')]) as Array<
  'sqlite' | 'postgres'
>;
const PG = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const LINES = Math.round(100_000 * SCALE);
const SKUS = Math.max(1, Math.round(5_000 * SCALE));
const OPEN = ['draft', 'confirmed', 'in_production', 'partially_shipped'];

/** The baseline: the rows scoring reads, with plain queries and nothing computed. */
async function plainRead(db: Knex): Promise<number> {
  const open = () =>
    db('order_lines as ol')
      .join('orders as o', 'o.id', 'ol.order_id')
      .where('ol.open', true)
      .whereIn('o.status', OPEN);
  const reads = [
    open().select('ol.*', 'o.number', 'o.account_id'),
    db('order_line_confirmations').whereIn('order_line_id', open().select('ol.id')).select('*'),
    db('promise_ledger')
      .whereIn('order_line_id', open().select('ol.id'))
      .select('order_line_id', 'version', 'confirmed_date'),
    db('erp_supply').whereNull('closed_at').select('*'),
    db('erp_supply_daily').select('*'),
    db('erp_stock').select('*'),
    db('erp_demand_daily').select('*'),
  ];
  let rows = 0;
  for (const q of reads) rows += (await q).length;
  return rows;
}

const p99 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.99) - 1]!;

async function timeRequests(url: string, headers: Record<string, string>, n = 200): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n + 10; i++) {
    const started = process.hrtime.bigint();
    const res = await fetch(url, { headers });
    await res.text();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    if (i >= 10) ms.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return ms;
}

/** The page's session, as a browser gets it: the login form's CSRF field and cookie, then the form. */
async function pageSession(base: string): Promise<string> {
  const form = await fetch(`${base}/login`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const body = new URLSearchParams({
    email: 'atp-bench@bench.example',
    password: 'bench password long enough',
    _csrf: csrf,
  });
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie.join('; ') },
    body: body.toString(),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('fd_session='));
  if (!session) throw new Error(`page sign-in answered ${res.status}`);
  return session.split(';')[0]!;
}

async function scoringAndPage(kind: 'sqlite' | 'postgres') {
  const { url, drop } = await freshDatabase(kind, PG);
  const deps = benchDeps(url, scratch('risk-drop'));
  try {
    const seeding = await measure(() =>
      seedManySkus(deps.db, todayIn(SITE_TIMEZONE), {
        skus: SKUS,
        lines: LINES,
        supplyPerSku: 3,
        connector: 'file-drop',
      }),
    );
    if (dialectOf(deps.db) === 'postgres') await deps.db.raw('vacuum analyze');
    const ratios: number[] = [];
    let last = { read: 0, score: 0, rows: 0, scored: 0, peakRssMb: 0 };
    for (let i = 0; i < REPEATS; i++) {
      const read = await measure(() => plainRead(deps.db));
      const score = await measure(() => recomputeRisk(deps.db, null));
      ratios.push(score.seconds / read.seconds);
      last = {
        read: read.seconds,
        score: score.seconds,
        rows: read.result,
        scored: score.result.lines,
        peakRssMb: score.peakRssMb,
      };
    }
    const token = await benchUser(deps.db);
    const server = buildApp(deps).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const cookie = await pageSession(base);
      const page = await timeRequests(`${base}/planning/risk`, { cookie });
      const api = await timeRequests(`${base}/api/risk/lines`, { authorization: `Bearer ${token}` });
      return {
        kind,
        seedSeconds: round(seeding.seconds, 1),
        linesScored: last.scored,
        rowsRead: last.rows,
        readSeconds: round(last.read),
        scoreSeconds: round(last.score),
        scoringRatio: round(median(ratios)),
        ratios: ratios.map((r) => round(r)),
        scorePeakRssMb: last.peakRssMb,
        pageP99Ms: round(p99(page), 1),
        pageMedianMs: round(median(page), 1),
        apiP99Ms: round(p99(api), 1),
      };
    } finally {
      server.close();
    }
  } finally {
    await deps.db.destroy();
    await drop();
  }
}

/** 3,000 receipts, 3,000 ERP demand days and 4,000 lines over a year; the what-if moves one receipt a month later. */
function engineWhatIf(): { ms: number; slipped: number } {
  const r = rng(17);
  const today = todayIn('UTC');
  const on = () => addDays(today, r.int(0, 365));
  const receipts = Array.from({ length: 3_000 }, () => ({ date: on(), qty: r.int(1, 50) * 1000 }));
  const erpDemand = Array.from({ length: 3_000 }, () => ({ date: on(), qty: r.int(1, 20) * 1000 }));
  const lines = Array.from({ length: 4_000 }, (_, i) => ({
    id: `L${i}`,
    promisedDate: on(),
    qty: r.int(1, 10) * 1000,
    newSupply: 0,
  }));
  const moved = receipts.map((x, i) => (i === 0 ? { ...x, date: addDays(x.date, 30) } : x));
  const runs: number[] = [];
  let slipped = 0;
  for (let i = 0; i < 7; i++) {
    const started = process.hrtime.bigint();
    const before = simulatePromises({ today, onHand: 5_000, receipts, erpDemand }, lines);
    const after = simulatePromises({ today, onHand: 5_000, receipts: moved, erpDemand }, lines);
    runs.push(Number(process.hrtime.bigint() - started) / 1e6);
    slipped = lines.filter((l) => before.get(l.id) !== after.get(l.id)).length;
  }
  return { ms: round(median(runs), 1), slipped };
}

/** The use case on the database: one sku with 10,000 receipts and demand rows (no order lines). */
async function databaseWhatIf(kind: 'sqlite' | 'postgres') {
  const { url, drop } = await freshDatabase(kind, PG);
  const deps = benchDeps(url, scratch('risk-whatif'));
  try {
    const { sku } = await seedOneSku(deps.db, todayIn(SITE_TIMEZONE), 10_000);
    const ref = (await deps.db('erp_supply').where({ sku }).first('ref', 'due_date')) as {
      ref: string;
      due_date: string;
    };
    const ms: number[] = [];
    for (let i = 0; i < 7; i++) {
      const started = process.hrtime.bigint();
      await whatIf(deps.db, {
        sku,
        site: SITE,
        receipts: [{ ref: ref.ref, dueDate: addDays(ref.due_date, 30) }],
      });
      ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return { kind, medianMs: round(median(ms), 1), maxMs: round(Math.max(...ms), 1) };
  } finally {
    await deps.db.destroy();
    await drop();
  }
}

async function main() {
  useBenchClock();
  console.log(`bench:risk scale ${SCALE}: ${LINES} open lines over ${SKUS} skus, ${REPEATS} repeats`);
  const engine = engineWhatIf();
  console.log(JSON.stringify({ whatIfEngine10kEvents: engine, targetMs: 100 }));
  for (const kind of KINDS) {
    console.log(JSON.stringify({ whatIfDatabase10kEvents: await databaseWhatIf(kind), targetMs: 100 }));
    console.log(
      JSON.stringify({ ...(await scoringAndPage(kind)), targets: { scoringRatio: 2, pageP99Ms: 50 } }),
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
