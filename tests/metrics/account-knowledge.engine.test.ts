import {
  accountKnowledge,
  type KnowledgeInput,
  promiseMoves,
  usualInterval,
  windowOf,
} from '../../src/metrics/account-knowledge.engine';
import type { AccountClass, QuoteDecision } from '../../src/metrics';

/** Today is 2026-12-06: the last 12 months are 2025-12-07..2026-12-06, the year before 2024-12-07..2025-12-06. */
const TODAY = '2026-12-06';

const order = (orderDate: string, value: bigint, promisedDates: string[] = []) => ({
  orderId: `o-${orderDate}`,
  orderDate,
  value,
  promisedDates,
});
const decided = (decidedOn: string, decision: QuoteDecision) => ({ decidedOn, decision, netValue: 100n });
const decisions = (on: string, won: number, lost: number) => [
  ...Array.from({ length: won }, () => decided(on, 'accepted')),
  ...Array.from({ length: lost }, () => decided(on, 'rejected')),
];
const cases = (openedOn: string, type: string, n: number) =>
  Array.from({ length: n }, () => ({ openedOn, type }));

function know(over: Partial<KnowledgeInput>, previousClass: AccountClass = 'C') {
  const input = { accountId: 'a', erpCustomerId: 'C1', lines: [], decisions: [], cases: [], ...over };
  return accountKnowledge(input, previousClass, TODAY);
}
const rules = (k: ReturnType<typeof know>) => k.signals.map((s) => s.rule);

describe('the two 12-month windows', () => {
  test.each([
    ['2026-12-06', 'current'],
    ['2025-12-07', 'current'],
    ['2025-12-06', 'previous'],
    ['2024-12-07', 'previous'],
    ['2024-12-06', null],
    ['2026-12-07', null],
  ])('%s falls in %s', (date, expected) => expect(windowOf(date, TODAY)).toBe(expected));
});

describe('the usual order interval', () => {
  test('is the median gap between order days (10, 20, 10 days → 10)', () =>
    expect(usualInterval(['2026-01-01', '2026-01-11', '2026-01-31', '2026-02-10'])).toBe(10));
  test('is the lower middle of an even count of gaps (5 and 10 days → 5), a repeated day counting once', () =>
    expect(usualInterval(['2026-01-01', '2026-01-06', '2026-01-06', '2026-01-16'])).toBe(5));
  test('is unknown with fewer than three order days', () =>
    expect(usualInterval(['2026-01-01', '2026-02-01', '2026-02-01'])).toBeNull());
});

test('a date moved later is a re-promise and one pulled in an expedite (2 and 1 here)', () =>
  expect(promiseMoves(['2026-03-01', '2026-03-10', '2026-03-05', '2026-03-05', '2026-03-20'])).toEqual({
    rePromises: 2,
    expedites: 1,
  }));

describe('value and trend', () => {
  test('1000 the year before and 1250 in the last 12 months is +25.0 %, two orders counted', () => {
    const k = know({
      lines: [order('2025-06-01', 1000n), order('2026-02-01', 1000n), order('2026-12-06', 250n)],
    });
    expect([k.value12m, k.valuePrev12m, k.trendPct, k.ordersLast12m]).toEqual([1250n, 1000n, 25, 2]);
  });
  test('no previous year gives no trend', () =>
    expect(know({ lines: [order('2026-02-01', 10n)] }).trendPct).toBeNull());
  test('499 against 1000 is −50.1 %', () =>
    expect(know({ lines: [order('2025-06-01', 1000n), order('2026-02-01', 499n)] }).trendPct).toBe(-50.1));
});

describe('cases and cost to serve', () => {
  test('complaints and returns this year count from 1 January; returns to serve over the last 12 months', () => {
    const k = know({
      cases: [
        ...cases('2025-12-31', 'complaint', 1),
        ...cases('2026-01-01', 'complaint', 2),
        ...cases('2025-12-20', 'return', 1),
        ...cases('2026-05-01', 'return', 1),
        ...cases('2025-01-01', 'return', 4),
      ],
      lines: [
        order('2026-03-01', 1n, ['2026-04-01', '2026-04-15', '2026-04-10']),
        order('2025-03-01', 1n, ['2025-04-01', '2025-05-01']),
      ],
    });
    expect([k.complaintsThisYear, k.returnsThisYear]).toEqual([2, 1]);
    expect(k.costToServe).toEqual({ returns: 2, rePromises: 1, expedites: 1 });
  });
});

describe('churn signals', () => {
  const halved = (value: bigint) => [order('2025-03-01', 1000n), order('2026-03-01', value)];
  test.each<[string, AccountClass, bigint, boolean]>([
    ['last year A, now 499 of 1000: fires', 'A', 499n, true],
    ['last year B, now 499 of 1000: fires', 'B', 499n, true],
    ['last year A, now exactly half: does not fire', 'A', 500n, false],
    ['last year C, now 499 of 1000: does not fire', 'C', 499n, false],
  ])('value halved — %s', (_name, cls, value, fires) =>
    expect(rules(know({ lines: halved(value) }, cls)).includes('value_halved')).toBe(fires),
  );

  // Orders every 10 days: silent for 21 days is more than twice that, 20 days is not.
  test.each([
    ['2026-10-26', '2026-11-05', '2026-11-15', true],
    ['2026-10-27', '2026-11-06', '2026-11-16', false],
  ])('overdue — orders %s, %s, %s, today 2026-12-06: fires %s', (a, b, c, fires) =>
    expect(rules(know({ lines: [order(a, 1n), order(b, 1n), order(c, 1n)] })).includes('overdue')).toBe(
      fires,
    ),
  );
  test('overdue does not fire without a usual interval (two order days)', () =>
    expect(rules(know({ lines: [order('2025-01-01', 1n), order('2025-02-01', 1n)] }))).toEqual([]));

  test.each<[string, ReturnType<typeof decisions>, boolean]>([
    ['75 % → 50 %: fires', [...decisions('2025-06-01', 3, 1), ...decisions('2026-06-01', 2, 2)], true],
    [
      '50 % → 40 % (exactly 10 points): fires',
      [...decisions('2025-06-01', 5, 5), ...decisions('2026-06-01', 4, 6)],
      true,
    ],
    [
      '75 % → 75 %: does not fire',
      [...decisions('2025-06-01', 3, 1), ...decisions('2026-06-01', 3, 1)],
      false,
    ],
    [
      '75 % → 0 % on 2 lines (too few to judge): does not fire',
      [...decisions('2025-06-01', 3, 1), ...decisions('2026-06-01', 0, 2)],
      false,
    ],
  ])('hit rate falling — %s', (_name, ds, fires) =>
    expect(rules(know({ decisions: ds })).includes('hit_rate_falling')).toBe(fires),
  );

  test.each([
    [2, 1, true],
    [2, 2, false],
    [1, 0, false],
  ])('complaints rising — %i in the last 12 months against %i before: %s', (now, before, fires) =>
    expect(
      rules(
        know({
          cases: [...cases('2026-03-01', 'complaint', now), ...cases('2025-03-01', 'complaint', before)],
        }),
      ).includes('complaints_rising'),
    ).toBe(fires),
  );

  test('a signal says why', () => {
    const k = know({ lines: [order('2026-06-01', 1n), order('2026-06-11', 1n), order('2026-06-21', 1n)] });
    expect(k.signals).toEqual([
      { rule: 'overdue', reason: 'No order for 168 days; usually orders every 10 days' },
    ]);
  });
});
