import { loadConfig } from '../../config';
import { createDb } from './knex';
import { migrateLatest } from './migrate';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDb(config.databaseUrl);
  try {
    const ran = await migrateLatest(db);
    console.log(
      ran.length ? `Ran ${ran.length} migration(s): ${ran.join(', ')}` : 'Database already up to date',
    );
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
