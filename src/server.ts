import { buildApp } from './app';
import { countUsers, ensureFirstAdmin } from './auth';
import { ConfigError, loadConfig } from './config';
import { simulate } from '../fixtures/simulator/simulate';
import { type DemoLogin, DemoLoadingGate, seedDemo } from './demo';
import type { Deps } from './deps';
import { registerAllJobs, scheduleAll } from './jobs';
import { createDb } from './shared/db/knex';
import { migrateLatest } from './shared/db/migrate';
import { createGracefulServer, type GracefulServer } from './shared/http/graceful-close';
import { createJobQueue, InProcessJobQueue } from './shared/jobs';
import { createLogger, redactError } from './shared/logger';
import { simulatorPorts } from './simulation';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = createDb(config.databaseUrl);
  const ran = await migrateLatest(db);
  if (ran.length) logger.info({ migrations: ran }, 'database migrated');

  const jobs = createJobQueue(config.redisUrl, logger, { lockMs: config.jobLockSeconds * 1000 });
  const deps: Deps = { config, db, jobs, logger };
  registerAllJobs(deps);

  const fresh = (await countUsers(db)) === 0;
  const admin = await ensureFirstAdmin(db, config.adminEmail, config.adminPassword);
  if (admin) logger.info({ email: admin.email }, 'first admin created from ADMIN_EMAIL');
  // The demo's history takes minutes: the first page is served at once, saying it is loading.
  const gate = fresh && config.demoData ? new DemoLoadingGate() : null;

  const app = buildApp(deps);
  const { server, drain } = createGracefulServer(gate ? gate.wrap(app) : app);
  onShutdown(drain, deps);
  const url = `http://localhost:${config.port}`;
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  console.log(
    `\nFactoryDesk is running at ${url}  (database: ${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}, jobs: ${jobs.driver})`,
  );
  if (gate) {
    console.log(`The demo company's history is loading; ${url} says how far it got.`);
    const demo = await loadDemo(deps, gate);
    gate.open();
    console.log('\nDemo logins (password for all: ' + demo[0]!.password + '):');
    for (const d of demo)
      console.log(`  ${d.role.padEnd(16)} ${d.email}${d.account ? `  (${d.account})` : ''}`);
    console.log(
      `\nSign in at ${url}/login, or: curl -s -X POST ${url}/api/auth/token -H 'content-type: application/json' -d '{"email":"${demo[0]!.email}","password":"${demo[0]!.password}"}'\n`,
    );
  }

  // Without Redis this process is also the worker; with Redis, `npm run worker` runs the jobs.
  // Started after the demo's history: its simulator moves the clock, which the schedules read.
  if (jobs.driver === 'in-process') await jobs.start();
  await scheduleAll(deps);
}

/**
 * The demo company on an empty database: `DEMO_WEEKS` of history up to today made by the plant
 * simulator through the app's HTTP API and the nightly file-drop sync. The simulator waits for each
 * day's jobs, so it runs them on an in-process queue of its own, whatever the server's driver (with
 * Redis, no worker may be running yet), closed before the server's own jobs start.
 */
async function loadDemo(deps: Deps, gate: DemoLoadingGate): Promise<DemoLogin[]> {
  const jobs = new InProcessJobQueue(deps.logger);
  // The simulated ERP reads orders_out once a night; the simulator writes it then (ports.flushOrdersOut).
  const demoDeps: Deps = { ...deps, jobs, config: { ...deps.config, ordersOutCoalesce: 'night' } };
  registerAllJobs(demoDeps);
  await jobs.start();
  const started = performance.now();
  try {
    return await seedDemo(demoDeps, {
      weeks: deps.config.demoWeeks,
      history: (options) => simulate(demoDeps, options, simulatorPorts),
      onProgress: (line) => gate.report(line),
    });
  } finally {
    await jobs.drain();
    await jobs.close();
    console.log(`demo company: loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

/**
 * SIGTERM or SIGINT: finish every request already received (until SHUTDOWN_GRACE_SECONDS), answer
 * the rest 503, stop listening, then close the job queue (waiting for running jobs) and the database.
 */
function onShutdown(drain: GracefulServer['drain'], deps: Deps): void {
  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    const graceMs = deps.config.shutdownGraceSeconds * 1000;
    deps.logger.info({ signal, graceSeconds: deps.config.shutdownGraceSeconds }, 'shutting down');
    // Past the grace the process must end even if a job or the database hangs.
    setTimeout(() => process.exit(1), graceMs + 5_000).unref();
    const { cut } = await drain(graceMs);
    if (cut > 0) deps.logger.warn({ cut }, 'requests still running at the shutdown deadline were cut off');
    await deps.jobs.close().catch(() => undefined);
    await deps.db.destroy().catch(() => undefined);
    deps.logger.info('stopped');
    process.exit(cut > 0 ? 1 : 0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('FactoryDesk could not start:', redactError(err).message);
  process.exit(1);
});
