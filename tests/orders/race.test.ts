import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { Knex } from 'knex';
import { addDays, todayIso } from '../../src/shared/time';
import { isolatedTestContext, TestContext } from '../support/app';
import { useTestApp } from '../support/test-app';
import { createPlace, setStock } from '../support/erp-factories';
import { createAccount, createTestUser, TestUser } from '../support/factories';
import { Bucket, bucketsOf, NewOrderBody, Order, postOrder, sumMilli } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const T = todayIso();
const day = (n: number): string => addDays(T, n);

/*
 * 300 orders of 1, all asking for today, race for 100 units on the shelf. The item is bought with
 * a 90-day lead time and has no receipts: whatever the shelf cannot give is promised on D+90
 * (lead time), so every order is confirmed, and exactly 100 of them today.
 */
const ORDERS = 300;
const ON_HAND = 100;
const LEAD_TIME = 90;

async function raceItem(db: Knex): Promise<{ sku: string; site: string; accountId: string }> {
  const { sku, site } = await createPlace(db, { makeOrBuy: 'buy', leadTimeDays: LEAD_TIME });
  await setStock(db, sku, site, ON_HAND);
  return { sku, site, accountId: (await createAccount(db)).id };
}

const orderBody = (race: { sku: string; site: string; accountId: string }, i: number): NewOrderBody => ({
  accountId: race.accountId,
  site: race.site,
  customerPo: `RACE-${i}`,
  lines: [{ sku: race.sku, quantity: 1, requestedDate: T }],
});

/** The invariants of a race, whatever ran it: nothing promised twice, what is answered is what is stored. */
async function expectNeverOverPromised(
  db: Knex,
  sku: string,
  answers: Array<{ status: number; body: unknown }>,
  buckets: Bucket[],
): Promise<void> {
  expect(answers.filter((a) => a.status !== 201)).toEqual([]);
  const orders = answers.map((a) => a.body as Order);
  const confirmations = orders.flatMap((o) => o.lines.flatMap((l) => l.confirmations));
  const milli = (q: number) => Math.round(q * 1000);
  const answered = { today: 0, total: 0 };
  for (const c of confirmations) {
    answered.total += milli(c.quantity);
    if (c.date === T) answered.today += milli(c.quantity);
  }
  // Exactly the 100 on the shelf are confirmed for today, across all orders; each order whole (1).
  expect(answered).toEqual({ today: ON_HAND * 1000, total: ORDERS * 1000 });
  for (const o of orders)
    expect(
      o.lines.map((l) => [l.confirmations.reduce((n, c) => n + milli(c.quantity), 0), l.confirmedDate]),
    ).toEqual([[1000, expect.any(String)]]);
  expect(orders.filter((o) => o.lines[0]!.confirmedDate === T)).toHaveLength(ON_HAND);
  expect(
    orders.filter(
      (o) => o.lines[0]!.confirmedDate === day(LEAD_TIME) && o.lines[0]!.dateSource === 'lead_time',
    ),
  ).toHaveLength(ORDERS - ON_HAND);
  expect(new Set(orders.map((o) => o.number)).size).toBe(ORDERS);

  // What the answers confirmed is what is reserved.
  const stored = {
    today: await sumMilli(db, 'order_line_confirmations', 'quantity', (q) => q.where({ sku, date: T })),
    total: await sumMilli(db, 'order_line_confirmations', 'quantity', (q) => q.where({ sku })),
  };
  expect(stored).toEqual(answered);

  // Never over-promised: ATP >= 0 on every date. Today: 100 on the shelf, 100 promised; D+90: 200
  // bought (the lines' new supply) for 200 promised.
  for (const b of buckets) expect({ date: b.date, atp: b.atp >= 0 }).toEqual({ date: b.date, atp: true });
  expect(buckets).toEqual([
    { date: T, receipts: ON_HAND, demand: ON_HAND, atp: 0 },
    { date: day(LEAD_TIME), receipts: ORDERS - ON_HAND, demand: ORDERS - ON_HAND, atp: 0 },
  ]);
}

describe('POST /api/orders: racing orders in one process (SQLite, or PostgreSQL with its connection pool)', () => {
  // A database of its own: on the shared SQLite file, a burst of 300 back-to-back write transactions
  // starves the writers of the test files running beside it (SQLite's busy handler polls, and each
  // poll must fall between two of this process's transactions) past busy_timeout, and they fail.
  const t = useTestApp({ isolated: true });
  const am = t.user('account_manager');

  test(`when ${ORDERS} orders race for the last ${ON_HAND} units, exactly ${ON_HAND} are confirmed today and nothing is promised twice`, async () => {
    const race = await raceItem(t.deps.db);
    const answers = [];
    // Batches of 100 requests in flight at once, so supertest does not open 300 servers together.
    for (let start = 0; start < ORDERS; start += 100) {
      answers.push(
        ...(await Promise.all(
          Array.from({ length: 100 }, (_, i) => postOrder(t.http, am, orderBody(race, start + i))),
        )),
      );
    }
    await expectNeverOverPromised(
      t.deps.db,
      race.sku,
      answers,
      await bucketsOf(t.http, am, race.sku, race.site),
    );
  }, 120_000);
});

