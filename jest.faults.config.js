/**
 * The production mode's faults (npm run test:faults): real Redis, real server and worker
 * processes killed and restarted. Kept out of `jest` because they take minutes, not seconds.
 */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/tests/faults/**/*.fault.ts'],
  testTimeout: 180000,
  maxWorkers: 1,
};
