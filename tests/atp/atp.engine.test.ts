import { atpOn, computeBuckets, firstDateCovering } from '../../src/atp/atp.engine';
import { addDays } from '../../src/shared/time';
import type { SupplyPicture } from '../../src/atp/atp.types';

// Today is chosen so that D+4 crosses into April: the engine's calendar arithmetic is exercised.
const TODAY = '2025-03-28';
/** D+n, computed independently of the engine's addDays. */
function d(n: number): string {
  return new Date(Date.UTC(2025, 2, 28 + n)).toISOString().slice(0, 10);
}
/** A bucket as [D+n, receipts, demand, atp], compact enough to hand-check in a table. */
type Row = [number, number, number, number];
function toRows(buckets: ReturnType<typeof computeBuckets>): Row[] {
  return buckets.map((b) => [
    Math.round((Date.parse(b.date) - Date.parse(TODAY)) / 86_400_000),
    b.receipts,
    b.demand,
    b.atp,
  ]);
}
function picture(onHand: number, receipts: [number, number][], demand: [number, number][]): SupplyPicture {
  return {
    today: TODAY,
    onHand,
    receipts: receipts.map(([n, qty]) => ({ date: d(n), qty })),
    demand: demand.map(([n, qty]) => ({ date: d(n), qty })),
  };
}

