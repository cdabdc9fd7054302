import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { TestContext } from '../support/app';
import { createTestUser, TestUser } from '../support/factories';

export type Table = string[][];
export type Drop = Record<
  'sites' | 'customers' | 'items' | 'prices' | 'stock' | 'supply' | 'erp_demand' | 'capacity' | 'shipments',
  Table
>;

/** The shipments dataset's columns, in the order a drop's rows give them. */
export const SHIPMENT_COLUMNS = [
  'shipment_ref',
  'line_no',
  'order_ref',
  'order_line_no',
  'sku',
  'quantity',
  'ship_date',
  'carrier',
  'tracking_no',
  'delivered_date',
] as const;

/** A small, hand-checked ERP drop: 2 sites, 2 customers, 3 items and the datasets that refer to them. */
export function baseDrop(): Drop {
  return {
    sites: [
      ['site_code', 'name', 'timezone'],
      ['P1', 'Plant One', 'UTC'],
      ['P2', 'Plant Two', ''],
    ],
    customers: [
      [
        'erp_customer_id',
        'name',
        'country',
        'currency',
        'payment_terms',
        'credit_limit',
        'account_manager_email',
        'active',
      ],
      ['C1', 'Acme Refining, Inc.', 'US', 'USD', 'NET30', '250000', 'am@demo.factorydesk.test', 'true'],
      ['C2', 'Müller Wasser GmbH', 'DE', 'EUR', 'NET45', '', '', ''],
    ],
    items: [
      [
        'sku',
        'description',
        'uom',
        'family',
        'make_or_buy',
        'lead_time_days',
        'list_price',
        'currency',
        'active',
      ],
      ['V-1', 'Ball valve DN50', 'EA', 'BALL-VALVE', 'make', '20', '450.50', 'EUR', 'true'],
      ['V-2', 'Gate valve DN80', 'EA', 'GATE-VALVE', 'make', '30', '990', 'EUR', 'true'],
      ['S-1', 'Seal kit "premium", NBR', 'SET', 'SEAL', 'buy', '10', '12.5', 'EUR', ''],
    ],
    prices: [
      ['sku', 'erp_customer_id', 'currency', 'min_qty', 'unit_price', 'valid_from', 'valid_to'],
      ['V-1', '', 'EUR', '', '450.50', '', ''],
      ['V-1', 'C1', 'USD', '10', '430', '2026-01-01', '2026-12-31'],
    ],
    stock: [
      ['sku', 'site_code', 'on_hand', 'blocked'],
      ['V-1', 'P1', '12', '2'],
      ['V-2', 'P1', '0', ''],
      ['S-1', 'P1', '500', '0'],
      ['S-1', 'P2', '80', '5'],
    ],
    supply: [
      ['ref', 'kind', 'sku', 'site_code', 'open_qty', 'due_date', 'status'],
      ['MO-1', 'production', 'V-1', 'P1', '20', '2026-12-10', 'firm'],
      ['MO-2', 'production', 'V-2', 'P1', '5', '2026-12-20', 'planned'],
      ['PR-1', 'purchase', 'S-1', 'P2', '200', '2026-12-05', 'released'],
    ],
    erp_demand: [
      ['ref', 'sku', 'site_code', 'open_qty', 'due_date', 'erp_customer_id', 'crm_order_ref'],
      ['SO-1-10', 'V-1', 'P1', '4', '2026-12-01', 'C1', ''],
      ['SO-2-10', 'S-1', 'P2', '50', '2026-12-03', 'C2', ''],
    ],
    capacity: [
      ['family', 'site_code', 'date', 'units'],
      ['BALL-VALVE', 'P1', '2026-12-01', '8'],
      ['BALL-VALVE', 'P1', '2026-12-02', '8'],
    ],
    shipments: [
      [...SHIPMENT_COLUMNS],
      ['SH-1', '1', 'SO-0-10', '10', 'V-1', '3', '2026-10-01', 'DHL Freight', 'TRK1', '2026-10-03'],
    ],
  };
}

