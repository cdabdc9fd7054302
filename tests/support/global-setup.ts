import { createDb } from '../../src/shared/db/knex';
import { migrateLatest } from '../../src/shared/db/migrate';
import { createRunDatabase, runDatabaseName } from './test-database';

export default async function globalSetup(): Promise<void> {
  const base = process.env.DATABASE_URL;
  const url = await createRunDatabase(base, runDatabaseName());
  const db = createDb(url);
  try {
    await migrateLatest(db);
  } finally {
    await db.destroy();
  }
  // Workers start after this and inherit the environment.
  process.env.TEST_DATABASE_URL = url;
  process.env.TEST_BASE_DATABASE_URL = base ?? '';
  console.log(`\n[tests] database: ${url.startsWith('sqlite:') ? url : url.replace(/\/\/[^@]*@/, '//')}`);
}
