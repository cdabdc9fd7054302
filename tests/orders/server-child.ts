/**
 * The web server in a process of its own, for tests that need two processes on one database.
 * Usage: node --import tsx tests/orders/server-child.ts  (DATABASE_URL and EXPORT_DIR from the environment)
 * Prints the port it listens on, then serves until SIGTERM.
 */
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Deps } from '../../src/deps';
import { registerAllJobs } from '../../src/jobs';
import { createDb } from '../../src/shared/db/knex';
import { InProcessJobQueue } from '../../src/shared/jobs';
import { createLogger } from '../../src/shared/logger';
import { installTestClock } from '../support/test-clock';

async function main(): Promise<void> {
  installTestClock();
  const config = loadConfig({ ...process.env, DEMO_DATA: 'off' });
  const logger = createLogger(process.env.LOG_LEVEL ?? 'silent');
  const deps: Deps = {
    config,
    db: createDb(config.databaseUrl),
    jobs: new InProcessJobQueue(logger),
    logger,
  };
  registerAllJobs(deps);
  await deps.jobs.start();
  const server = buildApp(deps).listen(0, '127.0.0.1', () => {
    process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
  });
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(async () => {
      await deps.jobs.close().catch(() => undefined);
      await deps.db.destroy().catch(() => undefined);
      process.exit(0);
    });
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
