import { dropRunDatabase } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) await dropRunDatabase(process.env.TEST_BASE_DATABASE_URL || undefined, url);
}
