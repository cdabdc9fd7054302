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
  if (!/^postgres(ql)?:\/\//.test(baseUrl)) throw new Error('tests run on SQLite or PostgreSQL (DATABASE_URL=postgres://…)');
  const admin = knexFactory({ client: 'pg', connection: baseUrl });
  try {
    await admin.raw(`create database "${name}"`);
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
