import type { Server } from 'node:http';
import { buildApp } from './app';
import { countUsers, ensureFirstAdmin } from './auth';
import { ConfigError, loadConfig } from './config';
import { seedDemo } from './demo/demo.service';
import type { Deps } from './deps';
import { registerAllJobs, scheduleAll } from './jobs';
import { createDb } from './shared/db/knex';
import { migrateLatest } from './shared/db/migrate';
import { createJobQueue } from './shared/jobs';
import { createLogger, redactError } from './shared/logger';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = createDb(config.databaseUrl);
  const ran = await migrateLatest(db);
  if (ran.length) logger.info({ migrations: ran }, 'database migrated');

  const jobs = createJobQueue(config.redisUrl, logger);
  const deps: Deps = { config, db, jobs, logger };
  registerAllJobs(deps);

  const fresh = (await countUsers(db)) === 0;
  const admin = await ensureFirstAdmin(db, config.adminEmail, config.adminPassword);
  if (admin) logger.info({ email: admin.email }, 'first admin created from ADMIN_EMAIL');
  const demo = fresh && config.demoData ? await seedDemo(deps) : [];

  // Without Redis this process is also the worker; with Redis, `npm run worker` runs the jobs.
  if (jobs.driver === 'in-process') await jobs.start();
  await scheduleAll(deps);

  const server = buildApp(deps).listen(config.port, () => {
    const url = `http://localhost:${config.port}`;
    console.log(
      `\nFactoryDesk is running at ${url}  (database: ${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}, jobs: ${jobs.driver})`,
    );
    if (demo.length) {
      console.log('\nDemo logins (password for all: ' + demo[0]!.password + '):');
      for (const d of demo)
        console.log(`  ${d.role.padEnd(16)} ${d.email}${d.account ? `  (${d.account})` : ''}`);
      console.log(
        `\nSign in at ${url}/login, or: curl -s -X POST ${url}/api/auth/token -H 'content-type: application/json' -d '{"email":"${demo[0]!.email}","password":"${demo[0]!.password}"}'\n`,
      );
    }
  });
  onShutdown(server, deps);
}

function onShutdown(server: Server, deps: Deps): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    deps.logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    server.close(async () => {
      await deps.jobs.close().catch(() => undefined);
      await deps.db.destroy().catch(() => undefined);
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('FactoryDesk could not start:', redactError(err).message);
  process.exit(1);
});
