import type { Knex } from 'knex';
import { readTogether } from '../../src/shared/db/knex';

/** Reads that log when they start and end, the first one slower. */
function reads(log: string[]) {
  const read = (name: string, ms: number, value: number) => async () => {
    log.push(`${name} starts`);
    await new Promise((r) => setTimeout(r, ms));
    log.push(`${name} ends`);
    return value;
  };
  return [read('a', 20, 1), read('b', 1, 2)] as const;
}

describe('readTogether', () => {
  test('on a pool, the reads start at once and come back in the order asked', async () => {
    const log: string[] = [];
    expect(await readTogether({ isTransaction: false } as unknown as Knex, reads(log))).toEqual([1, 2]);
    expect(log).toEqual(['a starts', 'b starts', 'b ends', 'a ends']);
  });

  test('in a transaction, each read waits for the one before it (one connection, one query at a time)', async () => {
    const log: string[] = [];
    expect(await readTogether({ isTransaction: true } as unknown as Knex, reads(log))).toEqual([1, 2]);
    expect(log).toEqual(['a starts', 'a ends', 'b starts', 'b ends']);
  });
});
