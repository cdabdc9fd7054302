import {
  type DecidedLine,
  discountBand,
  leadBand,
  type OpenLine,
  pipelineForecast,
} from '../../src/metrics/pipeline-forecast.engine';

const decided = (n: number, won: number, traits: Omit<DecidedLine, 'won'>): DecidedLine[] =>
  Array.from({ length: n }, (_, i) => ({ ...traits, won: i < won }));
const open = (over: Partial<OpenLine>): OpenLine => ({
  accountClass: 'A',
  family: 'F',
  leadDays: 10,
  discountPct: 0,
  month: '2027-01',
  value: 0n,
  ...over,
});

test.each([
  [14, 'short'],
  [15, 'medium'],
  [42, 'medium'],
  [43, 'long'],
])('a lead time of %i days is %s', (days, band) => expect(leadBand(days)).toBe(band));
test.each([
  [0, 'none'],
  [10, 'up_to_10'],
  [10.5, 'over_10'],
])('a discount of %d %% is %s', (pct, band) => expect(discountBand(pct)).toBe(band));

/*
 * History (9 decided lines, 4 won):
 *   A/F, short lead, no discount: 6 decided, 3 won → 3/6 for lines like them.
 *   B/F, long lead, 15 %: 2 decided, 0 won → too few (< 5), and B/F too; family F: 8 decided, 3 won → 3/8.
 *   C/G: 1 decided, won → too few, G too → all history 4/9.
 * Open:
 *   A/F short 0 %, 1000.0000 in 2027-01 → × 3/6 = 500.0000
 *   B/F long 15 %, 800.0000 in 2027-01 → × 3/8 = 300.0000          F 2027-01: 2 lines, 1800 → 800
 *   A/F short 0 %, 0.0001 in 2027-02 → × 1/2 = 0.00005, half up → 0.0001   F 2027-02: 0.0001 → 0.0001
 *   C/G medium 5 %, 90.0000 in 2027-02 → × 4/9 = 40.0000                    G 2027-02: 90 → 40
 */
const history = [
  ...decided(6, 3, { accountClass: 'A', family: 'F', leadDays: 7, discountPct: 0 }),
  ...decided(2, 0, { accountClass: 'B', family: 'F', leadDays: 60, discountPct: 15 }),
  ...decided(1, 1, { accountClass: 'C', family: 'G', leadDays: 20, discountPct: 5 }),
];

test('open quote lines weighted by the hit rate of the most specific cell with enough history, per family and month', () =>
  expect(
    pipelineForecast(
      [
        open({ value: 10_000_000n }),
        open({ accountClass: 'B', leadDays: 60, discountPct: 15, value: 8_000_000n }),
        open({ month: '2027-02', value: 1n }),
        open({
          accountClass: 'C',
          family: 'G',
          leadDays: 20,
          discountPct: 5,
          month: '2027-02',
          value: 900_000n,
        }),
      ],
      history,
    ),
  ).toEqual([
    { family: 'F', month: '2027-01', openLines: 2, openValue: 18_000_000n, weightedValue: 8_000_000n },
    { family: 'F', month: '2027-02', openLines: 1, openValue: 1n, weightedValue: 1n },
    { family: 'G', month: '2027-02', openLines: 1, openValue: 900_000n, weightedValue: 400_000n },
  ]));

test('without any history an open line weighs nothing', () =>
  expect(pipelineForecast([open({ value: 5n })], [])[0]!.weightedValue).toBe(0n));
