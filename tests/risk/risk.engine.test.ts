import { allocateCover } from '../../src/risk/cover.engine';
import { bandOf, type Cover, countSlips, type RiskFacts, scoreLine } from '../../src/risk/risk.engine';

const STOCK: Cover = { kind: 'stock', ref: null, dueDate: null, status: null, prevDueDate: null };
const receipt = (over: Partial<Cover> = {}): Cover => ({
  kind: 'purchase',
  ref: 'PO-4711',
  dueDate: '2026-12-18',
  status: 'firm',
  prevDueDate: null,
  ...over,
});
const mo = (over: Partial<Cover> = {}): Cover =>
  receipt({ kind: 'production', ref: 'MO-100124', status: 'firm', ...over });

/** Today 2026-12-10; 10 units promised for 2026-12-20 from stock, plenty left, lead time 14 days, nothing amiss. */
function facts(over: Partial<RiskFacts> = {}): RiskFacts {
  return {
    today: '2026-12-10',
    promisedDate: '2026-12-20',
    qty: 10_000,
    leadTimeDays: 14,
    cover: STOCK,
    slips: { count: 0, lastFrom: null, lastTo: null },
    capacity: null,
    atpLeft: 50_000,
    plantHistory: null,
    ...over,
  };
}

// Points: unconfirmed 60, moved before 30, unfirm 10, not released 10, plant history 10,
// 35 per slip up to 60, capacity 15, over-promised 35, thin 15; capped at 95 unless late (100).
describe('scoreLine: each signal with its points and its words', () => {
  test.each<[string, Partial<RiskFacts>, number, string, Array<[string, string]>]>([
    ['a line on stock with plenty left is low and says nothing', {}, 0, 'low', []],
    [
      'a past-due line is late with 100 whatever else holds',
      { promisedDate: '2026-12-08', cover: receipt({ status: 'planned' }) },
      100,
      'late',
      [
        ['past_due', 'promised for 2026-12-08, 2 days ago, and not yet shipped'],
        ['supply_unfirm', 'covered by PO-4711, a planned purchase order not yet firm'],
      ],
    ],
    [
      'a past-due line gets no capacity or cover signal: its date is gone',
      {
        promisedDate: '2026-12-08',
        atpLeft: 0,
        capacity: { family: 'PUMPS', site: 'P1', units: 10_000, booked: 10_000 },
      },
      100,
      'late',
      [['past_due', 'promised for 2026-12-08, 2 days ago, and not yet shipped']],
    ],
    [
      'one day past due says "1 day"',
      { promisedDate: '2026-12-09' },
      100,
      'late',
      [['past_due', 'promised for 2026-12-09, 1 day ago, and not yet shipped']],
    ],
    ['a line promised for today is not past due', { promisedDate: '2026-12-10' }, 0, 'low', []],
    [
      'a line without a date is high',
      { promisedDate: null, atpLeft: null },
      60,
      'high',
      [['unconfirmed', 'no date could be promised within the horizon']],
    ],
    [
      'a planned receipt covering it: 10',
      { cover: receipt({ status: 'planned' }) },
      10,
      'low',
      [['supply_unfirm', 'covered by PO-4711, a planned purchase order not yet firm']],
    ],
    [
      'a receipt the ERP moved later before: 30, medium',
      { cover: receipt({ prevDueDate: '2026-12-12' }) },
      30,
      'medium',
      [
        [
          'supply_moved_before',
          'covered by PO-4711, which the ERP moved later before (from 2026-12-12 to 2026-12-18)',
        ],
      ],
    ],
    [
      'a receipt the ERP moved earlier is no risk',
      { cover: receipt({ prevDueDate: '2026-12-19' }) },
      0,
      'low',
      [],
    ],
    [
      'planned and moved later: 10 + 30 = 40, medium',
      { cover: receipt({ status: 'planned', prevDueDate: '2026-12-12' }) },
      40,
      'medium',
      [
        [
          'supply_moved_before',
          'covered by PO-4711, which the ERP moved later before (from 2026-12-12 to 2026-12-18)',
        ],
        ['supply_unfirm', 'covered by PO-4711, a planned purchase order not yet firm'],
      ],
    ],
    [
      'due in 3 days inside a 14-day lead time, production not released: 10',
      { promisedDate: '2026-12-13', cover: mo() },
      10,
      'low',
      [
        [
          'production_not_released',
          'due in 3 days, production order MO-100124 not released (lead time 14 days)',
        ],
      ],
    ],
    [
      'released production is no risk',
      { promisedDate: '2026-12-13', cover: mo({ status: 'released' }) },
      0,
      'low',
      [],
    ],
    ['due beyond the lead time: not yet a risk', { promisedDate: '2026-12-30', cover: mo() }, 0, 'low', []],
    [
      'due exactly at the lead time counts: 14 days, "14 days"',
      { promisedDate: '2026-12-24', cover: mo() },
      10,
      'low',
      [
        [
          'production_not_released',
          'due in 14 days, production order MO-100124 not released (lead time 14 days)',
        ],
      ],
    ],
    [
      'a plant that moved 4 of 6 production orders later: 10',
      { cover: mo({ status: 'released' }), plantHistory: { site: 'P1', moved: 4, of: 6 } },
      10,
      'low',
      [['plant_late_history', 'plant P1 moved 4 of its 6 production orders later']],
    ],
    [
      'a plant that moved 1 of 6 is no risk',
      { cover: mo({ status: 'released' }), plantHistory: { site: 'P1', moved: 1, of: 6 } },
      0,
      'low',
      [],
    ],
    [
      'two of two is too few orders to judge a plant',
      { cover: mo({ status: 'released' }), plantHistory: { site: 'P1', moved: 2, of: 2 } },
      0,
      'low',
      [],
    ],
    [
      'a plant history does not count against a purchased cover',
      { cover: receipt(), plantHistory: { site: 'P1', moved: 6, of: 6 } },
      0,
      'low',
      [],
    ],
    [
      'slipped once: 35, medium',
      { slips: { count: 1, lastFrom: '2026-12-15', lastTo: '2026-12-20' } },
      35,
      'medium',
      [['slipped_before', 'promise moved later once already (last from 2026-12-15 to 2026-12-20)']],
    ],
    [
      'slipped twice: 70 held to the most slips give, 60, high',
      { slips: { count: 2, lastFrom: '2026-12-15', lastTo: '2026-12-20' } },
      60,
      'high',
      [['slipped_before', 'promise moved later twice already (last from 2026-12-15 to 2026-12-20)']],
    ],
    [
      'slipped three times: still 60',
      { slips: { count: 3, lastFrom: '2026-12-15', lastTo: '2026-12-20' } },
      60,
      'high',
      [['slipped_before', 'promise moved later 3 times already (last from 2026-12-15 to 2026-12-20)']],
    ],
    [
      'the family 95 % booked in the week: 15',
      { capacity: { family: 'PUMPS', site: 'P1', units: 100_000, booked: 95_000 } },
      15,
      'low',
      [['capacity_tight', 'family PUMPS at P1 is 95 % booked in the week up to 2026-12-20']],
    ],
    [
      'exactly 90 % booked is tight',
      { capacity: { family: 'PUMPS', site: 'P1', units: 100_000, booked: 90_000 } },
      15,
      'low',
      [['capacity_tight', 'family PUMPS at P1 is 90 % booked in the week up to 2026-12-20']],
    ],
    [
      '80 % booked is not',
      { capacity: { family: 'PUMPS', site: 'P1', units: 100_000, booked: 80_000 } },
      0,
      'low',
      [],
    ],
    [
      '1 left against 10 (under a fifth): thin, 15',
      { atpLeft: 1_000 },
      15,
      'low',
      [['thin_cover', 'only 1 left to promise on 2026-12-20 against 10 on this line']],
    ],
    ['2 left against 10 (a fifth) is enough', { atpLeft: 2_000 }, 0, 'low', []],
    [
      'ATP short by 3 on the date: over-promised, 35',
      { atpLeft: -3_000 },
      35,
      'medium',
      [['thin_cover', 'over-promised: 3 short on 2026-12-20 against 10 on this line']],
    ],
    [
      'everything at once: 30 + 10 + 10 + 10 + 60 + 15 + 35 = 170, capped at 95',
      {
        promisedDate: '2026-12-20',
        cover: mo({ status: 'planned', prevDueDate: '2026-12-12' }),
        plantHistory: { site: 'P1', moved: 3, of: 9 },
        slips: { count: 2, lastFrom: '2026-12-15', lastTo: '2026-12-20' },
        capacity: { family: 'PUMPS', site: 'P1', units: 10_000, booked: 10_000 },
        atpLeft: -500,
      },
      95,
      'high',
      [
        [
          'supply_moved_before',
          'covered by MO-100124, which the ERP moved later before (from 2026-12-12 to 2026-12-18)',
        ],
        ['supply_unfirm', 'covered by MO-100124, a planned production order not yet firm'],
        [
          'production_not_released',
          'due in 10 days, production order MO-100124 not released (lead time 14 days)',
        ],
        ['plant_late_history', 'plant P1 moved 3 of its 9 production orders later'],
        ['slipped_before', 'promise moved later twice already (last from 2026-12-15 to 2026-12-20)'],
        ['capacity_tight', 'family PUMPS at P1 is 100 % booked in the week up to 2026-12-20'],
        ['thin_cover', 'over-promised: 0.5 short on 2026-12-20 against 10 on this line'],
      ],
    ],
  ])('%s', (_name, over, score, band, reasons) => {
    const r = scoreLine(facts(over));
    expect(r.score).toBe(score);
    expect(r.band).toBe(band);
    expect(r.reasons.map((x) => [x.code, x.text])).toEqual(reasons);
  });
});

