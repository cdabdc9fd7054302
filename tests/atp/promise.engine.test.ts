import type { DatedQty, Replenishment, SupplyPicture } from '../../src/atp/atp.types';
import { promise, promiseLines } from '../../src/atp/promise.engine';
import type { PromiseResult } from '../../src/atp/atp.types';

const TODAY = '2025-03-28';
/** D+n, computed independently of the engine's addDays. */
function d(n: number): string {
  return new Date(Date.UTC(2025, 2, 28 + n)).toISOString().slice(0, 10);
}
function at(rows: [number, number][]): DatedQty[] {
  return rows.map(([n, qty]) => ({ date: d(n), qty }));
}
function picture(onHand: number, receipts: [number, number][], demand: [number, number][]): SupplyPicture {
  return { today: TODAY, onHand, receipts: at(receipts), demand: at(demand) };
}
/** Expected outcome; newSupply is what the line counts on beyond scheduled supply (q - share). */
function result(
  confirmations: [number, number][],
  confirmedDay: number | null,
  source: PromiseResult['source'],
  newSupply = 0,
  capacityUsed: [number, number][] = [],
): PromiseResult {
  return {
    confirmations: at(confirmations),
    confirmedDate: confirmedDay === null ? null : d(confirmedDay),
    source,
    capacityUsed: at(capacityUsed),
    newSupply,
  };
}
const BUY: Replenishment = { makeOrBuy: 'buy', leadTimeDays: 10, horizon: d(90) };

// S-D: today 10, D+1 6, D+6 26 -> ATP: today 6, D+1 6, D+6 26. Stock test: onHand - all demand = 10 - 4 = 6.
const SMALL = picture(10, [[6, 20]], [[1, 4]]);
// S-D: today 25, D+1 20 -> ATP 20 on every day; no receipts.
const SHELF = picture(25, [], [[1, 5]]);
// Capacity from D+2 (before a 3-day lead time, ignored), D+3 30, D+4 none (absent), D+5 40, D+6 50.
const CAPACITY = at([
  [2, 99],
  [3, 30],
  [5, 40],
  [6, 50],
]);
const MAKE: Replenishment = { makeOrBuy: 'make', leadTimeDays: 3, horizon: d(90), capacity: CAPACITY };

