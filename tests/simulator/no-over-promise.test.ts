import { simulate } from '../../fixtures/simulator/simulate';
import { simulatorPorts } from '../../src/simulation';
import { isolatedTestContext, type TestContext } from '../support/app';
import { createTestUser } from '../support/factories';

/*
 * The Done-when's "no over-promise" on a short run: around every order the simulated market takes
 * (a direct order, an accepted quote), ATP of its skus is read at every site before and after.
 * A confirmation that takes what ATP allowed (or adds its own new supply, from lead time or
 * capacity) leaves every day's ATP at or above zero; one that took more than ATP allowed would
 * leave ATP below zero, or deeper below it than a night's slip had already left it.
 */
let t: TestContext;
const checked: string[] = [];
const overPromised: Array<{ sku: string; site: string; before: number; after: number }> = [];

type Bucket = { date: string; atp: number };

beforeAll(async () => {
  t = await isolatedTestContext();
  const planner = await createTestUser(t.deps.db, 'planner');
  const lowestAtp = async () => {
    const sites = (await t.deps.db('sites').orderBy('site_code').pluck('site_code')) as string[];
    return async (sku: string) => {
      const lows = new Map<string, number>();
      for (const site of sites) {
        const res = await t.http
          .get(`/api/items/${encodeURIComponent(sku)}/availability?site=${site}`)
          .set('authorization', `Bearer ${planner.token}`)
          .expect(200);
        lows.set(site, Math.min(0, ...(res.body.buckets as Bucket[]).map((b) => b.atp)));
      }
      return lows;
    };
  };
  let before = new Map<string, Map<string, number>>();
  await simulate(
    t.deps,
    {
      seed: 5,
      days: 10,
      end: '2026-11-20',
      onTake: {
        before: async (skus) => {
          const read = await lowestAtp();
          before = new Map();
          for (const sku of skus) before.set(sku, await read(sku));
        },
        after: async (skus) => {
          const read = await lowestAtp();
          for (const sku of skus) {
            for (const [site, low] of await read(sku)) {
              const was = before.get(sku)!.get(site)!;
              if (low < was) overPromised.push({ sku, site, before: was, after: low });
              checked.push(`${sku}@${site}`);
            }
          }
        },
      },
    },
    simulatorPorts,
  );
}, 600_000);
afterAll(() => t.close());

describe('the plant simulator’s market', () => {
  test('no order it takes confirms more of a sku than ATP allowed: ATP never falls below zero, nor below a shortage the night left', () => {
    expect(checked.length).toBeGreaterThan(10);
    expect(overPromised).toEqual([]);
  });
});
