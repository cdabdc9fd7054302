import { atpOn, computeBuckets, firstDateCovering } from '../../src/atp/atp.engine';
import { addDays } from '../../src/shared/time';
import { AtpCurve, CurveArena, DailyBalance, DayIndex } from '../../src/atp/atp.curve';
import type {
  DatedQty,
  PromiseRequest,
  PromiseResult,
  Replenishment,
  SupplyPicture,
} from '../../src/atp/atp.types';
import { promise, promiseOn } from '../../src/atp/promise.engine';
import { deductCapacity } from '../../src/atp/capacity.engine';
import { seedRandom } from '../support/seed-random';

const TODAY = '2025-03-28';
const LAST = addDays(TODAY, 120);

type Rand = ReturnType<typeof seedRandom>;

const day = (n: number): string => addDays(TODAY, n);
const events = (rand: Rand, count: number, maxQty: number): DatedQty[] =>
  Array.from({ length: rand(count) }, () => ({ date: day(rand(70) - 5), qty: 1 + rand(maxQty - 1) }));
const picture = (rand: Rand): SupplyPicture => ({
  today: TODAY,
  onHand: rand(60),
  receipts: events(rand, 15, 40),
  demand: events(rand, 12, 30),
});

describe('AtpCurve, by hand', () => {
  // On hand 10; receipt 20 on day 5; demand 15 on day 3 and 10 on day 8: S − D = 10, -5 (day 3), 15 (day 5), 5 (day 8).
  const p: SupplyPicture = {
    today: TODAY,
    onHand: 10,
    receipts: [{ date: day(5), qty: 20 }],
    demand: [
      { date: day(3), qty: 15 },
      { date: day(8), qty: 10 },
    ],
  };

  test.each([
    ['today', day(0), -5],
    ['the day of the shortage', day(3), -5],
    ['the receipt day', day(5), 5],
    ['after the last event', day(9), 5],
    ['a date before today (counts as today)', day(-4), -5],
    ['a date past the last date (flat)', day(400), 5],
  ])('ATP on %s is %d', (_, date, atp) => {
    expect(new AtpCurve(p, LAST).atpOn(date)).toBe(atp);
  });

  test.each([
    [5, day(0), day(5)],
    [5, day(7), day(7)],
    [6, day(0), null],
    [-5, day(0), day(0)],
  ])('the first date covering %d from %s is %s', (qty, notBefore, expected) => {
    expect(new AtpCurve(p, LAST).firstDateCovering(qty, notBefore)).toBe(expected);
  });

  test('a demand added later lowers S − D from its day on, and taking it back restores the curve', () => {
    const curve = new AtpCurve(p, LAST);
    curve.addDemand(day(6), 4);
    expect([
      curve.atpOn(day(0)),
      curve.atpOn(day(5)),
      curve.atpOn(day(6)),
      curve.lowest(),
      curve.totalDemand,
    ]).toEqual([-5, 1, 1, -5, 29]);
    curve.addDemand(day(6), -4);
    expect([curve.atpOn(day(5)), curve.totalDemand]).toEqual([5, 25]);
    curve.addReceipt(day(1), 7);
    expect([curve.atpOn(day(0)), curve.lowest(), curve.atpOn(day(5))]).toEqual([2, 2, 12]);
  });

  test('a date past the last date is refused rather than dropped', () => {
    expect(() => new AtpCurve(p, LAST).addDemand(day(121), 1)).toThrow(RangeError);
    expect(() => new AtpCurve({ ...p, receipts: [{ date: day(200), qty: 1 }] }, LAST)).toThrow(RangeError);
  });

  test('the day index folds the past into today and maps days both ways', () => {
    const days = new DayIndex(TODAY);
    expect([days.indexOf(day(-3)), days.indexOf(TODAY), days.indexOf(day(40)), days.dateAt(40)]).toEqual([
      0,
      0,
      40,
      day(40),
    ]);
  });
});

