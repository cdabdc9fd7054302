import { addHours, nowIso } from '../../src/shared/time';
import crypto from 'node:crypto';
import os from 'node:os';
import { writeBenchData } from '../../fixtures/demo-company/generate';
import { getRun } from '../../src/erp';
import { isolatedTestContext, TestContext } from '../support/app';
import { createTestUser, TestUser } from '../support/factories';
import { startProcess } from '../support/server-process';
import { baseDrop, resetPlanner, syncNow, writeDrop } from './erp-drop';

let t: TestContext & { databaseUrl: string };
let planner: TestUser;
beforeAll(async () => {
  // The defaults: a queued run is abandoned after 300 s, a running one's lease after 30 s.
  t = await isolatedTestContext();
  planner = await createTestUser(t.deps.db, 'planner');
  resetPlanner();
});
afterAll(() => t.close());

const requestSync = () => t.http.post('/api/erp/sync').set('authorization', planner.auth).send({});

/** Puts a running run in the lock as if another process held it. */
async function holdLock(runId: string, holder: { pid: number; host: string; claimedSecondsAgo: number }) {
  const claimed = addHours(nowIso(), -holder.claimedSecondsAgo / 3600);
  await t.deps.db('erp_sync_runs').insert({
    id: runId,
    status: 'running',
    trigger: 'manual',
    connector: 'file-drop',
    force: false,
    created_at: claimed,
    started_at: claimed,
    heartbeat_at: claimed,
  });
  await t.deps
    .db('erp_sync_lock')
    .where({ name: 'erp' })
    .update({ run_id: runId, claimed_at: claimed, holder_pid: holder.pid, holder_host: holder.host });
}

describe('a sync whose process died', () => {
  test('when its process on this host was killed -9 mid-sync, the next sync starts at once and the dead run is failed', async () => {
    const dir = t.deps.config.erpDropDir;
    await writeBenchData(dir, { seed: 3, today: '2026-11-23', stockRows: 30_000, supplyRows: 3_000 });
    const child = startProcess('tests/erp/sync-child.ts', { DATABASE_URL: t.databaseUrl, ERP_DROP_DIR: dir });
    await child.waitFor(/^[0-9a-f-]{36}$/m);
    const runId = child.output().trim().split('\n')[0]!;
    for (let i = 0; i < 600; i++) {
      if ((await getRun(t.deps.db, runId)).progress) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await getRun(t.deps.db, runId)).status).toBe('running');
    child.child.kill('SIGKILL');
    await child.exited;

    const res = await requestSync();
    expect(res.status).toBe(202);
    await t.deps.jobs.drain();
    expect((await getRun(t.deps.db, res.body.runId)).status).toMatch(/^(succeeded|partial)$/);
    expect(await getRun(t.deps.db, runId)).toMatchObject({
      status: 'failed',
      error: 'abandoned: the process running it stopped',
    });
  });

  test('a run held on another host whose lease is older than SYNC_LEASE_SECONDS is taken over', async () => {
    const dead = crypto.randomUUID();
    await holdLock(dead, { pid: 1, host: 'another-host', claimedSecondsAgo: 31 });
    writeDrop(t.deps.config.erpDropDir, baseDrop());
    const run = await syncNow(t);
    expect(run.status).not.toBe('failed');
    expect((await getRun(t.deps.db, dead)).status).toBe('failed');
  });

  test('a run held on another host with a fresh lease is not taken over: 409 names it', async () => {
    const alive = crypto.randomUUID();
    await holdLock(alive, { pid: 1, host: 'another-host', claimedSecondsAgo: 5 });
    const res = await requestSync();
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(alive);
    expect((await getRun(t.deps.db, alive)).status).toBe('running');
    await t.deps.db('erp_sync_lock').where({ name: 'erp' }).update({ run_id: null, claimed_at: null });
  });

  test('a run held by a live process on this host is not taken over', async () => {
    const alive = crypto.randomUUID();
    await holdLock(alive, { pid: process.pid, host: os.hostname(), claimedSecondsAgo: 5 });
    const res = await requestSync();
    expect(res.status).toBe(409);
    await t.deps.db('erp_sync_lock').where({ name: 'erp' }).update({ run_id: null, claimed_at: null });
  });
});