/**
 * describe when the condition holds; otherwise one passing test that says why the block does not
 * run here (never .skip: a skipped block reads as forgotten).
 */
function describeWhen(condition: boolean, why: string): (name: string, fn: () => void) => void {
  if (condition) return describe;
  return (name, _fn) =>
    describe(name, () => {
      test(`does not run on this database: ${why}`, () => {
        expect(condition).toBe(false);
      });
    });
}

const onSqlite = (process.env.TEST_DATABASE_URL ?? '').startsWith('sqlite:');

describeWhen(
  onSqlite,
  'two server processes share one SQLite file; on PostgreSQL the single-process race above already runs on a pool of connections',
)('POST /api/orders: racing orders through two server processes on one SQLite file', () => {
  let ctx: TestContext & { databaseUrl: string };
  const children: ChildProcess[] = [];
  let ports: number[] = [];

  function startServer(): Promise<number> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'tests/orders/server-child.ts')],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: ctx.databaseUrl,
          EXPORT_DIR: path.join(ctx.dir, 'exports'),
          ERP_DROP_DIR: path.join(ctx.dir, 'erp-drop'),
          DEMO_DATA: 'off',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    return new Promise((resolve, reject) => {
      child.stdout!.once('data', (b: Buffer) => resolve(Number(b.toString().trim())));
      child.once('exit', (code) => reject(new Error(`server child exited with ${code}: ${stderr}`)));
    });
  }

  let race: { sku: string; site: string; accountId: string };
  let am: TestUser;
  beforeAll(async () => {
    ctx = await isolatedTestContext();
    // Item, stock and user exist before either server starts.
    race = await raceItem(ctx.deps.db);
    am = await createTestUser(ctx.deps.db, 'account_manager');
    ports = await Promise.all([startServer(), startServer()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    await ctx.close();
  });

  const post = async (port: number, user: TestUser, url: string, body: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}${url}`, {
      method: 'POST',
      headers: { authorization: user.auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  test(`when ${ORDERS} orders race for ${ON_HAND} units through two processes, exactly ${ON_HAND} are confirmed today, nothing twice, and order numbers have no gap`, async () => {
    // Real HTTP, alternating between the two processes, all in flight at once.
    const answers = await Promise.all(
      Array.from({ length: ORDERS }, (_, i) => post(ports[i % 2]!, am, '/api/orders', orderBody(race, i))),
    );
    await expectNeverOverPromised(
      ctx.deps.db,
      race.sku,
      answers,
      await bucketsOf(ctx.http, am, race.sku, race.site),
    );
    // A database of its own: the order sequence started at 0, so the numbers are exactly 1..300.
    const numbers = answers.map((a) => (a.body as Order).number).sort();
    expect(numbers).toEqual(Array.from({ length: ORDERS }, (_, i) => `SO-${String(i + 1).padStart(6, '0')}`));
  }, 180_000);

  // Every write transaction opens with BEGIN IMMEDIATE (knex's better-sqlite3 client), so a request
  // whose transaction reads before it writes (a status change, a cancellation, a line change) queues
  // on busy_timeout like order intake does, instead of failing when it upgrades a read snapshot.
  test("while another process holds SQLite's write lock, status changes, cancellations and line changes wait for it as order intake does", async () => {
    const other = await raceItem(ctx.deps.db);
    const planner = await createTestUser(ctx.deps.db, 'planner');
    const placed: Order[] = [];
    for (let i = 0; i < 3; i++)
      placed.push((await post(ports[0]!, am, '/api/orders', orderBody(other, i))).body as Order);

    // This process takes the write lock, as another FactoryDesk process in a write transaction does, for half a second.
    const trx = await ctx.deps.db.transaction();
    await trx('items').where({ sku: other.sku }).increment('atp_version', 1);
    const answers = Promise.all([
      post(ports[0]!, am, '/api/orders', orderBody(other, 3)),
      post(ports[1]!, planner, `/api/orders/${placed[0]!.id}/status`, { status: 'in_production' }),
      post(ports[1]!, am, `/api/orders/${placed[1]!.id}/cancel`, { reason: 'Duplicate' }),
      fetch(`http://127.0.0.1:${ports[1]}/api/orders/${placed[2]!.id}/lines/1`, {
        method: 'PATCH',
        headers: { authorization: am.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ quantity: 2, reason: 'One more' }),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as unknown })),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await trx.commit();
    const [taken, moved, cancelled, changed] = await answers;
    expect({
      taken: taken.status,
      moved: moved.status,
      cancelled: cancelled.status,
      changed: changed.status,
    }).toEqual({ taken: 201, moved: 200, cancelled: 200, changed: 200 });
  }, 60_000);
});