describe('AtpCurve against the bucket engine over seeded random pictures', () => {
  const CASES = 300;

  test('ATP on every date and the first date covering every quantity are the same as from the buckets', () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const rand = seedRandom(seed);
      const p = picture(rand);
      const curve = new AtpCurve(p, LAST);
      const buckets = computeBuckets(p);
      const dates = Array.from({ length: 80 }, (_, i) => day(i - 5));
      expect({ seed, atp: dates.map((d) => curve.atpOn(d)) }).toEqual({
        seed,
        atp: dates.map((d) => atpOn(buckets, d)),
      });
      const asks = Array.from({ length: 20 }, () => ({ qty: rand(120) - 20, notBefore: day(rand(70) - 5) }));
      expect({ seed, first: asks.map((a) => curve.firstDateCovering(a.qty, a.notBefore)) }).toEqual({
        seed,
        first: asks.map((a) => firstDateCovering(buckets, a.qty, a.notBefore)),
      });
      expect({ seed, lowest: Math.min(0, curve.lowest()) }).toEqual({
        seed,
        lowest: buckets.reduce((m, b) => Math.min(m, b.atp), 0),
      });
    }
  });

  function replenishment(rand: Rand): Replenishment {
    const horizon = addDays(TODAY, 30 + rand(60));
    if (rand(1) === 0) return { makeOrBuy: 'buy', leadTimeDays: rand(20), horizon };
    return {
      makeOrBuy: 'make',
      leadTimeDays: rand(10),
      horizon,
      capacity: Array.from({ length: 40 }, (_, i) => ({ date: day(i * 2), qty: rand(12) })),
    };
  }

  /** Serves lines one after another, each booked before the next, as re-confirmation does. */
  function serve(
    p: SupplyPicture,
    lines: PromiseRequest[],
    rep: Replenishment,
    through: 'buckets' | 'curve',
    arena?: CurveArena,
  ): PromiseResult[] {
    const curve = new AtpCurve(p, LAST, new DayIndex(TODAY), arena);
    let picture = p;
    let capacity = rep.capacity;
    return lines.map((line) => {
      const r = capacity === undefined ? { ...rep } : { ...rep, capacity };
      const out = through === 'curve' ? promiseOn(curve, line, r) : promise(picture, line, r);
      const arrivals =
        out.newSupply > 0 && out.confirmedDate !== null
          ? [{ date: out.confirmedDate, qty: out.newSupply }]
          : [];
      picture = {
        ...picture,
        receipts: [...picture.receipts, ...arrivals],
        demand: [...picture.demand, ...out.confirmations],
      };
      for (const c of out.confirmations) curve.addDemand(c.date, c.qty);
      for (const a of arrivals) curve.addReceipt(a.date, a.qty);
      if (capacity !== undefined) capacity = deductCapacity(capacity, out.capacityUsed);
      return out;
    });
  }

  test('a sequence of lines promised through the curve gets exactly the promises the engine gives', () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const rand = seedRandom(10_000 + seed);
      const p = picture(rand);
      const rep = replenishment(rand);
      const lines = Array.from({ length: 1 + rand(12) }, () => ({
        qty: 1 + rand(40),
        requestedDate: day(rand(70) - 5),
        allowPartial: rand(1) === 1,
      }));
      expect({ seed, promises: serve(p, lines, rep, 'curve') }).toEqual({
        seed,
        promises: serve(p, lines, rep, 'buckets'),
      });
    }
  });

  test('curves that share an arena, across its buffers, answer as curves of their own', () => {
    // A chunk of 1,000 numbers holds one 121-day curve (4 × 128 nodes), so every other curve opens a new buffer.
    const arena = new CurveArena(1000);
    const days = new DayIndex(TODAY);
    const pictures = Array.from({ length: 40 }, (_, i) => picture(seedRandom(20_000 + i)));
    const shared = pictures.map((p) => new AtpCurve(p, LAST, days, arena));
    shared.forEach((c, i) => c.addDemand(day(i), 5));
    const own = pictures.map((p, i) => {
      const c = new AtpCurve(p, LAST);
      c.addDemand(day(i), 5);
      return c;
    });
    const dates = Array.from({ length: 30 }, (_, i) => day(i * 4));
    expect(shared.map((c) => dates.map((d) => c.atpOn(d)))).toEqual(
      own.map((c) => dates.map((d) => c.atpOn(d))),
    );
  });
});

