import Database from 'better-sqlite3';
import { writeBenchData } from '../../fixtures/demo-company/generate';
import { isolatedTestContext, TestContext } from '../support/app';
import { createTestUser } from '../support/factories';
import { startServer } from '../support/server-process';

let t: TestContext & { databaseUrl: string };
beforeAll(async () => {
  t = await isolatedTestContext();
});
afterAll(() => t.close());

/**
 * Whether some connection holds SQLite's write lock, asked from a connection of the test's own:
 * while stock is the dataset loading, that is the stock merge (staging writes to a TEMP table).
 */
function writerActive(probe: Database.Database): boolean {
  try {
    probe.prepare('BEGIN IMMEDIATE').run();
    probe.prepare('ROLLBACK').run();
    return false;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw err;
  }
}

// SQLite only: jest.config.js leaves this file out of the PostgreSQL run.
describe('the nightly load on SQLite', () => {
  test('while a 300,000-row stock snapshot merges, the server answers /health and API calls before the merge ends', async () => {
    await writeBenchData(t.deps.config.erpDropDir, {
      seed: 11,
      today: '2026-11-23',
      stockRows: 300_000,
      supplyRows: 2_000,
    });
    const planner = await createTestUser(t.deps.db, 'planner');
    const server = await startServer({
      DATABASE_URL: t.databaseUrl,
      ERP_DROP_DIR: t.deps.config.erpDropDir,
      EXPORT_DIR: t.deps.config.exportDir,
      LOG_LEVEL: 'warn',
      // The in-process driver: with Redis (as CI sets it for the suite) the sync job would wait for a
      // worker this test does not start; the thread is what the server itself runs on SQLite.
      REDIS_URL: '',
    });
    const probe = new Database(t.databaseUrl.slice('sqlite:'.length), { timeout: 0 });
    try {
      const res = await fetch(`${server.url}/api/erp/sync`, {
        method: 'POST',
        headers: { authorization: planner.auth, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(202);
      const { runId } = (await res.json()) as { runId: string };
      const loadingStock = () =>
        probe
          .prepare(
            `select r.status, r.progress, (select count(*) from erp_sync_run_datasets d
               where d.run_id = r.id and d.name = 'stock') as stock_done
             from erp_sync_runs r where r.id = ?`,
          )
          .get(runId) as { status: string; progress: string | null; stock_done: number };

      let answeredDuringMerge = 0;
      let askedDuringMerge = 0;
      // Bounded so a sync that never finishes fails the test with what the server said.
      for (let guard = 0; guard < 40_000; guard++) {
        const seen = loadingStock();
        if (!['queued', 'running'].includes(seen.status) || seen.stock_done > 0) break;
        if (!seen.progress?.includes('"stock"') || !writerActive(probe)) {
          await new Promise((r) => setTimeout(r, 5));
          continue;
        }
        askedDuringMerge++;
        const health = await fetch(`${server.url}/health`);
        const me = await fetch(`${server.url}/api/me`, { headers: { authorization: planner.auth } });
        const after = loadingStock();
        if (health.status === 200 && me.status === 200 && after.stock_done === 0 && writerActive(probe))
          answeredDuringMerge++;
      }
      expect(askedDuringMerge).toBeGreaterThan(0);
      // Answers came while the merge still held the write lock, again and again, not once it let go.
      expect(answeredDuringMerge).toBeGreaterThanOrEqual(Math.min(askedDuringMerge, 3));
      for (let guard = 0; guard < 4_000; guard++) {
        if (!['queued', 'running'].includes(loadingStock().status)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(loadingStock().status).toBe('succeeded');
    } catch (err) {
      console.log(server.output().slice(-3000));
      throw err;
    } finally {
      probe.close();
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 300_000);
});
