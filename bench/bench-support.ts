import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { loadConfig } from '../src/config';
import type { Deps } from '../src/deps';
import { createDb } from '../src/shared/db/knex';
import { migrateLatest } from '../src/shared/db/migrate';
import { InProcessJobQueue } from '../src/shared/jobs';
import { createLogger } from '../src/shared/logger';

export const scratch = (name: string): string => fs.mkdtempSync(path.join(os.tmpdir(), `fd-bench-${name}-`));

/** A fresh, migrated database for one measurement: an SQLite file, or a new PostgreSQL database. */
export async function freshDatabase(kind: 'sqlite' | 'postgres', pgBase?: string): Promise<{ url: string; drop(): Promise<void> }> {
  let url: string;
  if (kind === 'sqlite') {
    url = `sqlite:${path.join(scratch('db'), 'bench.sqlite')}`;
  } else {
    const name = `fd_bench_${process.pid}_${Date.now().toString(36)}`;
    const admin = knexFactory({ client: 'pg', connection: pgBase! });
    await admin.raw(`create database "${name}" template template0`);
    await admin.destroy();
    const u = new URL(pgBase!);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const db = createDb(url);
  await migrateLatest(db);
  await db.destroy();
  return {
    url,
    drop: async () => {
      if (kind === 'sqlite') return fs.rmSync(path.dirname(url.slice('sqlite:'.length)), { recursive: true, force: true });
      const admin = knexFactory({ client: 'pg', connection: pgBase! });
      await admin.raw(`drop database if exists "${new URL(url).pathname.slice(1)}" with (force)`);
      await admin.destroy();
    },
  };
}

export function benchDeps(url: string, dropDir: string): Deps {
  const config = loadConfig({ DATABASE_URL: url, ERP_DROP_DIR: dropDir, DEMO_DATA: 'off' });
  const logger = createLogger('silent');
  return { config, db: createDb(url), jobs: new InProcessJobQueue(logger), logger };
}

/** Samples RSS while fn runs: the peak of this phase, not of the whole process's life. */
export async function measure<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = process.hrtime.bigint();
  try {
    const result = await fn();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, seconds, peakRssMb: Math.round(peak / 1048576) };
  } finally {
    clearInterval(timer);
  }
}

export const round = (n: number, d = 2): number => Math.round(n * 10 ** d) / 10 ** d;
