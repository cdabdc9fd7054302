import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Bull from 'bull';
import { parse } from 'csv-parse/sync';
import type { Knex } from 'knex';
import { ReconfirmJob } from '../../src/orders/orders.jobs';
import { reconfirmOpenLines } from '../../src/orders/reconfirm';
import { dialectOf } from '../../src/shared/db/knex';
import { addDays, todayIso } from '../../src/shared/time';
import { isolatedTestContext, type TestContext } from '../support/app';
import { addSupply, createItem, createSite, setStock } from '../support/erp-factories';
import { createCustomer, createTestUser } from '../support/factories';
import { type ChildProcessHandle, startProcess } from '../support/server-process';
import { eventually, OwnRedis, processEnv, queueView } from './harness';

/**
 * A worker killed -9 in the middle of re-confirmation (orders.reconfirm, after erp.synced). The
 * moment is made certain by holding what the job needs, not by timing: the skus' ATP lock (the
 * database's write lock on SQLite) keeps the job from committing, and a write pause of Redis
 * keeps it from publishing after its commit. Either way bull's lock lapses, a new worker runs the
 * job again, and the outcome must be that of one clean re-confirmation.
 *
 * The data, worked out by hand: SKUS buy items at one site, each with 50 in stock and a purchase
 * receipt of 100 on day 10 (lead time 60 days, so nothing is dated by lead time). ORDERS orders,
 * placed one after another, each with a line of 10 per sku requested on day 3: every line is
 * confirmed 10 on day 3 from stock. Then the ERP's stock falls to 25. Re-earned in intake order,
 * per sku: orders 1 and 2 keep 10 on day 3; order 3 gets the last 5 on day 3 and 5 on day 10;
 * orders 4 and 5 get 10 on day 10. So 3 × SKUS lines move, each with one new ledger version.
 */
const SKUS = 40;
const ORDERS = 5;
const today = todayIso();
const day = (n: number) => addDays(today, n);
const expected: Array<Array<{ date: string; quantity: number }>> = [
  [{ date: day(3), quantity: 10 }],
  [{ date: day(3), quantity: 10 }],
  [
    { date: day(3), quantity: 5 },
    { date: day(10), quantity: 5 },
  ],
  [{ date: day(10), quantity: 10 }],
  [{ date: day(10), quantity: 10 }],
];
const MOVED = 3 * SKUS;

let t: TestContext & { databaseUrl: string };
let redis: OwnRedis;
let reconfirmQueue: Bull.Queue;
const running: ChildProcessHandle[] = [];

beforeEach(async () => {
  t = await isolatedTestContext();
  redis = await OwnRedis.start();
  reconfirmQueue = new Bull('orders.reconfirm', redis.url, { prefix: 'factorydesk' });
});
afterEach(async () => {
  for (const p of running.splice(0)) {
    p.child.kill('SIGKILL');
    await p.exited;
  }
  await reconfirmQueue.close();
  redis.down();
  await t.close();
});

async function startWorker(): Promise<ChildProcessHandle> {
  const worker = startProcess('src/worker.ts', processEnv(t, redis));
  running.push(worker);
  await worker.waitFor('worker started');
  return worker;
}

interface Seeded {
  site: string;
  skus: string[];
  /** Order ids in intake order. */
  orders: Array<{ id: string; number: string }>;
}

/** The orders through the real API, every line confirmed from stock; then the ERP's stock falls. */
async function seed(): Promise<Seeded> {
  const db = t.deps.db;
  const am = await createTestUser(db, 'account_manager');
  const site = await createSite(db);
  const skus: string[] = [];
  for (let i = 0; i < SKUS; i++) {
    const sku = await createItem(db, { makeOrBuy: 'buy', leadTimeDays: 60 });
    await setStock(db, sku, site, 50);
    await addSupply(db, { sku, site, qty: 100, dueDate: day(10) });
    skus.push(sku);
  }
  const customer = await createCustomer(db);
  const orders: Seeded['orders'] = [];
  for (let o = 0; o < ORDERS; o++) {
    const res = await t.http
      .post('/api/orders')
      .set('authorization', am.auth)
      .send({
        accountId: customer.account.id,
        site,
        lines: skus.map((sku) => ({ sku, quantity: 10, requestedDate: day(3) })),
      });
    expect(res.status).toBe(201);
    for (const line of res.body.lines as Array<{ confirmations: unknown }>)
      expect(line.confirmations).toEqual([{ date: day(3), quantity: 10 }]);
    orders.push({ id: res.body.id, number: res.body.number });
  }
  await t.deps.jobs.drain();
  // The ERP's new stock, as a sync would have merged it.
  for (const sku of skus) await setStock(db, sku, site, 25);
  return { site, skus, orders };
}