export function csvText(rows: Table): string {
  const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

export function writeDrop(dir: string, drop: Partial<Drop>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [dataset, rows] of Object.entries(drop) as Array<[string, Table]>)
    fs.writeFileSync(path.join(dir, `${dataset}.csv`), csvText(rows));
}

export function clearDrop(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
}

let planner: TestUser | undefined;

/** POST /api/erp/sync, wait for the job, and return the run as GET /api/erp/sync-runs/:id shows it. */
export async function syncNow(t: TestContext, body: Record<string, unknown> = {}) {
  planner ??= await createTestUser(t.deps.db, 'planner');
  const res = await t.http.post('/api/erp/sync').set('authorization', planner.auth).send(body);
  if (res.status !== 202) throw new Error(`sync refused: ${res.status} ${JSON.stringify(res.body)}`);
  await t.deps.jobs.drain();
  const run = await t.http.get(`/api/erp/sync-runs/${res.body.runId}`).set('authorization', planner.auth);
  return run.body as SyncRun;
}

export async function quarantineOf(t: TestContext, runId: string) {
  planner ??= await createTestUser(t.deps.db, 'planner');
  const res = await t.http
    .get(`/api/erp/quarantine?runId=${runId}&limit=200`)
    .set('authorization', planner.auth);
  return res.body.items as Array<{
    dataset: string;
    file: string;
    line: number;
    reason: string;
    row: Record<string, unknown>;
  }>;
}

/** The accounts a sync created, by their ERP customer id. */
export async function accountIdsByErpId(db: Knex): Promise<Record<string, string>> {
  const rows: Array<{ id: string; erp_customer_id: string }> = await db('accounts').select(
    'id',
    'erp_customer_id',
  );
  return Object.fromEntries(rows.map((a) => [a.erp_customer_id, a.id]));
}

/** A test's start: an empty drop folder with only `drop` in it, synced; the accounts it created by ERP id. */
export async function startFromDrop(t: TestContext, drop: Partial<Drop>): Promise<Record<string, string>> {
  resetPlanner();
  clearDrop(t.deps.config.erpDropDir);
  writeDrop(t.deps.config.erpDropDir, drop);
  await syncNow(t);
  return accountIdsByErpId(t.deps.db);
}

export function resetPlanner(): void {
  planner = undefined;
}

export interface DatasetReport {
  name: string;
  file: string;
  status: string;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  closed: number;
  quarantined: number;
  warnings: string[];
}

export interface SyncRun {
  id: string;
  status: string;
  datasets: DatasetReport[];
  error?: string;
}

export const dataset = (run: SyncRun, name: string): DatasetReport => {
  const d = run.datasets.find((x) => x.name === name);
  if (!d) throw new Error(`run has no dataset ${name}: ${JSON.stringify(run)}`);
  return d;
};

const ERP_TABLES: Record<string, string[]> = {
  sites: ['site_code'],
  accounts: ['erp_customer_id'],
  items: ['sku'],
  erp_prices: ['sku', 'erp_customer_id', 'currency', 'min_qty', 'valid_from'],
  erp_stock: ['sku', 'site_code'],
  erp_supply: ['ref'],
  erp_demand: ['ref'],
  erp_supply_daily: ['sku', 'site_code', 'due_date'],
  erp_demand_daily: ['sku', 'site_code', 'due_date'],
  erp_capacity: ['family', 'site_code', 'date'],
  erp_shipments: ['shipment_ref', 'line_no'],
};

/** The ERP tables' content, without the columns that differ between two equal loads (ids, times). */
export async function dumpErp(db: Knex): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(ERP_TABLES)) {
    const rows = await db(table).orderBy(order);
    out[table] = rows.map((r: Record<string, unknown>) => {
      const { id: _i, created_at: _c, updated_at: _u, closed_at, ...rest } = r;
      return {
        ...Object.fromEntries(
          Object.entries(rest).map(([k, v]) => [
            k,
            typeof v === 'string' && /^-?\d+\.\d+$/.test(v) ? Number(v) : v,
          ]),
        ),
        closed: closed_at != null,
      };
    });
  }
  return out;
}
