import { loadConfig } from '../../src/config';

describe('loadConfig', () => {
  test('with an empty environment, every setting has the contract default', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      databaseUrl: 'sqlite:./data/factorydesk.sqlite',
      redisUrl: undefined,
      erpConnector: 'file-drop',
      erpDropDir: './data/erp-drop',
      exportDir: './data/exports',
      syncCron: '0 2 * * *',
      adminEmail: undefined,
      adminPassword: undefined,
      demoData: true,
    });
  });

  test.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://localhost/x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ DEMO_DATA: 'maybe' }, 'DEMO_DATA'],
    [{ SYNC_CRON: 'every night' }, 'SYNC_CRON'],
    [{ ADMIN_EMAIL: 'boss@example.com' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
  ])('a bad value (%j) stops the start with a message naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`Invalid setting ${variable}:`));
  });

  test('DEMO_DATA=off turns the demo off', () => {
    expect(loadConfig({ DEMO_DATA: 'off' }).demoData).toBe(false);
  });
});