describe('bandOf', () => {
  test.each<[number, boolean, string]>([
    [0, false, 'low'],
    [24, false, 'low'],
    [25, false, 'medium'],
    [49, false, 'medium'],
    [50, false, 'high'],
    [95, false, 'high'],
    [0, true, 'late'],
  ])('score %d, past due %s: %s', (score, pastDue, band) => {
    expect(bandOf(score, pastDue)).toBe(band);
  });
});

describe('allocateCover: earliest supply first, in promise order', () => {
  const receipts = [
    {
      ref: 'PO-2',
      kind: 'purchase' as const,
      dueDate: '2026-12-20',
      status: 'planned' as const,
      prevDueDate: null,
      qty: 20_000,
    },
    {
      ref: 'PO-1',
      kind: 'purchase' as const,
      dueDate: '2026-12-10',
      status: 'firm' as const,
      prevDueDate: '2026-12-05',
      qty: 10_000,
    },
  ];
  const line = (id: string, promisedDate: string | null, qty: number, newSupply = 0) => ({
    id,
    promisedDate,
    qty: qty * 1000,
    newSupply: newSupply * 1000,
  });

  test('5 on stock, PO-1 10 on the 10th, PO-2 20 on the 20th: each line names the source that completed it', () => {
    const covers = allocateCover(
      5_000,
      receipts,
      [],
      [
        line('a', '2026-12-05', 5), // stock 5 -> 0
        line('b', '2026-12-10', 8), // PO-1 10 -> 2
        line('c', '2026-12-12', 4), // PO-1's 2, then PO-2 20 -> 18
        line('d', '2026-12-30', 30), // 18 left: runs out
        line('e', null, 3), // no date: takes nothing
        line('f', '2026-12-30', 6, 6), // its own lead time brings it
      ],
    );
    expect(Object.fromEntries([...covers].map(([id, c]) => [id, [c.kind, c.ref]]))).toEqual({
      a: ['stock', null],
      b: ['purchase', 'PO-1'],
      c: ['purchase', 'PO-2'],
      d: ['none', null],
      e: ['none', null],
      f: ['new_supply', null],
    });
    expect(covers.get('b')).toEqual({
      kind: 'purchase',
      ref: 'PO-1',
      dueDate: '2026-12-10',
      status: 'firm',
      prevDueDate: '2026-12-05',
    });
  });

  test('ERP demand of a day draws before the lines of that day, and lines of a day in the order given', () => {
    const covers = allocateCover(
      5_000,
      receipts,
      [{ date: '2026-12-05', qty: 3_000 }],
      [line('late-intake', '2026-12-06', 1), line('first', '2026-12-05', 2), line('second', '2026-12-05', 1)],
    );
    // ERP 3 then "first" 2 empty the stock; "second" opens PO-1; "late-intake" (a later date) too.
    expect(covers.get('first')!.kind).toBe('stock');
    expect(covers.get('second')!.ref).toBe('PO-1');
    expect(covers.get('late-intake')!.ref).toBe('PO-1');
  });
});

describe('countSlips: moves of the confirmed date to a later one (or to none)', () => {
  test.each<[string, Array<string | null>, number, string | null, string | null]>([
    ['one version', ['2026-12-10'], 0, null, null],
    ['moved earlier', ['2026-12-10', '2026-12-08'], 0, null, null],
    [
      'moved later, back, then to none',
      ['2026-12-10', '2026-12-15', '2026-12-10', null],
      2,
      '2026-12-10',
      null,
    ],
    ['unconfirmed then dated is no slip', [null, '2026-12-20'], 0, null, null],
    ['later twice', ['2026-12-10', '2026-12-15', '2026-12-20'], 2, '2026-12-15', '2026-12-20'],
  ])('%s', (_n, versions, count, lastFrom, lastTo) => {
    expect(countSlips(versions)).toEqual({ count, lastFrom, lastTo });
  });
});
