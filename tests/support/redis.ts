import { execFileSync } from 'node:child_process';

export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const target = new URL(redisUrl);
/** host:port only: REDIS_URL may carry a password, and these strings end up in CI logs. */
const redisHost = `${target.hostname || '127.0.0.1'}:${target.port || '6379'}`;

const inCi = Boolean(process.env.CI) && process.env.CI !== 'false';

/**
 * Sends PING from a child process: jest defines tests synchronously, so reachability must be
 * known before describe() runs, without a globalSetup. Any Redis reply counts (even -NOAUTH:
 * the URL may carry the password the driver will use).
 */
const PROBE = `
const socket = require('node:net').connect(Number(process.argv[2]), process.argv[1]);
socket.setTimeout(1000, () => process.exit(1));
socket.on('error', () => process.exit(1));
socket.on('connect', () => socket.write('PING\\r\\n'));
socket.on('data', (d) => process.exit(/^[+-]/.test(d.toString()) ? 0 : 1));
`;

function probeRedis(): boolean {
  try {
    execFileSync(process.execPath, ['-e', PROBE, target.hostname || '127.0.0.1', target.port || '6379'], {
      timeout: 3000,
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

export const redisAvailable = probeRedis();

/**
 * Defines the block only when Redis answers. Outside CI a missing Redis leaves one passing test
 * and one console line; in CI it fails, so the bull driver is never silently untested there.
 */
export function describeWithRedis(name: string, fn: () => void): void {
  if (redisAvailable) {
    describe(name, fn);
  } else if (inCi) {
    describe(name, () => {
      test(`Redis is reachable at ${redisHost} (required when CI is set)`, () => {
        expect(redisAvailable).toBe(true);
      });
    });
  } else {
    describe(name, () => {
      test('bull driver tests need Redis (skipped outside CI)', () => {
        console.warn(`${name}: no Redis at ${redisHost}; set REDIS_URL or start Redis to run these tests`);
        expect(redisAvailable).toBe(false);
      });
    });
  }
}
