/**
 * npm run bench:cases — the service desk at 100,000 cases with 1,000,000 timeline entries.
 *
 * For each database (SQLite always; PostgreSQL when `--database postgres://…` or DATABASE_URL
 * names one; `--only sqlite|postgres`) a fresh database is seeded with multi-row inserts (see
 * cases-seed.ts: one case in five open, each past its due with no breach recorded), then:
 *   queue  GET /api/cases with a filter, first page, over HTTP against the real app (in this
 *          process, one request at a time, --requests N, default 400, four filters in turn);
 *          baseline: the same page as a plain SQL query (same filter, order and limit) through
 *          knex; prints p50/p99 and p99 / baseline p99. Target p99 ≤ 50 ms.
 *   sweep  sweepSla over the 20,000 open cases (each records its breaches); baseline: one plain
 *          select of those candidates; prints seconds and the ratio. Target ≤ 5 s.
 * --scale F multiplies the size (0.1 for a quick run). The last line is JSON, with the machine's
 * load average, since on a shared machine the absolute times say more of the neighbours.
 */
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { buildApp } from '../src/app';
import { createToken, createUser } from '../src/auth';
import { sweepSla } from '../src/cases';
import { NO_DUE } from '../src/cases/cases.repository';
import { currentTime } from '../src/shared/clock';
import { benchDeps, freshDatabase, round, scratch, useBenchClock } from './bench-support';
import { seedCases } from './cases-seed';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const SCALE = Number(arg('scale') ?? 1);
const REQUESTS = Number(arg('requests') ?? 400);
const CASES = Math.round(100_000 * SCALE);
const EVENTS_PER_CASE = 10;
const PAGE = 50;
const TARGETS = { queueP99Ms: 50, sweepSeconds: 5 };
useBenchClock();

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const ms = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e6;

async function runOn(kind: 'sqlite' | 'postgres', pgBase?: string) {
  const database = await freshDatabase(kind, pgBase);
  const deps = benchDeps(database.url, scratch('cases-drop'));
  try {
    const now = currentTime().getTime();
    const agents = [];
    for (let i = 0; i < 20; i++)
      agents.push(
        (
          await createUser(deps.db, null, {
            email: `agent${i}@bench.example`,
            password: 'correct horse battery',
            role: 'service',
          })
        ).id,
      );
    const seedStarted = process.hrtime.bigint();
    const { open } = await seedCases(
      deps.db,
      { cases: CASES, eventsPerCase: EVENTS_PER_CASE, accounts: 500, agents },
      now,
    );
    if (kind === 'postgres') await deps.db.raw('analyze');
    const seedSeconds = ms(seedStarted) / 1000;
    const { token } = await createToken(deps.db, agents[0]!, 'api', 1);

    const filters: Array<Record<string, string>> = [
      { status: 'open' },
      { type: 'complaint', status: 'new' },
      { assignee: agents[3]! },
      { type: 'return', breached: 'false' },
    ];
    const server = buildApp(deps).listen(0);
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const http: number[] = [];
    const plain: number[] = [];
    try {
      for (let i = 0; i < REQUESTS + 20; i++) {
        const f = filters[i % filters.length]!;
        const started = process.hrtime.bigint();
        const res = await fetch(`${base}/api/cases?${new URLSearchParams(f)}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const body = (await res.json()) as { items: unknown[] };
        if (res.status !== 200 || body.items.length === 0) throw new Error(`queue answered ${res.status}`);
        if (i >= 20) http.push(ms(started)); // the first 20 warm the caches and prepared statements
      }
    } finally {
      await new Promise((r) => server.close(r));
    }
    for (let i = 0; i < REQUESTS + 20; i++) {
      const f = filters[i % filters.length]!;
      const started = process.hrtime.bigint();
      const q = deps.db('cases');
      if (f.status) q.where('status', f.status);
      if (f.type) q.where('type', f.type);
      if (f.assignee) q.where('assignee_id', f.assignee);
      if (f.breached) q.where('breached', f.breached === 'true');
      await q.orderBy(['priority', 'sla_next_due', 'id']).limit(PAGE + 1);
      if (i >= 20) plain.push(ms(started));
    }

    const nowIso = new Date(now).toISOString();
    const baseStarted = process.hrtime.bigint();
    const candidates = await deps
      .db('cases')
      .where('sla_next_due', '<=', nowIso)
      .whereNot('status', 'closed');
    const sweepBaseline = ms(baseStarted) / 1000;
    const sweepStarted = process.hrtime.bigint();
    const recorded = await sweepSla(deps, new Date(now));
    const sweepSeconds = ms(sweepStarted) / 1000;
    const left = await deps
      .db('cases')
      .where('sla_next_due', '<=', nowIso)
      .whereNot('sla_next_due', NO_DUE)
      .count({ n: '*' });

    return {
      database: kind,
      cases: CASES,
      timelineEntries: CASES * EVENTS_PER_CASE,
      openCases: open,
      seedSeconds: round(seedSeconds, 1),
      queue: {
        requests: http.length,
        p50Ms: round(percentile(http, 50)),
        p99Ms: round(percentile(http, 99)),
        baselineP50Ms: round(percentile(plain, 50)),
        baselineP99Ms: round(percentile(plain, 99)),
        ratioP99: round(percentile(http, 99) / percentile(plain, 99)),
        targetMet: percentile(http, 99) <= TARGETS.queueP99Ms,
      },
      sweep: {
        candidates: candidates.length,
        breachesRecorded: recorded,
        stillDueAfter: Number((left[0] as { n: number | string }).n),
        seconds: round(sweepSeconds),
        baselineSeconds: round(sweepBaseline, 3),
        ratio: round(sweepSeconds / sweepBaseline, 1),
        targetMet: sweepSeconds <= TARGETS.sweepSeconds,
      },
    };
  } finally {
    await deps.db.destroy();
    await database.drop();
  }
}

async function main(): Promise<void> {
  const only = arg('only');
  const pg =
    arg('database') ??
    (/^postgres/.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL : undefined);
  const results = [];
  for (const kind of ['sqlite', 'postgres'] as const) {
    if (only && only !== kind) continue;
    if (kind === 'postgres' && !pg) continue;
    const r = await runOn(kind, pg);
    console.log(
      `${r.database}: ${r.cases} cases, ${r.timelineEntries} timeline entries (seeded in ${r.seedSeconds} s)\n` +
        `  queue first page, filtered, over HTTP: p50 ${r.queue.p50Ms} ms, p99 ${r.queue.p99Ms} ms ` +
        `(plain query p50 ${r.queue.baselineP50Ms} ms, p99 ${r.queue.baselineP99Ms} ms, p99 ratio ${r.queue.ratioP99}); target p99 ≤ ${TARGETS.queueP99Ms} ms: ${r.queue.targetMet ? 'met' : 'MISSED'}\n` +
        `  SLA sweep over ${r.openCases} open cases: ${r.sweep.seconds} s, ${r.sweep.breachesRecorded} breaches recorded ` +
        `(plain select of the ${r.sweep.candidates} candidates ${r.sweep.baselineSeconds} s, ratio ${r.sweep.ratio}); target ≤ ${TARGETS.sweepSeconds} s: ${r.sweep.targetMet ? 'met' : 'MISSED'}`,
    );
    results.push(r);
  }
  console.log(
    JSON.stringify({ bench: 'cases', scale: SCALE, targets: TARGETS, loadAverage: os.loadavg(), results }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
