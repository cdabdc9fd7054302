import { DEFAULT_TERMS, type LineFacts } from '../../src/metrics';
import {
  keptDate,
  type OutcomeLine,
  percentile,
  promiseOutcomes,
} from '../../src/metrics/promise-outcomes.engine';
import { addDays } from '../../src/shared/time';

const TODAY = '2026-04-01';
const FIRST = '2026-03-10';

/** A 10-unit line first promised for 03-10, shipped in full `slip` days from it (null: not shipped). */
function line(family: string, slip: number | null, over: Partial<LineFacts> = {}): OutcomeLine {
  return {
    family,
    site: 'S1',
    terms: DEFAULT_TERMS,
    facts: {
      quantityMilli: 10_000,
      requestedDate: '2026-03-05',
      promisedBy: 'ship',
      cancelled: false,
      versions: [
        { at: '2026-03-01T08:00:00.000Z', confirmedDate: FIRST },
        { at: '2026-03-08T08:00:00.000Z', confirmedDate: '2026-03-30' },
      ],
      shipments:
        slip === null ? [] : [{ shipDate: addDays(FIRST, slip), deliveredDate: null, quantityMilli: 10_000 }],
      orderDate: '2026-03-01',
      ...over,
    },
  };
}
const times = (n: number, make: () => OutcomeLine) => Array.from({ length: n }, make);

describe('nearest-rank percentile', () => {
  test.each([
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 95, 4],
    [[7], 95, 7],
  ])('of %j at %i %% is %i', (values, p, expected) => expect(percentile(values, p)).toBe(expected));
});

describe('how first promises ended, per family and site', () => {
  /*
   * F1: 20 due lines: 1 three days early, 14 on the day, 3 two days late, 1 five, 1 nine (a re-promise
   * to 03-30 does not matter: the basis is the first promise). Sorted slips: −3, 0 ×14, 2 ×3, 5, 9.
   * p50 = the 10th = 0; p95 = the 19th = 5; first-promise OTIF = 15 / 20 = 75.0 % (early counts: any
   * time early is allowed by default).
   * F2: one line not shipped, past its deadline: slip = 04-01 − 03-10 = 22; OTIF 0.0 %.
   * F3: one line shipped 2 days early: p95 of −2 is held at 0.
   * Left out: a cancelled F1 line, and a line first promised after today (not due).
   */
  const rows = promiseOutcomes(
    [
      line('F1', -3),
      ...times(14, () => line('F1', 0)),
      ...times(3, () => line('F1', 2)),
      line('F1', 5),
      line('F1', 9),
      line('F1', 30, { cancelled: true }),
      line('F1', null, { versions: [{ at: '2026-03-01T08:00:00.000Z', confirmedDate: '2026-04-10' }] }),
      line('F2', null),
      line('F3', -2),
    ],
    TODAY,
  );

  test('F1: 20 lines, 75.0 % kept, half on the day or earlier, 95 % within 5 days', () =>
    expect(rows[0]).toEqual({
      family: 'F1',
      site: 'S1',
      linesDue: 20,
      firstPromiseOtifPct: 75,
      distribution: [
        { days: -3, lines: 1 },
        { days: 0, lines: 14 },
        { days: 2, lines: 3 },
        { days: 5, lines: 1 },
        { days: 9, lines: 1 },
      ],
      slipP50Days: 0,
      slipP95Days: 5,
    }));

  test('F2: a line still open past its first promise counts as late by today', () =>
    expect(rows[1]).toMatchObject({ family: 'F2', linesDue: 1, firstPromiseOtifPct: 0, slipP95Days: 22 }));

  test('F3: always early needs no margin', () =>
    expect(rows[2]).toMatchObject({ family: 'F3', slipP50Days: -2, slipP95Days: 0 }));

  test('the date kept 95 % of the time for a line offered 2026-05-04 in F1 is 5 days later', () =>
    expect(keptDate('2026-05-04', rows[0]!)).toBe('2026-05-09'));
});
