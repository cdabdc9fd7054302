/**
 * npm run bench:churn — promise churn (GET /api/metrics/promise-churn) over a year of ledger.
 *
 * Seeds --lines order lines (20,000) ordered over the last 12 months, each with its intake
 * version and 0–3 re-promises (reasons in re-confirmation's words, a customer's change now and
 * then), straight into the tables. Then, alternating call by call (--runs, 5 each):
 *   baseline  the same rows read with two plain queries: the lines with a version in the range
 *             (joined to order, account and item, as the loader reads them) and their versions
 *   churn     promiseChurn by month and family (load, classify, group)
 * Prints the medians and the ratio churn / baseline (target ≤ 3). SQLite always, PostgreSQL when
 * `--database postgres://…` or DATABASE_URL names one. The last line is JSON.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { promiseChurn } from '../src/metrics';
import { addMonths } from '../src/metrics';
import { createDb } from '../src/shared/db/knex';
import { addDays, todayIso } from '../src/shared/time';
import { freshDatabase, median, round, useBenchClock } from './bench-support';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const LINES = Number(arg('lines') ?? 20_000);
const RUNS = Number(arg('runs') ?? 5);
const TARGET_RATIO = 3;
useBenchClock();

const REASONS = [
  'purchase order PO-1 moved from 2026-01-05 to 2026-01-12: now confirmed',
  'production order MO-1 moved from 2026-01-05 to 2026-01-09: now confirmed',
  'stock at P1 reduced from 10 to 2: now confirmed',
  'supply or demand changed in the ERP, or orders served first took the available quantity: now confirmed',
  'the promised date 2026-01-04 passed without shipment: now confirmed',
];

/** A small deterministic generator: the same data every run. */
function lcg(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    // The high bits: an LCG's low bits repeat with a short period.
    return Math.floor(s / 65_536) % n;
  };
}

async function seed(db: Knex, today: string): Promise<void> {
  const rnd = lcg(19);
  const now = `${today}T12:00:00.000Z`;
  await db('sites').insert({
    site_code: 'B1',
    name: 'Bench',
    timezone: null,
    row_hash: 'x',
    created_at: now,
    updated_at: now,
  });
  const skus = Array.from({ length: 20 }, (_, i) => `BSKU-${i}`);
  await db.batchInsert(
    'items',
    skus.map((sku, i) => ({
      sku,
      description: sku,
      uom: 'EA',
      family: `FAM-${i % 5}`,
      make_or_buy: 'buy',
      lead_time_days: 10,
      list_price: '10.0000',
      currency: 'EUR',
      active: true,
      row_hash: 'x',
      created_at: now,
      updated_at: now,
    })),
    50,
  );
  const accounts = Array.from({ length: 50 }, (_, i) => ({
    id: crypto.randomUUID(),
    erp_customer_id: `BC-${i}`,
    name: `Bench ${i}`,
    country: 'DE',
    currency: 'EUR',
    payment_terms: 'NET30',
    credit_limit: null,
    account_manager_email: null,
    active: true,
    created_at: now,
    updated_at: now,
  }));
  await db.batchInsert('accounts', accounts, 50);
  const orders: object[] = [];
  const lines: object[] = [];
  const ledger: object[] = [];
  for (let n = 0; n * 4 < LINES; n++) {
    const id = crypto.randomUUID();
    const ordered = addDays(today, -rnd(360) - 5);
    orders.push({
      id,
      number: `BSO-${n}`,
      account_id: accounts[rnd(accounts.length)]!.id,
      ship_complete: false,
      status: 'confirmed',
      created_at: `${ordered}T08:00:00.000Z`,
      updated_at: now,
      currency: 'EUR',
    });
    for (let l = 1; l <= 4 && n * 4 + l <= LINES; l++) {
      const lineId = crypto.randomUUID();
      let date = addDays(ordered, 10 + rnd(20));
      lines.push({
        id: lineId,
        order_id: id,
        line_no: l,
        sku: skus[rnd(skus.length)],
        site_code: 'B1',
        quantity: '5',
        requested_date: date,
        confirmed_date: date,
        date_source: 'stock',
        erp_ref: `BSO-${n}/${l}`,
        open: true,
        net_price: '10.0000',
      });
      const moves = rnd(4);
      for (let v = 0; v <= moves; v++) {
        if (v > 0) date = addDays(date, rnd(9) - 2);
        const customer = v > 0 && rnd(10) === 0;
        ledger.push({
          order_line_id: lineId,
          version: v + 1,
          at: `${addDays(ordered, v * 3)}T02:30:00.000Z`,
          changed_by: v === 0 ? 'intake' : customer ? 'customer' : 'reconfirmation',
          reason: v === 0 ? null : customer ? 'later, please' : REASONS[rnd(REASONS.length)],
          requested_date: date,
          quantity: '5',
          confirmations: '[]',
          confirmed_date: date,
          date_source: 'stock',
        });
      }
    }
  }
  await db.batchInsert('orders', orders, 60);
  await db.batchInsert('order_lines', lines, 60);
  await db.batchInsert('promise_ledger', ledger, 60);
}

