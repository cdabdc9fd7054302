import {
  type Basis,
  classifyAccounts,
  DEFAULT_TERMS,
  evaluateLine,
  fulfillmentFigures,
  hitRate,
  type LineFacts,
  oneDecimal,
  type OtifTerms,
} from '../../src/metrics';

/** A 10-unit line requested for 2026-03-10, ordered 03-01, promised by ship date, one version. */
function line(over: Partial<LineFacts> = {}): LineFacts {
  return {
    quantityMilli: 10_000,
    requestedDate: '2026-03-10',
    promisedBy: 'ship',
    cancelled: false,
    versions: [{ at: '2026-03-01T09:00:00.000Z', confirmedDate: '2026-03-10' }],
    shipments: [],
    orderDate: '2026-03-01',
    ...over,
  };
}
const ship = (shipDate: string, qty: number, deliveredDate: string | null = null) => ({
  shipDate,
  deliveredDate,
  quantityMilli: qty * 1000,
});

// Every expected figure below is worked out by hand from the contract's definitions.
describe('evaluateLine (contract: Fulfillment metrics)', () => {
  test.each<[string, LineFacts, Basis, OtifTerms, string, Record<string, unknown>]>([
    [
      'shipped in full on the requested day: on time, in full, OTIF, due in its month',
      line({ shipments: [ship('2026-03-10', 10)] }),
      'requested',
      DEFAULT_TERMS,
      '2026-03-20',
      {
        dueMonth: '2026-03',
        completionDate: '2026-03-10',
        onTime: true,
        inFull: true,
        otif: true,
        daysLate: 0,
        actualLeadDays: 9,
      },
    ],
    [
      'split over two shipments completing late: in full, not on time, not OTIF (6 in the window), 4 days late',
      line({ shipments: [ship('2026-03-09', 6), ship('2026-03-14', 4)] }),
      'requested',
      DEFAULT_TERMS,
      '2026-03-20',
      {
        dueMonth: '2026-03',
        completionDate: '2026-03-14',
        onTime: false,
        inFull: true,
        otif: false,
        daysLate: 4,
        actualLeadDays: 13,
      },
    ],
    [
      'partial delivery within a 5 % tolerance: 96 of 100 is in full and complete on its day',
      line({ quantityMilli: 100_000, shipments: [ship('2026-03-10', 96)] }),
      'requested',
      { ...DEFAULT_TERMS, inFullTolerancePct: 5 },
      '2026-03-20',
      {
        dueMonth: '2026-03',
        completionDate: '2026-03-10',
        onTime: true,
        inFull: true,
        otif: true,
        daysLate: 0,
      },
    ],
    [
      'partial delivery beyond the tolerance: 94 of 100 never completes; on time but not in full, late until today',
      line({ quantityMilli: 100_000, shipments: [ship('2026-03-10', 94)] }),
      'requested',
      { ...DEFAULT_TERMS, inFullTolerancePct: 5 },
      '2026-03-20',
      {
        dueMonth: '2026-03',
        completionDate: null,
        onTime: true,
        inFull: false,
        otif: false,
        daysLate: 10,
        actualLeadDays: null,
      },
    ],
    [
      'a D-term line shipped on time but delivered two days late is late (its events are delivered dates)',
      line({ promisedBy: 'arrival', shipments: [ship('2026-03-06', 10, '2026-03-12')] }),
      'requested',
      DEFAULT_TERMS,
      '2026-03-20',
      {
        dueMonth: '2026-03',
        completionDate: '2026-03-12',
        onTime: false,
        inFull: true,
        otif: false,
        daysLate: 2,
      },
    ],
    [
      'the same shipment on an ex-works line is on time (its event is the ship date)',
      line({ shipments: [ship('2026-03-06', 10, '2026-03-12')] }),
      'requested',
      DEFAULT_TERMS,
      '2026-03-20',
      { completionDate: '2026-03-06', onTime: true, otif: true, daysLate: 0 },
    ],
    [
      'a D-term shipment not yet delivered is no delivery event: not complete, late until today',
      line({ promisedBy: 'arrival', shipments: [ship('2026-03-08', 10)] }),
      'requested',
      DEFAULT_TERMS,
      '2026-03-13',
      { dueMonth: '2026-03', completionDate: null, onTime: false, inFull: false, daysLate: 3 },
    ],
    [
      'a cancelled line is never due',
      line({ cancelled: true, shipments: [ship('2026-03-10', 4)] }),
      'requested',
      DEFAULT_TERMS,
      '2026-04-30',
      { dueMonth: null },
    ],
    [
      'not yet complete past its deadline (basis + 2 late days passed): due, 3 days late',
      line(),
      'requested',
      { ...DEFAULT_TERMS, lateDays: 2 },
      '2026-03-13',
      { dueMonth: '2026-03', completionDate: null, onTime: false, inFull: false, otif: false, daysLate: 3 },
    ],
    [
      'not yet complete on the last day of its window: not due yet',
      line(),
      'requested',
      { ...DEFAULT_TERMS, lateDays: 2 },
      '2026-03-12',
      { dueMonth: null, daysLate: 2 },
    ],
    [
      'early delivery outside a 3-day early window: in full, not on time, not OTIF, 0 days late',
      line({ shipments: [ship('2026-03-05', 10)] }),
      'requested',
      { ...DEFAULT_TERMS, earlyDays: 3 },
      '2026-03-20',
      {
        dueMonth: '2026-03',
        completionDate: '2026-03-05',
        onTime: false,
        inFull: true,
        otif: false,
        daysLate: 0,
      },
    ],
    [
      'early delivery with no early limit (earlyDays null) is on time',
      line({ shipments: [ship('2026-02-20', 10)] }),
      'requested',
      DEFAULT_TERMS,
      '2026-03-20',
      { onTime: true, otif: true, daysLate: 0 },
    ],
  ])('%s', (_name, facts, basis, terms, today, expected) => {
    expect(evaluateLine(facts, basis, terms, today)).toMatchObject(expected);
  });

  describe('bases from the promise ledger', () => {
    // Promised 03-08 first, moved to 03-12 on 03-05, shipped 03-12, then a version after shipping (03-20).
    const moved = line({
      versions: [
        { at: '2026-03-01T10:00:00.000Z', confirmedDate: '2026-03-08' },
        { at: '2026-03-05T02:10:00.000Z', confirmedDate: '2026-03-12' },
        { at: '2026-03-13T02:10:00.000Z', confirmedDate: '2026-03-20' },
      ],
      shipments: [ship('2026-03-12', 10)],
    });
    test.each<[Basis, string, boolean, number]>([
      ['requested', '2026-03-10', false, 2],
      ['first_confirmed', '2026-03-08', false, 4],
      ['last_confirmed', '2026-03-12', true, 0],
    ])('basis %s is %s: on time %s, %i days late', (basis, date, onTime, daysLate) => {
      expect(evaluateLine(moved, basis, DEFAULT_TERMS, '2026-03-31')).toMatchObject({
        basisDate: date,
        onTime,
        daysLate,
      });
    });

    test('a version recorded on the day of the first delivery event still counts as before it', () => {
      const sameDay = line({
        versions: [
          { at: '2026-03-01T10:00:00.000Z', confirmedDate: '2026-03-08' },
          { at: '2026-03-12T06:00:00.000Z', confirmedDate: '2026-03-12' },
        ],
        shipments: [ship('2026-03-12', 10)],
      });
      expect(evaluateLine(sameDay, 'last_confirmed', DEFAULT_TERMS, '2026-03-31').basisDate).toBe(
        '2026-03-12',
      );
    });

    test('with no delivery event yet, last_confirmed is the current promise', () => {
      expect(
        evaluateLine({ ...moved, shipments: [] }, 'last_confirmed', DEFAULT_TERMS, '2026-03-31').basisDate,
      ).toBe('2026-03-20');
    });

    test('a line never confirmed has no confirmed basis and is not due on it', () => {
      const unconfirmed = line({ versions: [{ at: '2026-03-01T10:00:00.000Z', confirmedDate: null }] });
      expect(evaluateLine(unconfirmed, 'first_confirmed', DEFAULT_TERMS, '2026-04-30')).toMatchObject({
        basisDate: null,
        dueMonth: null,
      });
    });
  });

  test('quoted lead time is the quoted date less the day the quote was sent; actual is completion less order date', () => {
    const quoted = line({
      quotedDate: '2026-03-10',
      quoteSentDate: '2026-02-24',
      shipments: [ship('2026-03-11', 10)],
    });
    expect(evaluateLine(quoted, 'requested', DEFAULT_TERMS, '2026-03-31')).toMatchObject({
      quotedLeadDays: 14,
      actualLeadDays: 10,
    });
  });
});

