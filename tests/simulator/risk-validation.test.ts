import { endedLate, lateRateByBand, rocAuc, withinHorizon } from '../../fixtures/simulator/risk-validation';

describe('risk validation arithmetic', () => {
  test.each([
    [
      'shipped whole on the promised date',
      { quantity: 10, shipments: [{ shipDate: '2026-05-10', quantity: 10 }] },
      false,
    ],
    [
      'completed by a second shipment a day late',
      {
        quantity: 10,
        shipments: [
          { shipDate: '2026-05-08', quantity: 4 },
          { shipDate: '2026-05-11', quantity: 6 },
        ],
      },
      true,
    ],
    [
      'a partial shipment on time, the rest never, judged after the date',
      { quantity: 10, shipments: [{ shipDate: '2026-05-09', quantity: 4 }] },
      true,
    ],
    ['nothing shipped, not yet due', { quantity: 10, shipments: [] }, null],
  ])('%s', (_name, facts, expected) => {
    const today = expected === null ? '2026-05-10' : '2026-05-20';
    expect(endedLate({ cancelled: false, ...facts }, '2026-05-10', today)).toBe(expected);
  });

  test('a cancelled line is not judged', () => {
    expect(endedLate({ quantity: 1, cancelled: true, shipments: [] }, '2026-05-10', '2026-06-01')).toBeNull();
  });

  test('the horizon is 7 to 14 days before the promise, both ends included (6 and 15 are out)', () => {
    expect(
      ['2026-05-03', '2026-05-04', '2026-05-11', '2026-05-12'].map((p) => withinHorizon('2026-04-27', p)),
    ).toEqual([false, true, true, false]);
    expect(withinHorizon('2026-04-27', null)).toBe(false);
  });

  test('AUC: 1 when every late line outscores every on-time one, ties count half, null with one class', () => {
    expect(
      rocAuc([
        { score: 60, late: true },
        { score: 10, late: false },
      ]),
    ).toBe(1);
    // Late 50 vs on-time 50 (tie, 0.5) and 10 (win, 1): (0.5 + 1) / 2.
    expect(
      rocAuc([
        { score: 50, late: true },
        { score: 50, late: false },
        { score: 10, late: false },
      ]),
    ).toBe(0.75);
    expect(rocAuc([{ score: 50, late: true }])).toBeNull();
  });

  test('late rate per band, a band without lines has none', () => {
    expect(
      lateRateByBand(
        [
          { band: 'high', late: true },
          { band: 'high', late: false },
          { band: 'low', late: false },
        ],
        ['high', 'medium', 'low'],
      ),
    ).toEqual([
      { band: 'high', lines: 2, late: 1, lateRate: 0.5 },
      { band: 'medium', lines: 0, late: 0, lateRate: null },
      { band: 'low', lines: 1, late: 0, lateRate: 0 },
    ]);
  });
});