describe('addDays', () => {
  test.each([
    ['2025-03-28', 4, '2025-04-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2025-03-30', 0, '2025-03-30'],
    ['2025-03-01', -1, '2025-02-28'],
  ])('%s plus %i days is %s (months, leap years, year ends)', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe('computeBuckets', () => {
  test.each<[string, SupplyPicture, Row[]]>([
    // Nothing at all: the today bucket alone, ATP 0.
    ['with zero on hand and nothing scheduled, today alone has ATP 0', picture(0, [], []), [[0, 0, 0, 0]]],
    // S-D: today 0, D+3 5, D+5 3 -> suffix min: today min(0,5,3)=0, D+3 min(5,3)=3, D+5 3.
    [
      'with zero on hand, nothing is promisable before the first receipt',
      picture(0, [[3, 5]], [[5, 2]]),
      [
        [0, 0, 0, 0],
        [3, 5, 0, 3],
        [5, 0, 2, 3],
      ],
    ],
    // S-D: today 20, D+1 15, D+5 27, D+10 7, D+12 17.
    // ATP: today..D+10 = 7 (the D+10 order caps all earlier days), D+12 17.
    [
      'a later shortage lowers the ATP of every earlier day',
      picture(
        20,
        [
          [5, 12],
          [12, 10],
        ],
        [
          [1, 5],
          [10, 20],
        ],
      ),
      [
        [0, 20, 0, 7],
        [1, 0, 5, 7],
        [5, 12, 0, 7],
        [10, 0, 20, 7],
        [12, 10, 0, 17],
      ],
    ],
    // Today receives onHand 10 + past-due receipt 4 = 14, demand past-due 7 -> S-D 7.
    // D+2 +6 -> 13, D+3 -5 -> 8. ATP: today min(7,13,8)=7, D+2 8, D+3 8.
    [
      'past-due receipts and past-due demand count as of today',
      picture(
        10,
        [
          [-3, 4],
          [2, 6],
        ],
        [
          [-1, 7],
          [3, 5],
        ],
      ),
      [
        [0, 14, 7, 7],
        [2, 6, 0, 8],
        [3, 0, 5, 8],
      ],
    ],
    // D+4 holds receipts 10+2=12 and demand 7 in one bucket: S-D today 0, D+4 5. ATP 0, 5.
    [
      'receipts and demand on the same day are netted in one bucket',
      picture(
        0,
        [
          [4, 10],
          [4, 2],
        ],
        [[4, 7]],
      ),
      [
        [0, 0, 0, 0],
        [4, 12, 7, 5],
      ],
    ],
    // S-D: today 5, D+200 105, D+400 75. ATP: 5, 75, 75. No bucket for the empty days in between.
    [
      'long gaps without receipts open no buckets',
      picture(5, [[200, 100]], [[400, 30]]),
      [
        [0, 5, 0, 5],
        [200, 100, 0, 75],
        [400, 0, 30, 75],
      ],
    ],
    // The trap, over-promised: S-D today 10, D+2 2, D+4 5, D+6 -1 -> ATP -1 on every day.
    // The naive "subtract issues until the next receipt" reading gives today 10-8 = 2 and
    // D+4 3-6 = -3: it would promise 2 today and leave D+6 short by 3.
    [
      'a small receipt between two shortfalls does not free anything (already over-promised)',
      picture(
        10,
        [[4, 3]],
        [
          [2, 8],
          [6, 6],
        ],
      ),
      [
        [0, 10, 0, -1],
        [2, 0, 8, -1],
        [4, 3, 0, -1],
        [6, 0, 6, -1],
      ],
    ],
    // The trap, positive: S-D 10, 2, 5, 1 -> ATP 1 on every day.
    // Naive: today 10-8 = 2, D+4 3-4 = -1: promising 2 today would leave D+6 short by 1.
    [
      'a small receipt between two shortfalls leaves only the final margin promisable',
      picture(
        10,
        [[4, 3]],
        [
          [2, 8],
          [6, 4],
        ],
      ),
      [
        [0, 10, 0, 1],
        [2, 0, 8, 1],
        [4, 3, 0, 1],
        [6, 0, 4, 1],
      ],
    ],
    // Zero quantities open no bucket: S-D today 3.
    ['zero quantities open no bucket', picture(3, [[2, 0]], [[4, 0]]), [[0, 3, 0, 3]]],
  ])('%s', (_name, p, expected) => {
    expect(toRows(computeBuckets(p))).toEqual(expected);
  });

  test('buckets come out in date order whatever the input order', () => {
    const p = picture(
      1,
      [
        [9, 1],
        [2, 1],
        [5, 1],
      ],
      [
        [7, 1],
        [1, 1],
      ],
    );
    expect(computeBuckets(p).map((b) => b.date)).toEqual([d(0), d(1), d(2), d(5), d(7), d(9)]);
  });
});

describe('computeBuckets with a window', () => {
  // S-D: today 10, D+2 15, D+4 7, D+8 17, D+12 1, D+15 21.
  // ATP: today..D+12 = 1 (the D+12 order), D+15 21.
  const p = picture(
    10,
    [
      [2, 5],
      [8, 10],
      [15, 20],
    ],
    [
      [4, 8],
      [12, 16],
    ],
  );

  test.each<[string, { from?: string; to?: string }, Row[]]>([
    // From D+3 (no event): a synthetic bucket with ATP(D+2) = 1; D+4 and D+8 are 1, not 7 and 17,
    // because the D+12 shortage after `to` still counts.
    [
      'a shortage after `to` still lowers the ATP inside the window',
      { from: d(3), to: d(9) },
      [
        [3, 0, 0, 1],
        [4, 0, 8, 1],
        [8, 10, 0, 1],
      ],
    ],
    [
      'a `from` before today starts at today, where the past is counted',
      { from: '2025-03-01', to: d(2) },
      [
        [0, 10, 0, 1],
        [2, 5, 0, 1],
      ],
    ],
    [
      'a `from` on an event date is not duplicated',
      { from: d(4), to: d(8) },
      [
        [4, 0, 8, 1],
        [8, 10, 0, 1],
      ],
    ],
    [
      'only `to`: from today to `to`',
      { to: d(4) },
      [
        [0, 10, 0, 1],
        [2, 5, 0, 1],
        [4, 0, 8, 1],
      ],
    ],
    ['a `from` after every event gets one bucket with the final ATP', { from: d(20) }, [[20, 0, 0, 21]]],
    ['a window that ends before it starts holds no bucket', { from: d(5), to: d(4) }, []],
    ['a window entirely in the past holds no bucket', { from: '2025-03-01', to: '2025-03-10' }, []],
  ])('%s', (_name, range, expected) => {
    expect(toRows(computeBuckets(p, range))).toEqual(expected);
  });
});

describe('atpOn and firstDateCovering', () => {
  // Same picture: ATP 1 from today to D+12, 21 from D+15.
  const buckets = computeBuckets(
    picture(
      10,
      [
        [2, 5],
        [8, 10],
        [15, 20],
      ],
      [
        [4, 8],
        [12, 16],
      ],
    ),
  );

  test.each<[string, string, number]>([
    ['a date before today gets the ATP of today', '2025-03-01', 1],
    ['a date between buckets gets the ATP of the latest bucket before it', d(14), 1],
    ['a bucket date gets its own ATP', d(15), 21],
    ['a date after the last bucket gets the final ATP', d(400), 21],
  ])('%s', (_name, date, expected) => {
    expect(atpOn(buckets, date)).toBe(expected);
  });

  test('no buckets means nothing to promise', () => {
    expect(atpOn([], TODAY)).toBe(0);
    expect(firstDateCovering([], 1, TODAY)).toBeNull();
  });

  test.each<[string, number, string, string | null]>([
    ['a quantity covered today is covered on notBefore', 1, TODAY, TODAY],
    ['a quantity above today’s ATP waits for the receipt that lifts it', 2, TODAY, d(15)],
    ['exactly the final ATP is covered at the last receipt', 21, TODAY, d(15)],
    ['more than the final ATP is never covered', 22, TODAY, null],
    ['a covered quantity after notBefore is covered on notBefore', 1, d(5), d(5)],
    ['notBefore after the covering receipt is the answer itself', 2, d(20), d(20)],
  ])('%s', (_name, qty, notBefore, expected) => {
    expect(firstDateCovering(buckets, qty, notBefore)).toBe(expected);
  });
});