describe('DailyBalance: whether added demand lowers the lowest day, without a tree', () => {
  // S − D = 10, -5 (day 3), 15 (day 5), 5 (day 8): lowest -5.
  const p: SupplyPicture = {
    today: TODAY,
    onHand: 10,
    receipts: [{ date: day(5), qty: 20 }],
    demand: [
      { date: day(3), qty: 15 },
      { date: day(8), qty: 10 },
    ],
  };

  test.each([
    ['demand after the receipt, within the surplus', [{ date: day(6), qty: 5 }], [], true],
    ['demand before the shortage', [{ date: day(1), qty: 1 }], [], false],
    ['demand past the surplus, making a later day the lowest', [{ date: day(9), qty: 11 }], [], false],
    ['demand exactly down to the earlier lowest', [{ date: day(9), qty: 10 }], [], true],
    [
      'a receipt that pays for the demand before it',
      [{ date: day(1), qty: 4 }],
      [{ date: day(0), qty: 4 }],
      true,
    ],
  ])('%s', (_, demand, receipts, keeps) => {
    const balance = new DailyBalance(new DayIndex(TODAY), LAST);
    balance.reset(p);
    for (const d of demand) balance.addDemand(d.date, d.qty);
    for (const r of receipts) balance.addReceipt(r.date, r.qty);
    expect(balance.keepsLowest()).toBe(keeps);
  });

  test('a picture with no shortage keeps its lowest while every day stays at or above zero', () => {
    const balance = new DailyBalance(new DayIndex(TODAY), LAST);
    balance.reset({ today: TODAY, onHand: 10, receipts: [], demand: [] });
    balance.addDemand(day(2), 10);
    expect(balance.keepsLowest()).toBe(true);
    balance.addDemand(day(4), 1);
    expect(balance.keepsLowest()).toBe(false);
  });

  test('on 300 random pictures it answers as the curve does, after a reset too', () => {
    const rand = seedRandom(41);
    const days = new DayIndex(TODAY);
    const balance = new DailyBalance(days, LAST);
    for (let i = 0; i < 300; i++) {
      const p = picture(rand);
      const added = events(rand, 6, 25);
      const curve = new AtpCurve(p, LAST, days);
      const before = Math.min(0, curve.lowest());
      for (const d of added) curve.addDemand(d.date, d.qty);
      balance.reset(p);
      for (const d of added) balance.addDemand(d.date, d.qty);
      expect(balance.keepsLowest()).toBe(Math.min(0, curve.lowest()) >= before);
    }
  });

  test('a date past the last date is refused', () => {
    const balance = new DailyBalance(new DayIndex(TODAY), LAST);
    expect(() =>
      balance.reset({ today: TODAY, onHand: 0, receipts: [{ date: day(121), qty: 1 }], demand: [] }),
    ).toThrow(RangeError);
  });
});

describe('DayIndex', () => {
  test('counts days by the calendar across month ends, leap days and years, as Date does', () => {
    const days = new DayIndex('2024-02-27');
    for (let n = 0; n < 2_000; n += 7) expect(days.indexOf(addDays('2024-02-27', n))).toBe(n);
    expect([
      days.indexOf('2024-02-29'),
      days.indexOf('2024-03-01'),
      days.indexOf('2025-02-27'),
      days.indexOf('2000-01-01'),
    ]).toEqual([2, 3, 366, 0]);
  });

  test.each(['2024-2-27', '2024-13-01', '2024-00-10', 'tomorrow', '2024/02/27', ''])(
    '%p is refused as a date',
    (text) => {
      expect(() => new DayIndex('2024-02-27').indexOf(text)).toThrow(RangeError);
    },
  );
});
