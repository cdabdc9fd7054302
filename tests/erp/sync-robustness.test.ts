import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import type { Knex } from 'knex';
import { writeBenchData } from '../../fixtures/demo-company/generate';
import { getRun, registerErpJobs, requestSync } from '../../src/erp';
import { ErpSynced } from '../../src/shared/events';
import { defineJob, InProcessJobQueue } from '../../src/shared/jobs';
import { isolatedTestContext } from '../support/app';
import { useTestApp } from '../support/test-app';
import { createTestUser } from '../support/factories';
import { baseDrop, clearDrop, resetPlanner, syncNow, writeDrop } from './erp-drop';

const ROOT = path.resolve(__dirname, '../..');

/** A digest of every ERP table's rows (not ids or times), to compare two databases cheaply. */
async function digestErp(db: Knex): Promise<Record<string, string>> {
  const tables: Record<string, string> = {
    sites: 'site_code',
    items: 'sku',
    erp_stock: 'sku, site_code',
    erp_supply: 'ref',
  };
  const out: Record<string, string> = {};
  for (const [table, order] of Object.entries(tables)) {
    const hash = crypto.createHash('sha1');
    const rows = await db(table).select('row_hash').orderByRaw(order);
    for (const r of rows) hash.update(String((r as { row_hash: string }).row_hash));
    const open = table.startsWith('erp_')
      ? await db(table).whereNull('closed_at').count({ n: '*' }).first()
      : await db(table).count({ n: '*' }).first();
    out[table] = `${rows.length}/${Number((open as { n: string | number }).n)}/${hash.digest('hex')}`;
  }
  return out;
}

describe('a sync killed mid-load', () => {
  test('leaves the dataset as before, shows progress while running, and the next run converges to a clean run', async () => {
    const killed = await isolatedTestContext({ SYNC_STALE_AFTER_SECONDS: '1' });
    const clean = await isolatedTestContext();
    try {
      resetPlanner();
      const dir = killed.deps.config.erpDropDir;
      await writeBenchData(dir, { seed: 7, today: '2026-11-23', stockRows: 400_000, supplyRows: 20_000 });
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/erp/sync-child.ts')], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: killed.databaseUrl, ERP_DROP_DIR: dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code, signal) => resolve(signal ? null : code)),
      );
      const runId = await new Promise<string>((resolve) =>
        child.stdout.once('data', (b: Buffer) => resolve(b.toString().trim())),
      );
      const planner = await createTestUser(killed.deps.db, 'planner');
      let seen: { status: string; progress: { dataset: string; rows: number } | null } | undefined;
      for (let i = 0; i < 600; i++) {
        const res = await killed.http.get(`/api/erp/sync-runs/${runId}`).set('authorization', planner.auth);
        seen = res.body;
        if (seen?.progress?.dataset === 'stock' && seen.progress.rows > 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(seen).toMatchObject({
        status: 'running',
        progress: { dataset: 'stock', rows: expect.any(Number) },
      });
      child.kill('SIGKILL');
      expect(await exited).toBeNull();

      // Before the stock dataset, never half of it: items committed, stock untouched.
      expect(Number((await killed.deps.db('erp_stock').count({ n: '*' }).first())!.n)).toBe(0);
      expect(Number((await killed.deps.db('items').count({ n: '*' }).first())!.n)).toBe(40_000);

      await new Promise((r) => setTimeout(r, 1100)); // the dead run's lock goes stale
      const next = await syncNow(killed);
      expect(next.status).toBe('succeeded');
      expect((await getRun(killed.deps.db, runId)).status).toBe('failed');

      await writeBenchData(clean.deps.config.erpDropDir, {
        seed: 7,
        today: '2026-11-23',
        stockRows: 400_000,
        supplyRows: 20_000,
      });
      resetPlanner();
      expect((await syncNow(clean)).status).toBe('succeeded');
      expect(await digestErp(killed.deps.db)).toEqual(await digestErp(clean.deps.db));
    } finally {
      await killed.close();
      await clean.close();
    }
    // A bound on a hung child, not on speed: under load the two syncs took close to three minutes.
  }, 420_000);
});

describe('triggers and events', () => {
  const t = useTestApp({ isolated: true, perTest: true });
  beforeEach(() => {
    resetPlanner();
    clearDrop(t.deps.config.erpDropDir);
    writeDrop(t.deps.config.erpDropDir, baseDrop());
  });

  test('two triggers at once run one sync: the second is refused with 409 naming the running one', async () => {
    const planner = await createTestUser(t.deps.db, 'planner');
    const [a, b] = await Promise.all([
      t.http.post('/api/erp/sync').set('authorization', planner.auth).send({}),
      t.http.post('/api/erp/sync').set('authorization', planner.auth).send({}),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([202, 409]);
    const refused = a.status === 409 ? a : b;
    const accepted = a.status === 202 ? a : b;
    expect(refused.body.error.code).toBe('sync_in_progress');
    expect(refused.body.error.details).toEqual([{ path: '/runId', message: accepted.body.runId }]);
    await t.deps.jobs.drain();
    expect(Number((await t.deps.db('erp_sync_runs').count({ n: '*' }).first())!.n)).toBe(1);
  });

  test('a customer, a service user or an account manager may not start a sync (403)', async () => {
    for (const role of ['service', 'account_manager'] as const) {
      const u = await createTestUser(t.deps.db, role);
      expect((await t.http.post('/api/erp/sync').set('authorization', u.auth).send({})).status).toBe(403);
    }
    expect(Number((await t.deps.db('erp_sync_runs').count({ n: '*' }).first())!.n)).toBe(0);
  });

  test('after a successful load one synced event runs, after the commit; an unchanged re-run emits none', async () => {
    const seen: Array<{ runId: string; status: string }> = [];
    const jobs = new InProcessJobQueue(t.deps.logger);
    const deps = { ...t.deps, jobs };
    registerErpJobs(deps);
    const listener = defineJob<{ runId: string }>({
      name: 'test.synced-listener',
      attempts: 1,
      backoff: { type: 'fixed', delayMs: 0 },
      handle: async ({ runId }) => void seen.push({ runId, status: (await getRun(deps.db, runId)).status }),
    });
    jobs.subscribe(ErpSynced, listener);
    await jobs.start();
    const planner = await createTestUser(t.deps.db, 'planner');
    const actor = {
      userId: planner.id,
      email: planner.email,
      role: 'planner' as const,
      accountId: null,
      via: 'token' as const,
    };
    const first = await requestSync(deps, actor, {});
    await jobs.drain();
    expect(seen).toEqual([{ runId: first, status: 'succeeded' }]);
    await requestSync(deps, actor, {});
    await jobs.drain();
    expect(seen).toHaveLength(1);
    expect(jobs.recentJobs().filter((j) => j.name === listener.name)).toHaveLength(1);
    await jobs.close();
  });
});