/** The baseline: the same lines and versions as the loader reads, by two plain queries. */
async function plainRead(db: Knex, fromDate: string, toDate: string): Promise<number> {
  const moved = db('promise_ledger')
    .select('order_line_id')
    .where('at', '>=', fromDate)
    .andWhere('at', '<', toDate);
  const rows = await db('order_lines as l')
    .join('orders as o', 'o.id', 'l.order_id')
    .join('accounts as a', 'a.id', 'o.account_id')
    .leftJoin('items as i', 'i.sku', 'l.sku')
    .whereIn('l.id', moved)
    .select(
      'l.id',
      'l.line_no',
      'l.sku',
      'l.site_code',
      'l.quantity',
      'l.requested_date',
      'o.number',
      'o.created_at',
      'a.id as account_id',
      'a.erp_customer_id',
      'i.family',
    );
  const versions = await db('promise_ledger')
    .whereIn('order_line_id', moved)
    .select('order_line_id', 'version', 'at', 'confirmed_date', 'changed_by', 'reason');
  return rows.length + versions.length;
}

async function benchOne(kind: 'sqlite' | 'postgres', pgBase?: string) {
  const fresh = await freshDatabase(kind, pgBase);
  const db = createDb(fresh.url);
  try {
    const today = todayIso();
    await seed(db, today);
    const to = today.slice(0, 7);
    const from = addMonths(to, -11);
    const base: number[] = [];
    const churn: number[] = [];
    let moves = 0;
    for (let r = 0; r < RUNS; r++) {
      let t = process.hrtime.bigint();
      await plainRead(db, `${from}-01`, addDays(today, 1));
      base.push(Number(process.hrtime.bigint() - t) / 1e6);
      t = process.hrtime.bigint();
      const { rows } = await promiseChurn(db, { from, to, groupBy: 'period,family' });
      churn.push(Number(process.hrtime.bigint() - t) / 1e6);
      moves = rows.reduce((s, x) => s + x.moves, 0);
    }
    const result = {
      database: kind,
      lines: LINES,
      moves,
      baselineMs: round(median(base), 1),
      churnMs: round(median(churn), 1),
      ratio: round(median(churn) / median(base)),
      target: TARGET_RATIO,
    };
    console.log(
      `${kind}: ${LINES} lines, ${moves} moves — plain read ${result.baselineMs} ms, churn ${result.churnMs} ms, ratio ${result.ratio} (target ≤ ${TARGET_RATIO})`,
    );
    return result;
  } finally {
    await db.destroy();
    await fresh.drop();
  }
}

async function main() {
  const pg =
    arg('database') ??
    (process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined);
  const results = [await benchOne('sqlite')];
  if (pg) results.push(await benchOne('postgres', pg));
  console.log(JSON.stringify(results));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
