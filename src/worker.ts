import { loadConfig } from './config';
import type { Deps } from './deps';
import { registerAllJobs, scheduleAll } from './jobs';
import { createDb } from './shared/db/knex';
import { migrateLatest } from './shared/db/migrate';
import { createJobQueue } from './shared/jobs';
import { createLogger, redactError } from './shared/logger';

/** Runs the bull workers; start as many as wanted, on any machine reaching the database and Redis. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.redisUrl)
    throw new Error('npm run worker needs REDIS_URL; without Redis, npm start runs the jobs in-process');
  const logger = createLogger(config.logLevel);
  const db = createDb(config.databaseUrl);
  await migrateLatest(db);
  const jobs = createJobQueue(config.redisUrl, logger, { lockMs: config.jobLockSeconds * 1000 });
  const deps: Deps = { config, db, jobs, logger };
  registerAllJobs(deps);
  await scheduleAll(deps);
  await jobs.start();
  logger.info('worker started');
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    logger.info('worker stopping: finishing the running jobs');
    // A job still running past the grace is cut; bull finds it stalled and another worker runs it again.
    setTimeout(() => process.exit(1), config.shutdownGraceSeconds * 1000).unref();
    await jobs.close().catch(() => undefined);
    await db.destroy().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  console.error('worker could not start:', redactError(err).message);
  process.exit(1);
});
