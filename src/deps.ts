import type { Knex } from 'knex';
import type { Config } from './config';
import type { JobQueue } from './shared/jobs/job-queue';
import type { Logger } from './shared/logger';

/** What the app and the workers are built from; tests build the same with a test database. */
export interface Deps {
  config: Config;
  db: Knex;
  jobs: JobQueue;
  logger: Logger;
}