describe('promise', () => {
  test.each<[string, SupplyPicture, number, number, boolean, Replenishment, PromiseResult]>([
    // ATP(D+3): S-D today 50, D+5 40 -> 40 >= 30; onHand - demand = 50 - 10 = 40 >= 30 -> stock.
    [
      'on-hand stock spare beyond all demand confirms on the requested date from stock',
      picture(50, [], [[5, 10]]),
      30,
      3,
      false,
      BUY,
      result([[3, 30]], 3, 'stock'),
    ],
    // S-D today 10, D+2 50, D+7 45 -> ATP(D+3) = 45 >= 20; onHand - demand = 10 - 5 = 5 < 20 -> supply.
    [
      'a quantity covered on the requested date only thanks to a receipt comes from supply',
      picture(10, [[2, 40]], [[7, 5]]),
      20,
      3,
      false,
      BUY,
      result([[3, 20]], 3, 'supply'),
    ],
    // S-D today 100, D+20 200, D+30 150 -> ATP(today) 100 >= 60, but 100 - 50 = 50 < 60: the D+30
    // order counts on the D+20 receipt, so the 60 leaving the shelf today rely on that receipt too.
    [
      'shelf units another order needs unless a receipt arrives are supply, not stock',
      picture(100, [[20, 100]], [[30, 50]]),
      60,
      0,
      false,
      BUY,
      result([[0, 60]], 0, 'supply'),
    ],
    // ATP(D+2) = 6 < 15; first ATP >= 15 is D+6 (26). Partial: 6 on D+2, the rest 15 - 6 = 9 on D+6.
    [
      'with partial delivery, ATP(r) ships on r and the rest when a receipt covers the whole',
      SMALL,
      15,
      2,
      true,
      BUY,
      result(
        [
          [2, 6],
          [6, 9],
        ],
        6,
        'supply',
      ),
    ],
    // Same, without partial: all 15 on D+6.
    [
      'without partial delivery, the whole quantity waits for the receipt that covers it',
      SMALL,
      15,
      2,
      false,
      BUY,
      result([[6, 15]], 6, 'supply'),
    ],
    // r = max(D-10, today) = today; ATP(today) 6 >= 5; 10 - 4 = 6 >= 5 -> stock.
    [
      'a requested date in the past is promised from today',
      SMALL,
      5,
      -10,
      false,
      BUY,
      result([[0, 5]], 0, 'stock'),
    ],
    // r = today; ATP(today) 6 < 8 -> 6 today, 2 on D+6.
    [
      'a requested date in the past splits from today when partial',
      SMALL,
      8,
      -10,
      true,
      BUY,
      result(
        [
          [0, 6],
          [6, 2],
        ],
        6,
        'supply',
      ),
    ],
    // Max from supply = ATP(horizon) = 26 (on D+6); u = 40 - 26 = 14 bought, arriving today + 10.
    // Date = max(r D+2, share D+6, lead time D+10) = D+10.
    [
      'a buy request larger than all supply is dated by the lead time',
      SMALL,
      40,
      2,
      false,
      BUY,
      result([[10, 40]], 10, 'lead_time', 14),
    ],
    // Same with partial: ATP(D+2) = 6 on D+2, the other 34 on D+10.
    [
      'a buy request larger than all supply ships ATP(r) first when partial',
      SMALL,
      40,
      2,
      true,
      BUY,
      result(
        [
          [2, 6],
          [10, 34],
        ],
        10,
        'lead_time',
        14,
      ),
    ],
    // r = D+30 > today + 10: the lead time never moves the date before the requested one.
    // ATP(D+30) = 26 < 40 but the date is r itself, so there is nothing to split; 40 - 26 = 14 bought.
    [
      'a requested date later than the lead time is kept',
      SMALL,
      40,
      30,
      true,
      BUY,
      result([[30, 40]], 30, 'lead_time', 14),
    ],
    // Share 10 exists only from D+20; 5 more bought by D+5. Scheduled supply first: date D+20.
    [
      'scheduled supply is waited for even when the lead time alone would be earlier',
      picture(0, [[20, 10]], []),
      15,
      0,
      false,
      { ...BUY, leadTimeDays: 5 },
      result([[20, 15]], 20, 'lead_time', 5),
    ],
    // Today + 100 is after the horizon D+90: no date. Partial: ATP(D+2) = 6 still confirmed.
    [
      'a lead time past the horizon confirms nothing without partial',
      SMALL,
      40,
      2,
      false,
      { ...BUY, leadTimeDays: 100 },
      result([], null, 'none'),
    ],
    [
      'a lead time past the horizon still confirms ATP(r) with partial',
      SMALL,
      40,
      2,
      true,
      { ...BUY, leadTimeDays: 100 },
      result([[2, 6]], null, 'none'),
    ],
    // The only receipt (D+95) is after the horizon, so ATP(horizon) = 0: all 10 bought, D+5.
    [
      'supply after the horizon is ignored and the lead time dates the line',
      picture(0, [[95, 50]], []),
      10,
      1,
      false,
      { ...BUY, leadTimeDays: 5 },
      result([[5, 10]], 5, 'lead_time', 10),
    ],
    [
      'a requested date after the horizon is never promised',
      SMALL,
      1,
      91,
      true,
      BUY,
      result([], null, 'none'),
    ],
    // Share = ATP(horizon) = 20 (already today); u = 80 made from D+3: D+3 30 (50 left), D+4 none,
    // D+5 40 (10 left), D+6 10 -> last unit on D+6. Partial: 20 on D+2, 80 on D+6.
    [
      'a make request beyond supply is made on capacity over several days',
      SHELF,
      100,
      2,
      true,
      MAKE,
      result(
        [
          [2, 20],
          [6, 80],
        ],
        6,
        'capacity',
        80,
        [
          [3, 30],
          [5, 40],
          [6, 10],
        ],
      ),
    ],
    [
      'a make request on capacity without partial ships all on the last day made',
      SHELF,
      100,
      2,
      false,
      MAKE,
      result([[6, 100]], 6, 'capacity', 80, [
        [3, 30],
        [5, 40],
        [6, 10],
      ]),
    ],
    // Horizon D+5: capacity D+3 30 + D+5 40 = 70 < 80 -> none; partial keeps 20 on D+2, books no capacity.
    [
      'capacity that cannot make the rest by the horizon confirms nothing without partial',
      SHELF,
      100,
      2,
      false,
      { ...MAKE, horizon: d(5) },
      result([], null, 'none'),
    ],
    [
      'capacity that cannot make the rest by the horizon still confirms ATP(r) with partial',
      SHELF,
      100,
      2,
      true,
      { ...MAKE, horizon: d(5) },
      result([[2, 20]], null, 'none'),
    ],
    // No capacity published: share 20 today, 80 by today + 3 -> D+3.
    [
      'a make item without capacity data falls back to the lead time',
      SHELF,
      100,
      2,
      false,
      { makeOrBuy: 'make', leadTimeDays: 3, horizon: d(90) },
      result([[3, 100]], 3, 'lead_time', 80),
    ],
    // Share 10 from D+20; 20 made today (lead time 0, 50/day). Date = max(today, today, D+20) = D+20.
    [
      'capacity covers the rest but the scheduled share still sets the date',
      picture(0, [[20, 10]], []),
      30,
      0,
      false,
      {
        makeOrBuy: 'make',
        leadTimeDays: 0,
        horizon: d(90),
        capacity: at([
          [0, 50],
          [1, 50],
        ]),
      },
      result([[20, 30]], 20, 'capacity', 20, [[0, 20]]),
    ],
    // Over-promised picture (ATP -1 everywhere, the trap): nothing from supply, all 4 bought, D+10.
    [
      'an over-promised picture gives the line nothing from supply',
      picture(
        10,
        [[4, 3]],
        [
          [2, 8],
          [6, 6],
        ],
      ),
      4,
      0,
      true,
      BUY,
      result([[10, 4]], 10, 'lead_time', 4),
    ],
  ])('%s', (_name, p, qty, requestedDay, allowPartial, rep, expected) => {
    expect(promise(p, { qty, requestedDate: d(requestedDay), allowPartial }, rep)).toEqual(expected);
  });

  test.each([0, -3, 1.5, Number.NaN])('a quantity of %p is refused as a caller error', (qty) => {
    expect(() => promise(SMALL, { qty, requestedDate: TODAY, allowPartial: false }, BUY)).toThrow(RangeError);
  });

  test('the picture and the capacity are left untouched', () => {
    const p = structuredClone(SHELF);
    const rep = structuredClone(MAKE);
    promise(p, { qty: 100, requestedDate: d(2), allowPartial: true }, rep);
    expect(p).toEqual(SHELF);
    expect(rep).toEqual(MAKE);
  });
});

