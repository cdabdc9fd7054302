import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Deps } from '../../src/deps';
import { registerAllJobs } from '../../src/jobs';
import { createDb } from '../../src/shared/db/knex';
import { migrateLatest } from '../../src/shared/db/migrate';
import { createRunDatabase, dropRunDatabase, runDatabaseName } from './test-database';
import { InProcessJobQueue } from '../../src/shared/jobs';
import { createLogger } from '../../src/shared/logger';

export interface TestContext {
  deps: Deps;
  http: TestAgent;
  /** A scratch folder of this test file (drop and export dirs live in it). */
  dir: string;
  close(): Promise<void>;
}

/**
 * The real app on the run's real database (SQLite or PostgreSQL, see global-setup), with the
 * in-process job queue and a scratch folder for files.
 */
export function testContext(env: Record<string, string> = {}): TestContext {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (npm test)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-test-'));
  const config = loadConfig({
    DATABASE_URL: url,
    ERP_DROP_DIR: path.join(dir, 'erp-drop'),
    EXPORT_DIR: path.join(dir, 'exports'),
    OUTBOX_DIR: path.join(dir, 'outbox'),
    CASES_MAIL_DIR: path.join(dir, 'mail-in'),
    CASES_ATTACHMENT_DIR: path.join(dir, 'attachments'),
    DEMO_DATA: 'off',
    ...env,
  });
  const logger = createLogger(process.env.LOG_LEVEL ?? 'silent');
  const deps: Deps = { config, db: createDb(url), jobs: new InProcessJobQueue(logger), logger };
  registerAllJobs(deps);
  void deps.jobs.start();
  return {
    deps,
    http: request(buildApp(deps)),
    dir,
    close: async () => {
      await deps.jobs.close();
      await deps.db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A context on a database of its own, for tests that own global state (ERP snapshots close
 * every absent row; the sync lock is one per database). Dropped again by close().
 */
export async function isolatedTestContext(
  env: Record<string, string> = {},
): Promise<TestContext & { databaseUrl: string }> {
  const base = process.env.TEST_BASE_DATABASE_URL || undefined;
  const url = await createRunDatabase(base, `${runDatabaseName()}_${Math.random().toString(36).slice(2, 7)}`);
  const db = createDb(url);
  try {
    await migrateLatest(db);
  } finally {
    await db.destroy();
  }
  const previous = process.env.TEST_DATABASE_URL;
  process.env.TEST_DATABASE_URL = url;
  const t = testContext(env);
  process.env.TEST_DATABASE_URL = previous;
  return {
    ...t,
    databaseUrl: url,
    close: async () => {
      await t.close();
      await dropRunDatabase(base, url);
    },
  };
}