describe('fulfillmentFigures', () => {
  test('counts due lines only, OTIF % and average days late (of late lines) to one decimal', () => {
    const today = '2026-03-31';
    const evaluations = [
      evaluateLine(line({ shipments: [ship('2026-03-10', 10)] }), 'requested', DEFAULT_TERMS, today), // OTIF
      evaluateLine(line({ shipments: [ship('2026-03-14', 10)] }), 'requested', DEFAULT_TERMS, today), // 4 late
      evaluateLine(line({ shipments: [ship('2026-03-13', 10)] }), 'requested', DEFAULT_TERMS, today), // 3 late
      evaluateLine(line({ cancelled: true }), 'requested', DEFAULT_TERMS, today), // not counted
    ];
    expect(fulfillmentFigures(evaluations)).toEqual({
      linesDue: 3,
      linesOnTime: 1,
      linesInFull: 3,
      linesOtif: 1,
      otifPct: 33.3,
      avgDaysLate: 3.5,
      quotedLeadDaysAvg: null,
      actualLeadDaysAvg: 11.3, // (9 + 13 + 12) / 3 = 11.33…
    });
  });

  test('no due line: counts are zero and the percentages null', () => {
    expect(fulfillmentFigures([])).toMatchObject({ linesDue: 0, otifPct: null, avgDaysLate: null });
  });
});

