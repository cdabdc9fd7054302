import { isolatedTestContext, TestContext } from '../support/app';
import { baseDrop, clearDrop, quarantineOf, resetPlanner, syncNow, writeDrop } from './erp-drop';

let t: TestContext;
let drop: string;
beforeEach(async () => {
  resetPlanner();
  t = await isolatedTestContext();
  drop = t.deps.config.erpDropDir;
  clearDrop(drop);
});
afterEach(() => t.close());

const LANES = [
  ['site_code', 'country', 'transit_days', 'mode', 'carrier'],
  ['P1', 'DE', '2', 'road', 'DHL Freight'],
  ['P1', 'us', '18', 'Sea', ''],
  ['P2', 'DE', '-1', 'road', ''],
  ['P2', 'Germany', '3', 'road', ''],
  ['P9', 'FR', '3', 'road', ''],
  ['P2', 'IT', '4', 'truck', ''],
];

const RETURNS = [
  [
    'return_ref',
    'line_no',
    'rma_number',
    'rma_line_no',
    'sku',
    'quantity',
    'received_date',
    'condition',
    'serial_or_batch',
  ],
  ['RE-1', '1', 'RMA-000001', '1', 'V-1', '2', '2026-11-30', 'defective', 'B2611-1'],
  ['RE-1', '2', 'RMA-000001', '2', 'V-9', '1', '2026-11-30', '', ''],
  ['RE-2', '1', 'RMA-000002', '1', 'S-1', '1.5', '2026-11-31', 'as_new', ''],
];

describe('the delivery and after-sales datasets', () => {
  test('transit lanes load by site and country (upper-cased), and a bad lane is quarantined with its reason', async () => {
    writeDrop(drop, { ...baseDrop(), transit_lanes: LANES } as never);
    const run = await syncNow(t);
    expect(run.status).toBe('partial');
    const lanes = run.datasets.find((d) => d.name === 'transit_lanes')!;
    expect([lanes.read, lanes.inserted, lanes.quarantined]).toEqual([6, 2, 4]);
    const rows = await t.deps
      .db('erp_transit_lanes')
      .orderBy(['site_code', 'country'])
      .select('site_code', 'country', 'transit_days', 'mode', 'carrier');
    expect(rows.map((r) => ({ ...r, transit_days: Number(r.transit_days) }))).toEqual([
      { site_code: 'P1', country: 'DE', transit_days: 2, mode: 'road', carrier: 'DHL Freight' },
      { site_code: 'P1', country: 'US', transit_days: 18, mode: 'sea', carrier: null },
    ]);
    const reasons = (await quarantineOf(t, run.id))
      .filter((q) => q.dataset === 'transit_lanes')
      .map((q) => [q.line, q.reason]);
    expect(reasons).toEqual([
      [4, 'transit_days must not be negative, got "-1"'],
      [5, 'country: expected an ISO 3166 alpha-2 country code such as DE, got "GERMANY"'],
      [6, 'unknown site_code (not among the ERP sites)'],
      [7, 'mode must be one of road, sea, air, rail, got "truck"'],
    ]);
  });

  test('returns load by return document line, naming the RMA line they receive; an unknown sku or a bad date is quarantined', async () => {
    writeDrop(drop, { ...baseDrop(), returns: RETURNS } as never);
    const run = await syncNow(t);
    const returns = run.datasets.find((d) => d.name === 'returns')!;
    expect([returns.read, returns.inserted, returns.quarantined]).toEqual([3, 1, 2]);
    const row = await t.deps.db('erp_returns').first();
    expect({ ...row, quantity: Number(row.quantity), line_no: Number(row.line_no) }).toMatchObject({
      return_ref: 'RE-1',
      line_no: 1,
      rma_number: 'RMA-000001',
      rma_line_no: 1,
      sku: 'V-1',
      quantity: 2,
      received_date: '2026-11-30',
      condition: 'defective',
      serial_or_batch: 'B2611-1',
    });
    const reasons = (await quarantineOf(t, run.id))
      .filter((q) => q.dataset === 'returns')
      .map((q) => q.reason);
    expect(reasons).toEqual([
      'unknown sku (not among the ERP items)',
      'received_date: expected a real date YYYY-MM-DD, got "2026-11-31"',
    ]);
  });

  test('items carry their warranty months (0 when the column is absent) and shipments their serial or batch', async () => {
    const base = baseDrop();
    base.items[0]!.push('warranty_months');
    base.items[1]!.push('24');
    base.items[2]!.push('');
    base.items[3]!.push('0');
    base.shipments[0]!.push('serial_or_batch');
    base.shipments[1]!.push('SN-0042');
    writeDrop(drop, base);
    const run = await syncNow(t);
    expect(run.status).toBe('succeeded');
    const warranty = await t.deps.db('items').orderBy('sku').select('sku', 'warranty_months');
    expect(warranty.map((r) => [r.sku, Number(r.warranty_months)])).toEqual([
      ['S-1', 0],
      ['V-1', 24],
      ['V-2', 0],
    ]);
    expect((await t.deps.db('erp_shipments').first()).serial_or_batch).toBe('SN-0042');
  });
});
