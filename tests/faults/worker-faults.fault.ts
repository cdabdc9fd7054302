import { writeBenchData } from '../../fixtures/demo-company/generate';
import { addDays, todayIso } from '../../src/shared/time';
import { isolatedTestContext, TestContext } from '../support/app';
import { createItem, createSite, setStock } from '../support/erp-factories';
import { createCustomer, createTestUser, TestUser } from '../support/factories';
import { type ChildProcessHandle, freePort, startProcess, startServer } from '../support/server-process';
import { eventually, HoldingSmtp, OwnRedis, processEnv, queueView } from './harness';

let t: TestContext & { databaseUrl: string };
let redis: OwnRedis;
let am: TestUser;
const running: ChildProcessHandle[] = [];

beforeEach(async () => {
  t = await isolatedTestContext();
  redis = await OwnRedis.start();
  am = await createTestUser(t.deps.db, 'account_manager');
});
afterEach(async () => {
  for (const p of running.splice(0)) {
    p.child.kill('SIGKILL');
    await p.exited;
  }
  redis.down();
  await t.close();
});

function run<P extends ChildProcessHandle>(p: P): P {
  running.push(p);
  return p;
}

async function startWorker(env: Record<string, string>): Promise<ChildProcessHandle> {
  const worker = run(startProcess('src/worker.ts', env));
  await worker.waitFor('worker started');
  return worker;
}

async function drainQueues(): Promise<void> {
  const view = queueView(t, redis);
  try {
    await view.drain();
  } finally {
    await view.close();
  }
}

/** Places a one-line order for a new customer with a portal user (so the confirmation has an addressee). */
async function placeOrder(serverUrl: string): Promise<{ id: string; number: string }> {
  const db = t.deps.db;
  const site = await createSite(db);
  const sku = await createItem(db, { makeOrBuy: 'buy', leadTimeDays: 10 });
  await setStock(db, sku, site, 100);
  const customer = await createCustomer(db);
  const res = await fetch(`${serverUrl}/api/orders`, {
    method: 'POST',
    headers: { authorization: am.auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      accountId: customer.account.id,
      site,
      lines: [{ sku, quantity: 2, requestedDate: addDays(todayIso(), 3) }],
    }),
  });
  const body = (await res.json()) as { id: string; number: string };
  if (res.status !== 201) throw new Error(`order refused: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

const mailOf = (orderId: string) =>
  t.deps
    .db('mail_log')
    .where({ dedupe_key: `order_confirmed:${orderId}` })
    .first() as Promise<{ status: string; error: string | null } | undefined>;

describe('worker mode (Redis, npm run worker): faults', () => {
  test('a worker killed -9 in the middle of an e-mail: another runs the job again and the mail is sent once', async () => {
    const smtp = new HoldingSmtp();
    const env = processEnv(t, redis, { SMTP_URL: await smtp.listen() });
    try {
      const server = run(await startServer(env));
      const first = await startWorker(env);
      const held = smtp.holdOne();
      const order = await placeOrder(server.url);
      await held; // the worker is mid-send: DATA given, no answer yet
      first.child.kill('SIGKILL');
      await first.exited;
      expect((await mailOf(order.id))?.status).toBe('sending');

      await startWorker(env);
      const mail = await eventually(
        'the mail sent',
        () => mailOf(order.id),
        (m) => m?.status === 'sent',
      );
      expect(mail?.error).toBeNull();
      await drainQueues();
      expect(smtp.subjects.filter((s) => s.includes(order.number))).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });

  test('the SMTP server down for a while: the mail is retried with backoff and sent once when it returns', async () => {
    const port = await freePort();
    const env = processEnv(t, redis, { SMTP_URL: `smtp://127.0.0.1:${port}` });
    const server = run(await startServer(env));
    await startWorker(env);
    const order = await placeOrder(server.url);
    const failed = await eventually(
      'a failed try',
      () => mailOf(order.id),
      (m) => m?.status === 'failed',
    );
    expect(failed?.error).toMatch(/ECONNREFUSED|connect/i);

    const smtp = new HoldingSmtp();
    await smtp.listen(port);
    try {
      await eventually(
        'the mail sent',
        () => mailOf(order.id),
        (m) => m?.status === 'sent',
      );
      await drainQueues();
      expect(smtp.subjects.filter((s) => s.includes(order.number))).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });

  test('a worker killed -9 in the middle of a sync: another resumes the same run, which loads every row once', async () => {
    const env = processEnv(t, redis);
    const server = run(await startServer(env));
    const planner = await createTestUser(t.deps.db, 'planner');
    const stockRows = 60_000;
    await writeBenchData(t.deps.config.erpDropDir, {
      seed: 5,
      today: '2026-11-23',
      stockRows,
      supplyRows: 3_000,
    });
    const first = await startWorker(env);
    const res = await fetch(`${server.url}/api/erp/sync`, {
      method: 'POST',
      headers: { authorization: planner.auth, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    const runRow = () => t.deps.db('erp_sync_runs').where({ id: runId }).first();
    await eventually('the sync loading stock', runRow, (r) => r?.progress?.includes('"stock"') ?? false);
    first.child.kill('SIGKILL');
    await first.exited;

    await startWorker(env);
    const done = await eventually('the run finished', runRow, (r) => r?.status !== 'running');
    expect(done.status).toBe('succeeded');
    const runs = await t.deps.db('erp_sync_runs').count({ n: '*' }).first();
    expect(Number(runs!.n)).toBe(1);
    const stock = await t.deps.db('erp_stock').whereNull('closed_at').count({ n: '*' }).first();
    expect(Number(stock!.n)).toBe(stockRows);
  });

  test('Redis restarted while server and worker run: both recover without a restart, each schedule is there once, and jobs run again', async () => {
    const env = processEnv(t, redis);
    const server = run(await startServer(env));
    await startWorker(env);
    const view = queueView(t, redis);
    const scheduleIds = async () => (await view.listSchedules()).map((s) => s.id).sort();
    const before = await scheduleIds();
    expect(before).toContain('erp-nightly-sync');

    redis.down();
    redis.up();
    const after = await eventually(
      'the schedules given again',
      scheduleIds,
      (ids) => ids.length >= before.length,
    );
    expect(after).toEqual(before);
    const health = await eventually(
      'the server healthy again',
      async () => (await fetch(`${server.url}/health`)).status,
      (s) => s === 200,
    );
    expect(health).toBe(200);

    const order = await placeOrder(server.url);
    const mail = await eventually(
      'the confirmation handled',
      () => mailOf(order.id),
      (m) => m?.status === 'written',
    );
    expect(mail?.status).toBe('written');
    await view.close();
  });
});
