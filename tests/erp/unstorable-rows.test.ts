import fs from 'node:fs';
import path from 'node:path';
import { inflatingWorkbook } from '../support/xlsx-bomb';
import { isolatedTestContext, TestContext } from '../support/app';
import {
  baseDrop,
  clearDrop,
  dataset,
  quarantineOf,
  resetPlanner,
  syncNow,
  Table,
  writeDrop,
} from './erp-drop';

let t: TestContext;
let drop: string;
beforeEach(async () => {
  resetPlanner();
  t = await isolatedTestContext();
  drop = t.deps.config.erpDropDir;
  clearDrop(drop);
});
afterEach(() => t.close());

describe('ERP rows holding text a database cannot store', () => {
  test('a NUL in a text, a key or a quantity quarantines that row with its reason and the rows after it load', async () => {
    const d = baseDrop();
    const supply: Table = [
      d.supply[0]!,
      ['MO-10', 'production', 'V-1', 'P1', '10', '2026-12-10', 'firm'], // line 2: good
      ['MO-11\u0000', 'production', 'V-1', 'P1', '5', '2026-12-10', 'firm'], // 3: NUL in the key
      ['MO-12', 'production', 'V-1', 'P1', '5\u0000', '2026-12-10', 'firm'], // 4: NUL in a quantity
      ['MO-13', 'production', 'V\u0000-1', 'P1', '5', '2026-12-10', 'firm'], // 5: NUL in a reference
      ['MO-14', 'production', 'V-2', 'P1', '5', '2026-12-12', 'planned'], // 6: good
    ];
    const items: Table = [...d.items, ['V-9', 'Valve\u0000 DN10', 'EA', '', 'buy', '5', '', '', '']];
    writeDrop(drop, { ...d, supply, items });
    const run = await syncNow(t);
    expect(run.status).toBe('partial');
    expect(dataset(run, 'supply')).toMatchObject({ status: 'partial', read: 5, inserted: 2, quarantined: 3 });
    expect(dataset(run, 'items')).toMatchObject({ status: 'partial', read: 4, inserted: 3, quarantined: 1 });
    const q = await quarantineOf(t, run.id);
    expect(Object.fromEntries(q.map((r) => [`${r.dataset}:${r.line}`, r.reason]))).toEqual({
      'supply:3': 'ref must not contain a NUL character (\\u0000)',
      'supply:4': 'open_qty must not contain a NUL character (\\u0000)',
      'supply:5': 'sku must not contain a NUL character (\\u0000)',
      'items:5': 'description must not contain a NUL character (\\u0000)',
    });
    // The row is kept as the file had it, for the ERP team to find.
    expect(q.find((r) => r.line === 3)!.row).toMatchObject({ ref: 'MO-11\u0000' });
    const open = await t.deps.db('erp_supply').whereNull('closed_at').orderBy('ref').pluck('ref');
    expect(open).toEqual(['MO-10', 'MO-14']);
  });
});

describe('an ERP drop with an .xlsx that inflates beyond the limit', () => {
  test('fails that dataset with a reason an operator understands, and the other datasets load', async () => {
    const limited = await isolatedTestContext({ XLSX_MAX_INFLATED_MB: '2', XLSX_MAX_RATIO: '100000' });
    try {
      resetPlanner();
      const dir = limited.deps.config.erpDropDir;
      clearDrop(dir);
      const { sites, customers } = baseDrop();
      writeDrop(dir, { sites, customers });
      const header = baseDrop().items[0]!;
      const bomb = await inflatingWorkbook(
        header.slice(0, -1),
        ['V-1', 'x', 'EA', 'F', 'make', '5', '', ''],
        3,
      );
      fs.writeFileSync(path.join(dir, 'items.xlsx'), bomb);
      const run = await syncNow(limited);
      expect(dataset(run, 'items')).toMatchObject({ status: 'failed', inserted: 0 });
      expect(dataset(run, 'items').warnings).toEqual([
        expect.stringMatching(/^items\.xlsx inflates beyond 2 MB \(XLSX_MAX_INFLATED_MB\)/),
      ]);
      expect(dataset(run, 'sites')).toMatchObject({ status: 'loaded', inserted: 2 });
      expect(dataset(run, 'customers')).toMatchObject({ status: 'loaded', inserted: 2 });
      expect(await limited.deps.db('items').pluck('sku')).toEqual([]);
    } finally {
      await limited.close();
    }
  });
});
