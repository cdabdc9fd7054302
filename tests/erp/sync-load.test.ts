import fs from 'node:fs';
import path from 'node:path';
import { isolatedTestContext } from '../support/app';
import { useTestApp } from '../support/test-app';
import {
  baseDrop,
  clearDrop,
  dataset,
  dumpErp,
  quarantineOf,
  resetPlanner,
  syncNow,
  Table,
  writeDrop,
} from './erp-drop';

const t = useTestApp({ isolated: true, perTest: true });
let drop: string;
beforeEach(() => {
  resetPlanner();
  drop = t.deps.config.erpDropDir;
  clearDrop(drop);
});

const reconciles = (run: {
  datasets: Array<{
    read: number;
    inserted: number;
    updated: number;
    unchanged: number;
    quarantined: number;
    status: string;
  }>;
}) => {
  for (const d of run.datasets) {
    if (d.status !== 'unchanged' && d.status !== 'refused')
      expect(d.read).toBe(d.inserted + d.updated + d.unchanged + d.quarantined);
  }
};

describe('an ERP sync from the file drop', () => {
  test('loads every dataset per its mode, with counts that reconcile', async () => {
    writeDrop(drop, baseDrop());
    const run = await syncNow(t);
    expect(run.status).toBe('succeeded');
    expect(run.datasets.map((d) => [d.name, d.status, d.read, d.inserted])).toEqual([
      ['sites', 'loaded', 2, 2],
      ['customers', 'loaded', 2, 2],
      ['items', 'loaded', 3, 3],
      ['prices', 'loaded', 2, 2],
      ['stock', 'loaded', 4, 4],
      ['supply', 'loaded', 3, 3],
      ['erp_demand', 'loaded', 2, 2],
      ['capacity', 'loaded', 2, 2],
      ['shipments', 'loaded', 1, 1],
    ]);
    reconciles(run);
    const acme = await t.deps.db('accounts').where({ erp_customer_id: 'C1' }).first();
    expect(acme).toMatchObject({ name: 'Acme Refining, Inc.', currency: 'USD', payment_terms: 'NET30' });
    expect(acme.id).toMatch(/^[0-9a-f-]{36}$/);
    const seal = await t.deps.db('items').where({ sku: 'S-1' }).first();
    expect(seal).toMatchObject({
      description: 'Seal kit "premium", NBR',
      make_or_buy: 'buy',
      lead_time_days: 10,
    });
    expect(Boolean(seal.active)).toBe(true);
    const listPrice = await t.deps.db('erp_prices').where({ sku: 'V-1', erp_customer_id: '' }).first();
    expect(listPrice).toMatchObject({ currency: 'EUR', valid_from: '0001-01-01' });
    expect(Number(listPrice.min_qty)).toBe(1);
    const stock = await t.deps.db('erp_stock').where({ sku: 'V-2', site_code: 'P1' }).first();
    expect(Number(stock.blocked)).toBe(0);
  });

  test('a re-run of identical files reports every dataset unchanged and changes nothing', async () => {
    writeDrop(drop, baseDrop());
    await syncNow(t);
    const before = await dumpErp(t.deps.db);
    const again = await syncNow(t);
    expect(again.status).toBe('succeeded');
    expect(again.datasets.every((d) => d.status === 'unchanged')).toBe(true);
    expect(await dumpErp(t.deps.db)).toEqual(before);
  });

  test('a changed snapshot updates what changed, keeps the rest, and closes absent rows without deleting them', async () => {
    writeDrop(drop, baseDrop());
    await syncNow(t);
    const next = baseDrop();
    next.stock = [
      next.stock[0]!,
      ['V-1', 'P1', '7', '2'],
      ['S-1', 'P1', '500', '0'],
      ['S-1', 'P2', '80', '5'],
    ];
    writeDrop(drop, { stock: next.stock });
    const run = await syncNow(t, { datasets: ['stock'] });
    expect(dataset(run, 'stock')).toMatchObject({
      status: 'loaded',
      read: 3,
      inserted: 0,
      updated: 1,
      unchanged: 2,
      closed: 1,
      quarantined: 0,
    });
    const closed = await t.deps.db('erp_stock').where({ sku: 'V-2', site_code: 'P1' }).first();
    expect(closed.closed_at).not.toBeNull();
    expect(Number(closed.on_hand)).toBe(0);
    expect(
      Number((await t.deps.db('erp_stock').where({ sku: 'V-1', site_code: 'P1' }).first()).on_hand),
    ).toBe(7);
    // The closed row comes back when the ERP lists it again.
    writeDrop(drop, { stock: baseDrop().stock });
    const back = await syncNow(t, { datasets: ['stock'] });
    expect(dataset(back, 'stock')).toMatchObject({ updated: 2, unchanged: 2, closed: 0 });
    expect(
      (await t.deps.db('erp_stock').where({ sku: 'V-2', site_code: 'P1' }).first()).closed_at,
    ).toBeNull();
  });

  test('a malformed file quarantines each bad row with its line and reason and loads the rest', async () => {
    const d = baseDrop();
    writeDrop(drop, d);
    const supply: Table = [
      d.supply[0]!,
      ['MO-10', 'production', 'V-1', 'P1', '10', '2026-12-10', 'firm'], // line 2: good
      ['MO-11', 'production', 'V-1', 'P1', 'ten', '2026-12-10', 'firm'], // 3: wrong type
      ['MO-12', 'production', 'V-1', 'P1', '-5', '2026-12-10', 'firm'], // 4: negative
      ['MO-13', 'production', 'V-1', 'P1', '5', '2026-02-30', 'firm'], // 5: impossible date
      ['MO-14', 'production', 'NOPE', 'P1', '5', '2026-12-10', 'firm'], // 6: unknown sku
      ['MO-15', 'production', 'V-1', 'P9', '5', '2026-12-10', 'firm'], // 7: unknown site
      ['MO-16', 'production', 'V-2', 'P1', '5', '2026-12-10', 'firm'], // 8: duplicate key
      ['MO-16', 'production', 'V-2', 'P1', '6', '2026-12-11', 'firm'], // 9: duplicate key
      ['MO-17', 'repair', 'V-2', 'P1', '5', '2026-12-10', ''], // 10: bad enum
      ['MO-18', 'production', 'V-2', 'P1', '5', '', ''], // 11: missing required value
      ['MO-19', 'production', 'V-2', 'P1', '5', '2026-12-12', 'planned'], // 12: good
    ];
    const text = Buffer.concat([
      Buffer.from(supply.map((r) => r.join(',')).join('\n') + '\n'),
      Buffer.from('MO-20,production,V-2,P1,5,2026-12-12,pl'), // 13: bad encoding
      Buffer.from([0xff, 0xfe]),
      Buffer.from('nned\n'),
    ]);
    fs.writeFileSync(path.join(drop, 'supply.csv'), text);
    const run = await syncNow(t);
    expect(run.status).toBe('partial');
    const s = dataset(run, 'supply');
    expect(s).toMatchObject({ status: 'partial', read: 12, inserted: 2, quarantined: 10 });
    reconciles(run);
    const q = (await quarantineOf(t, run.id)).filter((r) => r.dataset === 'supply');
    const byLine = Object.fromEntries(q.map((r) => [r.line, r.reason]));
    expect(byLine).toEqual({
      3: 'open_qty: expected a quantity ≥ 0 with at most 3 decimals, got "ten"',
      4: 'open_qty must not be negative, got "-5"',
      5: 'due_date: expected a real date YYYY-MM-DD, got "2026-02-30"',
      6: 'unknown sku (not among the ERP items)',
      7: 'unknown site_code (not among the ERP sites)',
      8: expect.stringMatching(/^duplicate key \(ref\)/),
      9: expect.stringMatching(/^duplicate key \(ref\)/),
      10: 'kind must be one of production, purchase, transfer, got "repair"',
      11: 'due_date is required',
      13: 'invalid UTF-8 (the file must be UTF-8)',
    });
    expect(q.every((r) => r.file === 'supply.csv')).toBe(true);
    expect(q.find((r) => r.line === 6)!.row).toMatchObject({ ref: 'MO-14', sku: 'NOPE' });
    expect(
      (await t.deps.db('erp_supply').whereNull('closed_at').orderBy('ref')).map(
        (r: { ref: string }) => r.ref,
      ),
    ).toEqual(
      // The snapshot keeps the keys of bad rows open (previous data in force) and closes only the absent ones.
      ['MO-10', 'MO-19'],
    );
  });

  test('a file missing a required column quarantines its rows and says so in the warnings', async () => {
    const d = baseDrop();
    d.erp_demand = d.erp_demand.map((r) => r.filter((_v, i) => i !== 4));
    writeDrop(drop, d);
    const run = await syncNow(t);
    const demand = dataset(run, 'erp_demand');
    expect(demand).toMatchObject({ read: 2, quarantined: 2, inserted: 0 });
    expect(demand.warnings.join(' ')).toMatch(/due_date/);
    expect(
      (await quarantineOf(t, run.id)).filter((r) => r.dataset === 'erp_demand').map((r) => r.reason),
    ).toEqual(['due_date is required', 'due_date is required']);
  });

  test('a snapshot shrinking beyond the guard is refused whole and the previous data stays; force accepts it', async () => {
    const d = baseDrop();
    d.supply = [
      d.supply[0]!,
      ...Array.from({ length: 10 }, (_v, i) => [
        `MO-${100 + i}`,
        'production',
        'V-1',
        'P1',
        '1',
        '2026-12-10',
        'firm',
      ]),
    ];
    writeDrop(drop, d);
    await syncNow(t);
    writeDrop(drop, { supply: d.supply.slice(0, 4) });
    const refused = await syncNow(t, { datasets: ['supply'] });
    expect(refused.status).toBe('refused');
    expect(dataset(refused, 'supply').status).toBe('refused');
    expect(dataset(refused, 'supply').warnings.join(' ')).toMatch(/3 rows where 10 are open/);
    expect(await t.deps.db('erp_supply').whereNull('closed_at').count({ n: '*' })).toEqual([
      { n: expect.anything() },
    ]);
    expect(Number((await t.deps.db('erp_supply').whereNull('closed_at').count({ n: '*' }).first())!.n)).toBe(
      10,
    );
    const forced = await syncNow(t, { datasets: ['supply'], force: true });
    expect(dataset(forced, 'supply')).toMatchObject({ status: 'loaded', closed: 7, unchanged: 3 });
  });

  test('quarantined rows are retried on the next run and load once their reference exists', async () => {
    const d = baseDrop();
    d.stock.push(['NEW-1', 'P1', '3', '0']);
    writeDrop(drop, d);
    const first = await syncNow(t);
    expect(dataset(first, 'stock')).toMatchObject({ quarantined: 1 });
    // The stock file is unchanged, but its open quarantine makes the next run read it again.
    d.items.push(['NEW-1', 'New valve', 'EA', 'BALL-VALVE', 'make', '15', '', '', '']);
    writeDrop(drop, { items: d.items });
    const second = await syncNow(t);
    expect(dataset(second, 'stock')).toMatchObject({
      status: 'loaded',
      inserted: 1,
      unchanged: 4,
      quarantined: 0,
    });
    expect(await quarantineOf(t, second.id)).toEqual([]);
    expect(await t.deps.db('erp_quarantine').whereNull('resolved_at')).toEqual([]);
  });

  test("a mapping file renames an ERP's own column names onto the contract's", async () => {
    const d = baseDrop();
    writeDrop(drop, d);
    const mapping = path.join(t.dir, 'mapping.json');
    fs.writeFileSync(
      mapping,
      JSON.stringify({
        datasets: {
          items: { file: 'ARTICLES', columns: { MATNR: 'sku', MAKTX: 'description', MEINS: 'uom' } },
        },
      }),
    );
    fs.rmSync(path.join(drop, 'items.csv'));
    const header = d.items[0]!.map((c) => ({ sku: 'MATNR', description: 'MAKTX', uom: 'MEINS' })[c] ?? c);
    fs.writeFileSync(
      path.join(drop, 'ARTICLES.csv'),
      [header, ...d.items.slice(1)]
        .map((r) => r.map((v) => `"${v.replace(/"/g, '""')}"`).join(','))
        .join('\n'),
    );
    const mapped = await isolatedTestContext({ ERP_MAPPING_FILE: mapping, ERP_DROP_DIR: drop });
    try {
      const run = await syncNow(mapped);
      expect(dataset(run, 'items')).toMatchObject({ file: 'ARTICLES.csv', status: 'loaded', inserted: 3 });
      expect((await mapped.deps.db('items').where({ sku: 'V-2' }).first()).description).toBe(
        'Gate valve DN80',
      );
    } finally {
      await mapped.close();
    }
  });
});

