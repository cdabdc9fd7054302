/**
 * A sync in a process of its own, so a test can kill it with SIGKILL mid-load.
 * Usage: node --import tsx tests/erp/sync-child.ts  (DATABASE_URL and ERP_DROP_DIR from the environment)
 */
import { loadConfig } from '../../src/config';
import type { Deps } from '../../src/deps';
import { runSync, startRun } from '../../src/erp';
import { registerAllJobs } from '../../src/jobs';
import { createDb } from '../../src/shared/db/knex';
import { InProcessJobQueue } from '../../src/shared/jobs';
import { createLogger } from '../../src/shared/logger';
import { installTestClock } from '../support/test-clock';

async function main(): Promise<void> {
  installTestClock();
  const config = loadConfig({ ...process.env, DEMO_DATA: 'off' });
  const logger = createLogger('silent');
  const deps: Deps = {
    config,
    db: createDb(config.databaseUrl),
    jobs: new InProcessJobQueue(logger),
    logger,
  };
  registerAllJobs(deps);
  const runId = await startRun(deps.db, config, { connector: 'file-drop' }, 'manual', null);
  process.stdout.write(`${runId}\n`);
  await runSync(deps, runId);
  await deps.db.destroy();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
