import {
  churnFigures,
  classifyLoss,
  classifyMove,
  type LedgerEntry,
  lossFigures,
  promiseMoves,
} from '../../src/metrics';

/*
 * Promise churn and quote losses (README, "Promise churn and lost quotes"), worked out by hand.
 * The reason texts are the ones orders/slip-reasons.ts and the reject endpoint write.
 */

describe('classifyMove: why a promise moved, from the ledger', () => {
  test.each([
    [
      'reconfirmation',
      'purchase order PO-7 moved from 2026-09-01 to 2026-09-08: now confirmed for 2026-09-10 (was 2026-09-03)',
      'supplier',
    ],
    [
      'reconfirmation',
      'transfer TR-2 reduced from 10 to 4: now confirmed for 2026-09-10 (was 2026-09-03)',
      'supplier',
    ],
    [
      'reconfirmation',
      'production order MO-3 moved from 2026-09-01 to 2026-09-05: now confirmed for 2026-09-09 (was 2026-09-04)',
      'capacity',
    ],
    [
      'reconfirmation',
      'stock at P1 reduced from 10 to 2: now confirmed for 2026-09-20 (was 2026-09-04)',
      'stock',
    ],
    [
      'reconfirmation',
      'supply or demand changed in the ERP, or orders served first took the available quantity: now confirmed for 2026-09-20 (was 2026-09-04)',
      'erp_demand',
    ],
    [
      'reconfirmation',
      'supply no longer covers the line within the horizon: no date can be confirmed now',
      'erp_demand',
    ],
    [
      'reconfirmation',
      'the promised date 2026-09-04 passed without shipment: now confirmed for 2026-09-08 (was 2026-09-04)',
      'capacity',
    ],
    // The late purchase order is the cause; the date passing is its consequence.
    [
      'reconfirmation',
      'the promised date 2026-09-04 passed without shipment; purchase order PO-1 moved from 2026-09-01 to 2026-09-06: now confirmed for 2026-09-08 (was 2026-09-04)',
      'supplier',
    ],
    ['customer', 'Take the later date for the whole quantity', 'customer'],
    ['account_manager', 'customer asked for a later date', 'customer'],
    ['planner', 'quantity 10 → 12', 'customer'],
    [
      'reconfirmation',
      'the order ships complete and its line 2 is now confirmed for 2026-09-12: this line ships with it (was 2026-09-05)',
      'other',
    ],
    ['reconfirmation', null, 'other'],
  ])('%s: %s → %s', (by, reason, expected) => {
    expect(classifyMove(by, reason)).toBe(expected);
  });
});

const v = (
  at: string,
  confirmedDate: string | null,
  changedBy = 'reconfirmation',
  reason: string | null = null,
): LedgerEntry => ({
  at: `${at}T02:30:00.000Z`,
  confirmedDate,
  changedBy,
  reason,
});

describe('promiseMoves', () => {
  test('each dated version with another date than the dated one before it is a move; undated versions are skipped', () => {
    const moves = promiseMoves([
      v('2026-09-01', '2026-09-10', 'intake'),
      // Same date again (a partial shipment's new version): no move.
      v('2026-09-02', '2026-09-10'),
      v(
        '2026-09-03',
        '2026-09-17',
        'reconfirmation',
        'stock at P1 reduced from 5 to 0: now confirmed for 2026-09-17',
      ),
      // Not datable for a night: no promise, not a move.
      v('2026-09-04', null),
      // From 09-17 (the last dated) to 09-15: 2 days earlier.
      v('2026-09-06', '2026-09-15', 'customer', 'earlier, please'),
      // Closed when shipped: no promise.
      v('2026-09-15', null),
    ]);
    expect(moves).toEqual([
      { on: '2026-09-03', from: '2026-09-10', to: '2026-09-17', days: 7, reason: 'stock' },
      { on: '2026-09-06', from: '2026-09-17', to: '2026-09-15', days: -2, reason: 'customer' },
    ]);
  });

  test('a line promised once and never moved has no move', () => {
    expect(promiseMoves([v('2026-09-01', '2026-09-10', 'intake'), v('2026-09-10', null)])).toEqual([]);
  });
});

