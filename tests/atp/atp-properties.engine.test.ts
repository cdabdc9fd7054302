import { atpOn, computeBuckets } from '../../src/atp/atp.engine';
import { addDays } from '../../src/shared/time';
import type { Bucket, DatedQty, Replenishment, SupplyPicture } from '../../src/atp/atp.types';
import { promise } from '../../src/atp/promise.engine';
import { seedRandom } from '../support/seed-random';

const TODAY = '2025-03-28';
const PICTURES = 400;

type Rand = ReturnType<typeof seedRandom>;

function makeEvents(rand: Rand, count: number, maxQty: number): DatedQty[] {
  return Array.from({ length: rand(count) }, () => ({
    date: addDays(TODAY, rand(65) - 5),
    qty: 1 + rand(maxQty - 1),
  }));
}
/** Demand a little lighter than supply, so most pictures are not over-promised from the start. */
function makePicture(rand: Rand): SupplyPicture {
  return {
    today: TODAY,
    onHand: rand(60),
    receipts: makeEvents(rand, 15, 40),
    demand: makeEvents(rand, 12, 30),
  };
}
/** Buy, make on capacity, and a horizon short enough that some lines find nothing. */
function pickReplenishment(rand: Rand): Replenishment {
  const horizon = addDays(TODAY, 30 + rand(60));
  if (rand(1) === 0) return { makeOrBuy: 'buy', leadTimeDays: rand(20), horizon };
  const capacity = Array.from({ length: 40 }, (_, i) => ({ date: addDays(TODAY, i * 2), qty: rand(12) }));
  return { makeOrBuy: 'make', leadTimeDays: rand(10), horizon, capacity };
}
/** The definition read literally, O(n^2): min over every later bucket of S - D. */
function computeAtpNaively(buckets: readonly Bucket[]): number[] {
  const net: number[] = [];
  let sum = 0;
  for (const b of buckets) net.push((sum += b.receipts - b.demand));
  return net.map((_, i) => Math.min(...net.slice(i)));
}
function withDemand(p: SupplyPicture, rows: readonly DatedQty[]): SupplyPicture {
  return { ...p, demand: [...p.demand, ...rows] };
}
function minAtpFrom(p: SupplyPicture, date: string): number {
  return Math.min(
    ...computeBuckets(p)
      .filter((b) => b.date >= date)
      .map((b) => b.atp),
    atpOn(computeBuckets(p), date),
  );
}

describe('ATP properties over seeded random pictures', () => {
  const pictures = Array.from({ length: PICTURES }, (_, seed) => ({
    seed,
    p: makePicture(seedRandom(seed + 1)),
  }));

  test('buckets start today, in strictly increasing date order, and match the definition read literally', () => {
    for (const { seed, p } of pictures) {
      const buckets = computeBuckets(p);
      const dates = buckets.map((b) => b.date);
      expect({
        seed,
        first: dates[0],
        sorted: dates.every((x, i) => i === 0 || (dates[i - 1] ?? '') < x),
      }).toEqual({ seed, first: TODAY, sorted: true });
      expect({ seed, atp: buckets.map((b) => b.atp) }).toEqual({ seed, atp: computeAtpNaively(buckets) });
    }
  });

  test('ATP never decreases over dates and never exceeds S - D on its own day', () => {
    for (const { seed, p } of pictures) {
      let net = 0;
      let previous = -Infinity;
      for (const b of computeBuckets(p)) {
        net += b.receipts - b.demand;
        expect({ seed, date: b.date, rising: b.atp >= previous, underNet: b.atp <= net }).toEqual({
          seed,
          date: b.date,
          rising: true,
          underNet: true,
        });
        previous = b.atp;
      }
    }
  });

  test('the window shows the same ATP as the whole picture on every date it lists', () => {
    for (const { seed, p } of pictures) {
      const rand = seedRandom(seed + 10_000);
      const from = addDays(TODAY, rand(70) - 10);
      const to = addDays(from, rand(40));
      const all = computeBuckets(p);
      for (const b of computeBuckets(p, { from, to }))
        expect({ seed, date: b.date, atp: b.atp }).toEqual({ seed, date: b.date, atp: atpOn(all, b.date) });
    }
  });

  test('promising q on x when ATP(x) >= q leaves ATP >= 0 on every date from x on', () => {
    for (const { seed, p } of pictures) {
      const rand = seedRandom(seed + 20_000);
      const x = addDays(TODAY, rand(70));
      const available = atpOn(computeBuckets(p), x);
      if (available < 1) continue;
      const q = 1 + rand(available - 1);
      expect({ seed, min: Math.min(0, minAtpFrom(withDemand(p, [{ date: x, qty: q }]), x)) }).toEqual({
        seed,
        min: 0,
      });
    }
  });

  test('a promise on a picture that is not over-promised never makes one, counting its new supply', () => {
    const seen = new Set<string>();
    for (const { seed, p } of pictures) {
      const buckets = computeBuckets(p);
      if (atpOn(buckets, TODAY) < 0) continue;
      const rand = seedRandom(seed + 30_000);
      const rep = pickReplenishment(rand);
      const req = {
        qty: 1 + rand(80),
        requestedDate: addDays(TODAY, rand(40) - 5),
        allowPartial: rand(1) === 1,
      };
      const res = promise(p, req, rep);
      seen.add(res.source);
      const confirmed = res.confirmations.reduce((sum, c) => sum + c.qty, 0);
      const dates = res.confirmations.map((c) => c.date);
      expect({
        seed,
        ascending: dates.every((x, i) => i === 0 || (dates[i - 1] ?? '') < x),
        withinHorizon: dates.every((x) => x <= rep.horizon),
      }).toEqual({
        seed,
        ascending: true,
        withinHorizon: true,
      });
      if (res.confirmedDate !== null) {
        expect({ seed, confirmed, last: dates[dates.length - 1] }).toEqual({
          seed,
          confirmed: req.qty,
          last: res.confirmedDate,
        });
      }
      // Lead-time and capacity promises count on new supply: q minus what scheduled supply gives within the horizon.
      const bought =
        res.source === 'lead_time' || res.source === 'capacity'
          ? req.qty - Math.max(0, atpOn(buckets, rep.horizon))
          : 0;
      expect({ seed, newSupply: res.newSupply }).toEqual({ seed, newSupply: bought });
      const booked = withDemand(
        {
          ...p,
          receipts: [
            ...p.receipts,
            ...(bought > 0 && res.confirmedDate ? [{ date: res.confirmedDate, qty: bought }] : []),
          ],
        },
        res.confirmations,
      );
      expect({ seed, source: res.source, min: Math.min(0, minAtpFrom(booked, TODAY)) }).toEqual({
        seed,
        source: res.source,
        min: 0,
      });
    }
    // The seeds must reach every path, or this property proves less than it claims.
    expect([...seen].sort()).toEqual(['capacity', 'lead_time', 'none', 'stock', 'supply']);
  });
});
