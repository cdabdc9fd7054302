import { alertsDue, daysBetween } from '../../src/alerts/alerts.engine';

const TODAY = '2026-12-10';
const line = (promisedDate: string | null, slip: string | null = null, kept = false) => ({
  lineId: 'L1',
  promisedDate,
  kept,
  slipAwaitingChoice: slip,
});

describe('alertsDue', () => {
  // [promised date, lead days N, expected [kind, days] pairs] — worked out by hand from 2026-12-10.
  test.each([
    ['2026-12-14', 3, []], // 4 days out: not yet
    ['2026-12-13', 3, [['due_soon', 3]]], // exactly N days
    ['2026-12-11', 3, [['due_soon', 1]]], // inside the window (a line taken late still hears)
    ['2026-12-10', 3, [['due_today', 0]]],
    ['2026-12-09', 3, []], // 1 day late: overdue only from N days
    ['2026-12-08', 3, []],
    ['2026-12-07', 3, [['overdue', 3]]],
    ['2026-11-30', 3, [['overdue', 10]]], // found late: one overdue, with its real lateness
    ['2026-12-11', 0, []], // no lead days: no due_soon
    ['2026-12-09', 0, [['overdue', 1]]], // ... and overdue from the day after
    ['2026-12-31', 21, [['due_soon', 21]]], // across the month's end
  ] as const)('promised %s with N = %i: %j', (date, n, expected) => {
    expect(alertsDue(line(date), TODAY, n).map((a) => [a.kind, a.days])).toEqual(expected);
  });

  test('each alert is keyed by line, kind and date, so a moved date is a new alert and the same date the same one', () => {
    const before = alertsDue(line('2026-12-12'), TODAY, 3)[0]!;
    const again = alertsDue(line('2026-12-12'), '2026-12-11', 3)[0]!;
    const moved = alertsDue(line('2026-12-13'), TODAY, 3)[0]!;
    expect(before.key).toBe('L1:due_soon:2026-12-12');
    expect(again.key).toBe(before.key);
    expect(moved.key).toBe('L1:due_soon:2026-12-13');
  });

  test('a slip awaiting the customer is alerted once per slip, keyed by when it slipped, also without a date', () => {
    expect(alertsDue(line('2026-12-30', '2026-12-09T02:00:00.000Z'), TODAY, 3)).toEqual([
      { key: 'L1:slipped:2026-12-09T02:00:00.000Z', kind: 'slipped', promisedDate: '2026-12-30', days: 0 },
    ]);
    expect(alertsDue(line(null, '2026-12-09T02:00:00.000Z'), TODAY, 3).map((a) => a.kind)).toEqual([
      'slipped',
    ]);
    expect(alertsDue(line(null), TODAY, 3)).toEqual([]);
  });

  test('a kept promise (shipped, or under a D term delivered, in full) is due nothing, however late its date', () => {
    expect(alertsDue(line('2026-12-10', null, true), TODAY, 3)).toEqual([]);
    expect(alertsDue(line('2026-11-30', null, true), TODAY, 3)).toEqual([]);
    expect(alertsDue(line('2026-11-30', null, false), TODAY, 3).map((a) => a.kind)).toEqual(['overdue']);
  });

  test.each([
    ['2026-12-10', '2026-12-10', 0],
    ['2026-12-10', '2027-01-09', 30],
    ['2027-03-01', '2027-02-28', -1],
    ['2026-03-28', '2026-03-30', 2], // across a daylight-saving change: calendar days
  ])('daysBetween(%s, %s) = %i', (a, b, n) => {
    expect(daysBetween(a, b)).toBe(n);
  });
});