describe('oneDecimal rounds half away from zero, exactly', () => {
  test.each<[number | bigint, number | bigint, number]>([
    [1, 3, 0.3],
    [2, 3, 0.7],
    [100, 16, 6.3], // 6.25
    [100, 8, 12.5],
    [-1, 16, -0.1], // -0.0625
    [1n, 20n, 0.1], // 0.05
    [0, 7, 0],
  ])('%p / %p = %p', (n, d, expected) => {
    expect(oneDecimal(n, d)).toBe(expected);
  });
});

describe('hitRate', () => {
  const EUR = (amount: number) => BigInt(amount) * 10_000n;
  test('expired and rejected quote lines are both decided and lost; by count and by value', () => {
    expect(
      hitRate([
        { decision: 'accepted', netValue: EUR(100) },
        { decision: 'accepted', netValue: EUR(300) },
        { decision: 'rejected', netValue: EUR(500) },
        { decision: 'expired', netValue: EUR(100) },
      ]),
    ).toEqual({ quotesDecided: 4, quotesWon: 2, hitRateCountPct: 50, hitRateValuePct: 40 });
  });
  test('one won of three: 33.3 % by count; nothing decided: null', () => {
    expect(
      hitRate([
        { decision: 'accepted', netValue: EUR(1) },
        { decision: 'expired', netValue: EUR(1) },
        { decision: 'rejected', netValue: EUR(1) },
      ]),
    ).toMatchObject({ hitRateCountPct: 33.3, hitRateValuePct: 33.3 });
    expect(hitRate([])).toEqual({
      quotesDecided: 0,
      quotesWon: 0,
      hitRateCountPct: null,
      hitRateValuePct: null,
    });
  });
});

describe('classifyAccounts (ABC)', () => {
  const acc = (id: string, value: number) => ({ accountId: id, erpCustomerId: id, value: BigInt(value) });
  test('at the 80 % boundary: the account after exactly 80 % is B; after exactly 95 % is C; no orders is C', () => {
    const classes = classifyAccounts([
      acc('C4', 5),
      acc('C2', 30),
      acc('C1', 50),
      acc('C5', 0),
      acc('C3', 15),
    ]);
    expect(Object.fromEntries(classes)).toEqual({ C1: 'A', C2: 'A', C3: 'B', C4: 'C', C5: 'C' });
  });
  test('ties rank by ERP id ascending', () => {
    // 40 / 40 / 20: the first 40 is A (0 before), the second A (40 % before), the 20 has 80 % before: B.
    const classes = classifyAccounts([acc('K2', 40), acc('K1', 40), acc('K3', 20)]);
    expect(Object.fromEntries(classes)).toEqual({ K1: 'A', K2: 'A', K3: 'B' });
  });
  test('just under 80 % before is still A', () => {
    const classes = classifyAccounts([acc('X1', 799), acc('X2', 201)]);
    expect(Object.fromEntries(classes)).toEqual({ X1: 'A', X2: 'A' });
  });
});
