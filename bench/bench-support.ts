import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { loadConfig } from '../src/config';
import type { Deps } from '../src/deps';
import { useMiddayClock } from '../src/shared/clock';
import { createDb } from '../src/shared/db/knex';
import { migrateLatest } from '../src/shared/db/migrate';
import { InProcessJobQueue } from '../src/shared/jobs';
import { createLogger } from '../src/shared/logger';

/**
 * A bench's data is dated from today and its checks compare dates, so it runs at 12:00 UTC of the
 * real date (child phases inherit the same instant): the same answer at any hour it is started at.
 */
export const useBenchClock = (): (() => void) => useMiddayClock('FD_BENCH_CLOCK_SHIFT_MS');

export const scratch = (name: string): string => fs.mkdtempSync(path.join(os.tmpdir(), `fd-bench-${name}-`));

/** A fresh, migrated database for one measurement: an SQLite file, or a new PostgreSQL database. */
export async function freshDatabase(
  kind: 'sqlite' | 'postgres',
  pgBase?: string,
): Promise<{ url: string; drop(): Promise<void> }> {
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
      if (kind === 'sqlite')
        return fs.rmSync(path.dirname(url.slice('sqlite:'.length)), { recursive: true, force: true });
      const admin = knexFactory({ client: 'pg', connection: pgBase! });
      await admin.raw(`drop database if exists "${new URL(url).pathname.slice(1)}" with (force)`);
      await admin.destroy();
    },
  };
}

/**
 * A copy of a bench database, for measuring a first run more than once on the same data: the
 * SQLite file (checkpointed by its last connection's close), or a PostgreSQL database made from
 * it as a template (nothing may be connected to it meanwhile).
 */
export async function copyDatabase(
  kind: 'sqlite' | 'postgres',
  url: string,
  pgBase?: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const file = path.join(scratch('db-copy'), 'bench.sqlite');
    fs.copyFileSync(url.slice('sqlite:'.length), file);
    return {
      url: `sqlite:${file}`,
      drop: async () => fs.rmSync(path.dirname(file), { recursive: true, force: true }),
    };
  }
  const source = new URL(url).pathname.slice(1);
  const name = `${source}_copy_${Date.now().toString(36)}`;
  const admin = knexFactory({ client: 'pg', connection: pgBase! });
  await admin.raw(`create database "${name}" template "${source}"`);
  await admin.destroy();
  const u = new URL(pgBase!);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const a = knexFactory({ client: 'pg', connection: pgBase! });
      await a.raw(`drop database if exists "${name}" with (force)`);
      await a.destroy();
    },
  };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export function benchDeps(url: string, dropDir: string): Deps {
  const config = loadConfig({ DATABASE_URL: url, ERP_DROP_DIR: dropDir, DEMO_DATA: 'off' });
  const logger = createLogger('silent');
  return { config, db: createDb(url), jobs: new InProcessJobQueue(logger), logger };
}

/** Samples RSS while fn runs: the peak of this phase, not of the whole process's life. */
export async function measure<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; seconds: number; peakRssMb: number }> {
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