describe('an upsert file without an optional column', () => {
  test('leaves that column of existing rows as it was', async () => {
    const t2 = await isolatedTestContext();
    try {
      resetPlanner();
      const d = baseDrop();
      writeDrop(t2.deps.config.erpDropDir, d);
      await syncNow(t2);
      const withoutFamily = d.items.map((r) => r.filter((_v, i) => i !== 3));
      writeDrop(t2.deps.config.erpDropDir, { items: withoutFamily });
      await syncNow(t2, { datasets: ['items'] });
      expect((await t2.deps.db('items').where({ sku: 'V-1' }).first()).family).toBe('BALL-VALVE');
    } finally {
      await t2.close();
    }
  });
});

describe('supply and stock changes', () => {
  test('keep the previous due date, quantity and on-hand, so a slipped promise can say what moved', async () => {
    const t2 = await isolatedTestContext();
    try {
      resetPlanner();
      const d = baseDrop();
      writeDrop(t2.deps.config.erpDropDir, d);
      await syncNow(t2);
      d.supply = [
        d.supply[0]!,
        ['MO-1', 'production', 'V-1', 'P1', '20', '2026-12-17', 'firm'],
        d.supply[2]!,
        d.supply[3]!.map((v, i) => (i === 4 ? '150' : v)),
      ];
      d.stock = d.stock.map((r, i) => (i === 1 ? ['V-1', 'P1', '7', '2'] : r));
      writeDrop(t2.deps.config.erpDropDir, {
        supply: d.supply.filter((r) => r[0] !== 'MO-2'),
        stock: d.stock,
      });
      const run = await syncNow(t2, { datasets: ['stock', 'supply'] });
      const mo1 = await t2.deps.db('erp_supply').where({ ref: 'MO-1' }).first();
      expect(mo1).toMatchObject({
        due_date: '2026-12-17',
        prev_due_date: '2026-12-10',
        changed_run_id: run.id,
      });
      const pr1 = await t2.deps.db('erp_supply').where({ ref: 'PR-1' }).first();
      expect([Number(pr1.open_qty), Number(pr1.prev_open_qty), pr1.prev_due_date]).toEqual([150, 200, null]);
      const mo2 = await t2.deps.db('erp_supply').where({ ref: 'MO-2' }).first();
      expect([Number(mo2.open_qty), Number(mo2.prev_open_qty), mo2.changed_run_id]).toEqual([0, 5, run.id]);
      const v1 = await t2.deps.db('erp_stock').where({ sku: 'V-1', site_code: 'P1' }).first();
      expect([Number(v1.on_hand), Number(v1.prev_on_hand), v1.changed_run_id]).toEqual([7, 12, run.id]);
    } finally {
      await t2.close();
    }
  });
});
