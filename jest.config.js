/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  // A test of SQLite's own behaviour (better-sqlite3 runs statements on the calling thread) belongs
  // to the SQLite run only; the PostgreSQL run leaves the file out instead of skipping its tests.
  testPathIgnorePatterns: /^postgres/.test(process.env.DATABASE_URL ?? '')
    ? ['/node_modules/', '<rootDir>/tests/runtime/sync-off-thread.test.ts']
    : ['/node_modules/'],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  setupFiles: ['<rootDir>/tests/support/env.ts', '<rootDir>/tests/support/clock-setup.ts'],
  testTimeout: 60000,
  // Two cores: one worker per core keeps SQLite and PostgreSQL contention realistic but bounded.
  maxWorkers: 2,
};