describe('promiseLines', () => {
  test('lines of one request consume supply in order, each seeing the ones before it', () => {
    const results = promiseLines(
      SMALL,
      [
        // ATP(D+2) 6 >= 5, 10 - 4 = 6 >= 5 -> stock. Booked: S-D today 10, D+1 6, D+2 1, D+6 21 -> ATP 1,1,1,21.
        { qty: 5, requestedDate: d(2), allowPartial: false },
        // ATP(D+3) 1 < 5, first ATP >= 5 is D+6. Booked: D+6 S-D 16 -> ATP 1,1,1,16.
        // Alone, this line would have been confirmed on D+3 (ATP 6).
        { qty: 5, requestedDate: d(3), allowPartial: false },
        // ATP(D+3) 1; supply never reaches 30; share = ATP(horizon) 16 on D+6; 14 bought by D+10.
        // Partial: 1 on D+3, 29 on D+10. Booked with the 14 bought: S-D D+3 0, D+6 15, D+10 0 -> ATP 0.
        { qty: 30, requestedDate: d(3), allowPartial: true },
        // ATP 0 everywhere: all 2 bought, today + 10.
        { qty: 2, requestedDate: d(0), allowPartial: false },
      ],
      BUY,
    );
    expect(results).toEqual([
      result([[2, 5]], 2, 'stock'),
      result([[6, 5]], 6, 'supply'),
      result(
        [
          [3, 1],
          [10, 29],
        ],
        10,
        'lead_time',
        14,
      ),
      result([[10, 2]], 10, 'lead_time', 2),
    ]);
  });

  test('lines of one request share the capacity, and the last finds it used up', () => {
    const rep: Replenishment = {
      makeOrBuy: 'make',
      leadTimeDays: 1,
      horizon: d(90),
      capacity: at([
        [1, 10],
        [2, 10],
        [3, 10],
      ]),
    };
    const results = promiseLines(
      picture(0, [], []),
      [
        // 15 made: D+1 10, D+2 5 -> D+2. Capacity left: D+1 0, D+2 5, D+3 10.
        { qty: 15, requestedDate: d(0), allowPartial: false },
        // 12 made: D+2 5, D+3 7 -> D+3. Capacity left: D+3 3.
        { qty: 12, requestedDate: d(0), allowPartial: false },
        // 5 > 3 left before the horizon -> none, nothing booked.
        { qty: 5, requestedDate: d(0), allowPartial: true },
        // 3 fit in what is left on D+3.
        { qty: 3, requestedDate: d(0), allowPartial: false },
      ],
      rep,
    );
    expect(results).toEqual([
      result([[2, 15]], 2, 'capacity', 15, [
        [1, 10],
        [2, 5],
      ]),
      result([[3, 12]], 3, 'capacity', 12, [
        [2, 5],
        [3, 7],
      ]),
      result([], null, 'none'),
      result([[3, 3]], 3, 'capacity', 3, [[3, 3]]),
    ]);
  });

  test('no lines, no results', () => {
    expect(promiseLines(SMALL, [], BUY)).toEqual([]);
  });
});