describe('churnFigures', () => {
  test('counts moves and lines moved, the mean days later and the mean distance, by reason', () => {
    const move = (days: number, reason: 'supplier' | 'stock' | 'customer') => ({
      on: '2026-09-05',
      from: '2026-09-10',
      to: '2026-09-10',
      days,
      reason,
    });
    // Line 1: supplier +3, supplier +4; line 2: stock +2, customer −5; line 3: none.
    const f = churnFigures([
      [move(3, 'supplier'), move(4, 'supplier')],
      [move(2, 'stock'), move(-5, 'customer')],
      [],
    ]);
    expect(f).toEqual({
      linesMoved: 2,
      moves: 4,
      movesLater: 3,
      movesEarlier: 1,
      // (3 + 4 + 2) / 3 = 3.0
      avgDaysLater: 3,
      // (3 + 4 + 2 + 5) / 4 = 3.5
      avgDaysMoved: 3.5,
      byReason: [
        // (3 + 4) / 2 = 3.5
        { reason: 'supplier', moves: 2, movesLater: 2, avgDaysLater: 3.5 },
        { reason: 'stock', moves: 1, movesLater: 1, avgDaysLater: 2 },
        { reason: 'customer', moves: 1, movesLater: 0, avgDaysLater: null },
      ],
    });
  });

  test('no move: zero counts and null means', () => {
    expect(churnFigures([[]])).toEqual({
      linesMoved: 0,
      moves: 0,
      movesLater: 0,
      movesEarlier: 0,
      avgDaysLater: null,
      avgDaysMoved: null,
      byReason: [],
    });
  });
});

describe('quote losses', () => {
  test.each([
    ['rejected', 'Lead time too long for our schedule', 'lead_time'],
    ['rejected', 'Ordered from another supplier', 'competitor'],
    ['rejected', 'Cheaper from another supplier', 'price'],
    ['rejected', 'Price too high', 'price'],
    ['rejected', 'Project postponed', 'other'],
    // An expiry has no reason: the customer never answered.
    ['expired', null, 'expired'],
  ] as const)('%s "%s" is lost to %s', (decision, reason, expected) => {
    expect(classifyLoss(decision, reason)).toBe(expected);
  });

  test('an expired and a rejected quote are both lost, each under its own reason, by count and by value', () => {
    // Values in ten-thousandths: 100.00, 200.00, 300.00, 400.00 (money.ts).
    const f = lossFigures([
      { decision: 'accepted', reason: null, netValue: 1_000_000n },
      { decision: 'rejected', reason: 'Price too high', netValue: 2_000_000n },
      { decision: 'expired', reason: null, netValue: 3_000_000n },
      { decision: 'rejected', reason: 'Lead time too long', netValue: 4_000_000n },
    ]);
    expect(f.quotesDecided).toBe(4);
    expect(f.quotesLost).toBe(3);
    // 200 + 300 + 400 = 900.00
    expect(f.valueLost).toBe(9_000_000n);
    expect(f.byReason).toEqual([
      // 1 of 3 lines = 33.3 %; 200 of 900 = 22.2 %
      { reason: 'price', lines: 1, value: 2_000_000n, countPct: 33.3, valuePct: 22.2 },
      // 400 of 900 = 44.4 %
      { reason: 'lead_time', lines: 1, value: 4_000_000n, countPct: 33.3, valuePct: 44.4 },
      // 300 of 900 = 33.3 %
      { reason: 'expired', lines: 1, value: 3_000_000n, countPct: 33.3, valuePct: 33.3 },
    ]);
  });

  test('nothing lost: no reasons; lost lines of no value have no value share', () => {
    expect(lossFigures([{ decision: 'accepted', reason: null, netValue: 5n }]).byReason).toEqual([]);
    expect(lossFigures([{ decision: 'expired', reason: null, netValue: 0n }]).byReason).toEqual([
      { reason: 'expired', lines: 1, value: 0n, countPct: 100, valuePct: null },
    ]);
  });
});