/**
 * What erp.synced enqueues for re-confirmation, alone: the sync's other followers (risk, returns)
 * would share the worker's one SQLite connection and the paused Redis, and blur the moment.
 */
async function enqueueReconfirmation(runId: string): Promise<void> {
  const view = queueView(t, redis);
  try {
    await view.enqueue(ReconfirmJob, { runId });
  } finally {
    await view.close();
  }
}

/**
 * Holds what re-confirmation's transaction needs: on PostgreSQL the skus' item rows (its ATP
 * lock), on SQLite the write lock (every transaction begins immediate). Released by the returned
 * function. Readers are not blocked, so the job reads everything and then waits.
 */
async function holdAtpLock(skus: string[]): Promise<{ trx: Knex.Transaction; release: () => Promise<void> }> {
  const trx = await t.deps.db.transaction();
  if (dialectOf(trx) === 'postgres') await trx('items').whereIn('sku', skus).forUpdate().select('sku');
  return {
    trx,
    release: async () => {
      await trx.rollback();
    },
  };
}

/** PostgreSQL: the worker's transaction is waiting for our lock (SQLite shows no such thing). */
async function waitForBlockedTransaction(trx: Knex.Transaction): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return;
  await eventually(
    'the re-confirmation waiting for the ATP lock',
    async () =>
      Number(
        (
          await trx.raw(
            "select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
          )
        ).rows[0].n,
      ),
    (n) => n > 0,
  );
}

const jobState = async (runId: string) => (await reconfirmQueue.getJob(`reconfirm-${runId}`))?.getState();

function redisCli(...args: string[]): void {
  execFileSync('redis-cli', ['-p', String(redis.port), ...args], { stdio: 'pipe' });
}

interface LineRow {
  id: string;
  order_id: string;
  sku: string;
  confirmed_date: string;
}

/** Every line's confirmations, ledger versions by re-confirmation, and the export's dates. */
async function outcome(s: Seeded) {
  const db = t.deps.db;
  const lines = (await db('order_lines')
    .whereIn(
      'order_id',
      s.orders.map((o) => o.id),
    )
    .select('id', 'order_id', 'sku', 'confirmed_date')) as LineRow[];
  const confirmations = (await db('order_line_confirmations')
    .whereIn(
      'order_line_id',
      lines.map((l) => l.id),
    )
    .select('order_line_id', 'sku', 'date', 'quantity')) as Array<{
    order_line_id: string;
    sku: string;
    date: string;
    quantity: string | number;
  }>;
  const versions = (await db('promise_ledger')
    .where({ changed_by: 'reconfirmation' })
    .select('order_line_id')) as Array<{ order_line_id: string }>;
  return { lines, confirmations, versions };
}

async function expectOnceAndClean(s: Seeded, runId: string): Promise<void> {
  const { lines, confirmations, versions } = await outcome(s);
  expect(lines).toHaveLength(SKUS * ORDERS);
  const byLine = new Map<string, Array<{ date: string; quantity: number }>>();
  for (const c of [...confirmations].sort((a, b) => (a.date < b.date ? -1 : 1)))
    (byLine.get(c.order_line_id) ?? byLine.set(c.order_line_id, []).get(c.order_line_id)!).push({
      date: c.date,
      quantity: Number(c.quantity),
    });
  const orderIndex = new Map(s.orders.map((o, i) => [o.id, i]));
  const versionsOf = new Map<string, number>();
  for (const v of versions) versionsOf.set(v.order_line_id, (versionsOf.get(v.order_line_id) ?? 0) + 1);
  for (const line of lines) {
    const o = orderIndex.get(line.order_id)!;
    expect({ order: o + 1, confirmations: byLine.get(line.id) }).toEqual({
      order: o + 1,
      confirmations: expected[o],
    });
    // Orders 3 to 5 moved: exactly one re-confirmation version each; orders 1 and 2 none.
    expect({ order: o + 1, versions: versionsOf.get(line.id) ?? 0 }).toEqual({
      order: o + 1,
      versions: o >= 2 ? 1 : 0,
    });
  }
  expect(versions).toHaveLength(MOVED);

  // No over-promise: per sku, what is confirmed by day 3 is within the stock of 25, and by day 10
  // within stock and the receipt (125).
  for (const sku of s.skus) {
    const of = confirmations.filter((c) => c.sku === sku);
    const upTo = (d: string) => of.filter((c) => c.date <= d).reduce((n, c) => n + Number(c.quantity), 0);
    expect({ sku, day3: upTo(day(3)) <= 25, day10: upTo(day(10)) <= 125 }).toEqual({
      sku,
      day3: true,
      day10: true,
    });
  }

  // What a clean re-confirmation gives: run once more on this data, it moves nothing.
  const before = await t.deps.db('promise_ledger').count({ n: '*' }).first();
  expect(await reconfirmOpenLines(t.deps, runId)).toMatchObject({ checked: SKUS * ORDERS, moved: 0 });
  expect(await t.deps.db('promise_ledger').count({ n: '*' }).first()).toEqual(before);
}

