import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';

/**
 * Each `npm test` run gets its own database: a fresh SQLite file, or with DATABASE_URL=postgres://…
 * a new database on that server (dropped afterwards), so concurrent runs never collide.
 */
export function runDatabaseName(): string {
  return `fd_test_${process.pid}_${Date.now().toString(36)}`;
}

export async function createRunDatabase(baseUrl: string | undefined, name: string): Promise<string> {
  if (!baseUrl || baseUrl.startsWith('sqlite:')) return `sqlite:${path.join(os.tmpdir(), `${name}.sqlite`)}`;
  if (!/^postgres(ql)?:\/\//.test(baseUrl))
    throw new Error('tests run on SQLite or PostgreSQL (DATABASE_URL=postgres://…)');
  const admin = knexFactory({ client: 'pg', connection: baseUrl });
  try {
    // template0 takes no connections, so two workers creating databases at once cannot make
    // CREATE DATABASE fail with "source database is being accessed by other users".
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.raw(`create database "${name}" template template0`);
        break;
      } catch (err) {
        if (attempt >= 5 || !/being accessed by other users/.test(String((err as Error).message))) throw err;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  } finally {
    await admin.destroy();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropRunDatabase(baseUrl: string | undefined, runUrl: string): Promise<void> {
  if (runUrl.startsWith('sqlite:')) {
    const fs = await import('node:fs');
    const file = runUrl.slice('sqlite:'.length);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    return;
  }
  const name = new URL(runUrl).pathname.slice(1);
  const admin = knexFactory({ client: 'pg', connection: baseUrl! });
  try {
    await admin.raw(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.destroy();
  }
}
