import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Deps } from '../../src/deps';
import { createDb } from '../../src/shared/db/knex';
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
    DEMO_DATA: 'off',
    ...env,
  });
  const logger = createLogger(process.env.LOG_LEVEL ?? 'silent');
  const deps: Deps = { config, db: createDb(url), jobs: new InProcessJobQueue(logger), logger };
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