/** The state of the export orders.reconfirmed enqueues for the run; null when never enqueued. */
async function reconfirmedExport(runId: string): Promise<string | null> {
  const exportQueue = new Bull('erp.orders-out-reconfirmed', redis.url, { prefix: 'factorydesk' });
  try {
    return (await (await exportQueue.getJob(`orders-out-reconfirmed-${runId}`))?.getState()) ?? null;
  } finally {
    await exportQueue.close();
  }
}

/** orders.reconfirmed's follow-up: the ERP's orders_out file shows every moved line's new date. */
async function expectExportFollowed(s: Seeded, runId: string): Promise<void> {
  await eventually(
    'the export after re-confirmation',
    () => reconfirmedExport(runId),
    (s) => s === 'completed',
  );
  const file = path.join(t.deps.config.exportDir, 'orders_out.csv');
  const rows = parse(fs.readFileSync(file), { columns: true, bom: true }) as Array<Record<string, string>>;
  const numbers = new Map(s.orders.map((o, i) => [o.number, i]));
  const ours = rows.filter((r) => numbers.has(r.order_number!));
  expect(ours).toHaveLength(SKUS * ORDERS);
  for (const r of ours) {
    const o = numbers.get(r.order_number!)!;
    expect({ order: o + 1, confirmed: r.confirmed_date }).toEqual({
      order: o + 1,
      confirmed: expected[o]!.at(-1)!.date,
    });
  }
}

describe('worker mode (Redis, npm run worker): a worker killed -9 in the middle of a re-confirmation', () => {
  test('killed before its commit: a new worker runs the job again, every moved line gets one new promise, and the export follows', async () => {
    const s = await seed();
    const first = await startWorker();
    const runId = crypto.randomUUID();
    const lock = await holdAtpLock(s.skus);
    try {
      await enqueueReconfirmation(runId);
      await eventually(
        'the re-confirmation running',
        () => jobState(runId),
        (state) => state === 'active',
      );
      await waitForBlockedTransaction(lock.trx);
      first.child.kill('SIGKILL');
      await first.exited;
    } finally {
      await lock.release();
    }
    expect(first.output()).not.toContain('open lines re-confirmed');
    expect((await outcome(s)).versions).toHaveLength(0);

    const second = await startWorker();
    await second.waitFor('open lines re-confirmed');
    expect(second.output()).toContain(`"moved":${MOVED}`);
    await eventually(
      'the job completed',
      () => jobState(runId),
      (state) => state === 'completed',
    );
    await expectExportFollowed(s, runId);
    await expectOnceAndClean(s, runId);
  });

  test('killed after its commit, before it published orders.reconfirmed: the job runs again, moves nothing twice, and the export still follows', async () => {
    const s = await seed();
    const first = await startWorker();
    const runId = crypto.randomUUID();
    const lock = await holdAtpLock(s.skus);
    try {
      await enqueueReconfirmation(runId);
      await eventually(
        'the re-confirmation running',
        () => jobState(runId),
        (state) => state === 'active',
      );
      await waitForBlockedTransaction(lock.trx);
      // Writes to Redis wait from now on: the job can commit but not publish what follows it.
      redisCli('client', 'pause', '600000', 'write');
    } finally {
      await lock.release();
    }
    try {
      await eventually(
        'the re-confirmation committed',
        async () => (await outcome(s)).versions.length,
        (n) => n > 0,
      );
      first.child.kill('SIGKILL');
      await first.exited;
    } finally {
      redisCli('client', 'unpause');
    }
    expect((await outcome(s)).versions).toHaveLength(MOVED);
    expect(await reconfirmedExport(runId)).toBeNull(); // the kill came before the publish

    const second = await startWorker();
    await second.waitFor('open lines re-confirmed');
    expect(second.output()).toContain('"moved":0');
    await eventually(
      'the job completed',
      () => jobState(runId),
      (state) => state === 'completed',
    );
    await expectExportFollowed(s, runId);
    await expectOnceAndClean(s, runId);
  });
});
