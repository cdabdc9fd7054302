/**
 * Data for `npm run bench:atp`, written straight into the tables (no sync, no intake): raw
 * multi-row inserts in one transaction, chunked to the dialect's parameter limit. Every value
 * comes from a seeded generator, so two runs on the same day see the same data.
 */
import type { Knex } from 'knex';
import { milliText } from '../src/shared/quantity';
import { createToken, createUser } from '../src/auth';
import { foldConfirmations } from '../src/orders/held-confirmations';
import { rebuildDailySums } from '../src/erp/daily-sums.repository';
import { rowsPerStatement } from '../src/shared/db/knex';
import { addDays, nowIso } from '../src/shared/time';

export const SITE = 'BENCH-S1';
export const SITE_TIMEZONE = 'Europe/Berlin';

/** mulberry32: small, fast, good enough to spread bench data. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** Integer in [min, max]. */
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return { next, int };
}

/** A quantity of up to 3 decimals, as the ERP sends it: mostly whole, sometimes fractional. */
const qtyText = (r: ReturnType<typeof rng>, min: number, max: number): string =>
  milliText(r.int(min, max) * 1000 + (r.next() < 0.2 ? r.int(1, 999) : 0));

/** A UUID-shaped id that is the same in every run and sorts in creation order. */
export const benchId = (kind: number, n: number): string =>
  `${String(kind).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Multi-row `insert … values (…), (…)` statements, as many rows each as the dialect's bindings allow. */
export async function insertRows(
  db: Knex,
  table: string,
  columns: string[],
  rows: unknown[][],
): Promise<void> {
  const per = rowsPerStatement(db, columns.length);
  const head = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    await db.raw(
      head + new Array<string>(chunk.length).fill(tuple).join(', '),
      chunk.flat() as Knex.RawBinding[],
    );
  }
}

const SITE_COLS = ['site_code', 'name', 'timezone', 'row_hash', 'created_at', 'updated_at'];
const ITEM_COLS = [
  'sku',
  'description',
  'uom',
  'family',
  'make_or_buy',
  'lead_time_days',
  'list_price',
  'currency',
  'active',
  'row_hash',
  'created_at',
  'updated_at',
];
const STOCK_COLS = ['sku', 'site_code', 'on_hand', 'blocked', 'row_hash', 'closed_at', 'updated_at'];
const SUPPLY_COLS = [
  'ref',
  'kind',
  'sku',
  'site_code',
  'open_qty',
  'due_date',
  'status',
  'row_hash',
  'closed_at',
  'updated_at',
  'prev_due_date',
  'prev_open_qty',
  'changed_run_id',
];
const DEMAND_COLS = [
  'ref',
  'sku',
  'site_code',
  'open_qty',
  'due_date',
  'erp_customer_id',
  'crm_order_ref',
  'row_hash',
  'closed_at',
  'updated_at',
];

const SUPPLY_KINDS = ['production', 'purchase', 'transfer'];

function itemRow(sku: string, r: ReturnType<typeof rng>, now: string): unknown[] {
  return [sku, `Bench item ${sku}`, 'pcs', null, 'buy', r.int(5, 60), '10.0000', 'EUR', true, 'x', now, now];
}

/** Planner with an API token: the caller of the availability endpoint. */
export async function benchUser(db: Knex): Promise<string> {
  const user = await createUser(db, null, {
    email: 'atp-bench@bench.example',
    password: 'bench password long enough',
    role: 'planner',
  });
  return (await createToken(db, user.id, 'api', 24)).token;
}

/**
 * (a) One sku at one site: stock, `events / 2` open receipts and `events / 2` ERP demand rows,
 * due over the next 365 days. A quarter of the demand rows name a CRM order ref that no order
 * line has, so the repository's NOT EXISTS on order_lines runs on them and keeps them.
 */
export async function seedOneSku(
  db: Knex,
  today: string,
  events: number,
  seed = 1,
): Promise<{ sku: string; site: string }> {
  const r = rng(seed);
  const now = nowIso();
  const sku = 'BENCH-ATP-1';
  const supplyRows = Math.ceil(events / 2);
  const demandRows = Math.floor(events / 2);
  await db.transaction(async (trx) => {
    await insertRows(trx, 'sites', SITE_COLS, [[SITE, 'Bench plant', SITE_TIMEZONE, 'x', now, now]]);
    await insertRows(trx, 'items', ITEM_COLS, [itemRow(sku, r, now)]);
    await insertRows(trx, 'erp_stock', STOCK_COLS, [
      [sku, SITE, qtyText(r, 500, 5000), qtyText(r, 0, 100), 'x', null, now],
    ]);
    const supply: unknown[][] = [];
    for (let i = 0; i < supplyRows; i++) {
      supply.push([
        `MO-${i + 1}`,
        SUPPLY_KINDS[i % 3],
        sku,
        SITE,
        qtyText(r, 1, 200),
        addDays(today, r.int(0, 364)),
        'released',
        'x',
        null,
        now,
        null,
        null,
        null,
      ]);
    }
    await insertRows(trx, 'erp_supply', SUPPLY_COLS, supply);
    const demand: unknown[][] = [];
    for (let i = 0; i < demandRows; i++) {
      const crmRef = r.next() < 0.25 ? `SO-9${String(i).padStart(5, '0')}/1` : null;
      demand.push([
        `DEM-${i + 1}`,
        sku,
        SITE,
        qtyText(r, 1, 200),
        addDays(today, r.int(0, 364)),
        `C-${r.int(1, 300)}`,
        crmRef,
        'x',
        null,
        now,
      ]);
    }
    await insertRows(trx, 'erp_demand', DEMAND_COLS, demand);
    // As the sync's merge leaves them: what availability reads.
    await rebuildDailySums(trx, 'erp_supply');
    await rebuildDailySums(trx, 'erp_demand');
  });
  return { sku, site: SITE };
}

export interface ManySkus {
  skus: number;
  lines: number;
  orders: number;
  confirmations: number;
  supplyRows: number;
  runId: string;
}

/**
 * (b) `skus` items at one site with stock and `supplyPerSku` open receipts each, and `lines` open
 * order lines (five per order, accounts of three priorities) with confirmations and a ledger
 * version 1: one confirmation, or two when the line was split, on dates drawn at random, not
 * earned from ATP (settleBeforeRun makes them what FactoryDesk would have promised). A tenth of
 * the receipts moved in the sync run `runId` (prev_due_date set), as the re-confirmation after a
 * sync would find them.
 */
export async function seedManySkus(
  db: Knex,
  today: string,
  o: { skus: number; lines: number; supplyPerSku: number; connector: string },
  seed = 2,
): Promise<ManySkus> {
  const r = rng(seed);
  const now = nowIso();
  const skus = Array.from({ length: o.skus }, (_, i) => `BENCH-${String(i + 1).padStart(6, '0')}`);
  const runId = benchId(90, 1);
  const LINES_PER_ORDER = 5;
  const ACCOUNTS = 200;
  let confirmations = 0;
  await db.transaction(async (trx) => {
    await insertRows(trx, 'sites', SITE_COLS, [[SITE, 'Bench plant', SITE_TIMEZONE, 'x', now, now]]);
    await insertRows(
      trx,
      'erp_sync_runs',
      [
        'id',
        'status',
        'trigger',
        'connector',
        'datasets_requested',
        'force',
        'requested_by',
        'created_at',
        'started_at',
        'finished_at',
        'heartbeat_at',
        'progress',
        'error',
      ],
      [
        [
          runId,
          'succeeded',
          'manual',
          o.connector,
          JSON.stringify(['stock', 'supply']),
          false,
          null,
          now,
          now,
          now,
          now,
          null,
          null,
        ],
      ],
    );
    await insertRows(
      trx,
      'items',
      ITEM_COLS,
      skus.map((sku) => itemRow(sku, r, now)),
    );
    await insertRows(
      trx,
      'erp_stock',
      STOCK_COLS,
      skus.map((sku) => [
        sku,
        SITE,
        qtyText(r, 0, 300),
        r.next() < 0.1 ? qtyText(r, 1, 20) : '0',
        'x',
        null,
        now,
      ]),
    );
    const supply: unknown[][] = [];
    for (const sku of skus) {
      for (let j = 0; j < o.supplyPerSku; j++) {
        const due = addDays(today, r.int(0, 364));
        const moved = r.next() < 0.1;
        supply.push([
          `PO-${sku}-${j + 1}`,
          SUPPLY_KINDS[j % 3],
          sku,
          SITE,
          qtyText(r, 10, 120),
          due,
          'released',
          'x',
          null,
          now,
          moved ? addDays(due, -r.int(3, 30)) : null,
          null,
          moved ? runId : null,
        ]);
      }
    }
    await insertRows(trx, 'erp_supply', SUPPLY_COLS, supply);
    await rebuildDailySums(trx, 'erp_supply');

    const accounts: unknown[][] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      accounts.push([
        benchId(30, i + 1),
        `C-${i + 1}`,
        `Bench customer ${i + 1}`,
        'DE',
        'EUR',
        'NET30',
        null,
        null,
        true,
        'x',
        i % 3,
        now,
        now,
      ]);
    }
    await insertRows(
      trx,
      'accounts',
      [
        'id',
        'erp_customer_id',
        'name',
        'country',
        'currency',
        'payment_terms',
        'credit_limit',
        'account_manager_email',
        'active',
        'row_hash',
        'promise_priority',
        'created_at',
        'updated_at',
      ],
      accounts,
    );

    const orderCount = Math.ceil(o.lines / LINES_PER_ORDER);
    const orders: unknown[][] = [];
    const lines: unknown[][] = [];
    const confs: unknown[][] = [];
    const ledger: unknown[][] = [];
    const intakeStart = Date.parse(`${addDays(today, -90)}T08:00:00Z`);
    for (let n = 1; n <= orderCount; n++) {
      const orderId = benchId(20, n);
      const number = `SO-${String(n).padStart(6, '0')}`;
      const at = new Date(intakeStart + Math.floor(((n - 1) * 90 * 86_400_000) / orderCount)).toISOString();
      orders.push([
        orderId,
        number,
        benchId(30, r.int(1, ACCOUNTS)),
        null,
        SITE,
        false,
        'confirmed',
        null,
        at,
        at,
      ]);
      for (let ln = 1; ln <= LINES_PER_ORDER && (n - 1) * LINES_PER_ORDER + ln <= o.lines; ln++) {
        const lineId = benchId(10, (n - 1) * LINES_PER_ORDER + ln);
        const sku = skus[r.int(0, skus.length - 1)]!;
        const qtyMilli = r.int(1, 40) * 1000;
        const requested = addDays(today, r.int(0, 180));
        const split = r.next() < 0.3;
        const firstDate = addDays(requested, r.int(0, 20));
        const parts = split
          ? [
              { date: firstDate, qty: Math.floor(qtyMilli / 2000) * 1000 || qtyMilli },
              {
                date: addDays(firstDate, r.int(5, 40)),
                qty: qtyMilli - (Math.floor(qtyMilli / 2000) * 1000 || qtyMilli),
              },
            ].filter((p) => p.qty > 0)
          : [{ date: firstDate, qty: qtyMilli }];
        const confirmed = parts[parts.length - 1]!.date;
        const source = firstDate === requested ? 'stock' : 'supply';
        lines.push([
          lineId,
          orderId,
          ln,
          sku,
          SITE,
          milliText(qtyMilli),
          requested,
          confirmed,
          source,
          '0',
          `${number}/${ln}`,
          true,
          null,
          null,
          foldConfirmations(parts),
        ]);
        for (const p of parts) confs.push([lineId, sku, SITE, p.date, milliText(p.qty)]);
        confirmations += parts.length;
        const json = JSON.stringify(parts.map((p) => ({ date: p.date, quantity: p.qty / 1000 })));
        ledger.push([
          lineId,
          1,
          at,
          'intake',
          null,
          'order intake',
          requested,
          milliText(qtyMilli),
          json,
          confirmed,
          source,
        ]);
      }
    }
    await insertRows(
      trx,
      'orders',
      [
        'id',
        'number',
        'account_id',
        'customer_po',
        'site_code',
        'ship_complete',
        'status',
        'created_by',
        'created_at',
        'updated_at',
      ],
      orders,
    );
    await insertRows(
      trx,
      'order_lines',
      [
        'id',
        'order_id',
        'line_no',
        'sku',
        'site_code',
        'quantity',
        'requested_date',
        'confirmed_date',
        'date_source',
        'new_supply',
        'erp_ref',
        'open',
        'slipped_at',
        'slip_reason',
        'held_confirmations',
      ],
      lines,
    );
    await insertRows(
      trx,
      'order_line_confirmations',
      ['order_line_id', 'sku', 'site_code', 'date', 'quantity'],
      confs,
    );
    await insertRows(
      trx,
      'promise_ledger',
      [
        'order_line_id',
        'version',
        'at',
        'changed_by',
        'actor_id',
        'reason',
        'requested_date',
        'quantity',
        'confirmations',
        'confirmed_date',
        'date_source',
      ],
      ledger,
    );
    await trx('sequences').where({ name: 'order' }).update({ value: orderCount });
  });
  return {
    skus: o.skus,
    lines: o.lines,
    orders: Math.ceil(o.lines / LINES_PER_ORDER),
    confirmations,
    supplyRows: o.skus * o.supplyPerSku,
    runId,
  };
}

/** Swaps each receipt the run moved with where it was before: applied twice, the data is as seeded. */
async function swapMovedReceipts(db: Knex, runId: string): Promise<void> {
  await db('erp_supply')
    .where('changed_run_id', runId)
    .whereNotNull('prev_due_date')
    .update({ due_date: db.ref('prev_due_date'), prev_due_date: db.ref('due_date') });
  await rebuildDailySums(db, 'erp_supply');
}

/**
 * The night before: every open line's promise re-earned in service order against the supply as it
 * was before the run moved a tenth of it (what intake and the last re-confirmation would have left),
 * then the run's moves put back. The re-confirmation measured after this is a night's: it moves
 * the lines the moved receipts no longer cover, not lines whose random dates ATP never gave.
 */
export async function settleBeforeRun(
  db: Knex,
  runId: string,
  reconfirm: (runId: string | null) => Promise<unknown>,
): Promise<unknown> {
  await swapMovedReceipts(db, runId);
  const settled = await reconfirm(null);
  await swapMovedReceipts(db, runId);
  return settled;
}
