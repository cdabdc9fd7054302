import { createRecordingMssqlKnex } from './tests/support/mssql-recorder';
import * as merge from './src/erp/merge.repository';
import { openStaging, stagingName } from './src/erp/staging.repository';
import { datasetSpec } from './src/erp/datasets';
(async () => {
  const { db, statements } = createRecordingMssqlKnex();
  const NOW = '2026-11-23T10:00:00.000Z';
  for (const name of ['stock', 'customers', 'prices'] as const) {
    const spec = datasetSpec(name);
    const stg = stagingName('mssql', spec);
    await db.transaction(async (trx) => {
      await merge.indexStaging(trx, stg, spec);
      await merge.markDuplicates(trx, stg, spec);
      for (const r of spec.references) await merge.markUnknownReferences(trx, stg, r);
      console.log(await merge.countMerge(trx, stg, spec));
      await merge.applyUpdates(trx, stg, spec, NOW, new Set(spec.columns.map(c=>c.name)));
      await merge.insertNew(trx, stg, spec, NOW);
      if (spec.mode === 'snapshot') console.log(await merge.closeAbsent(trx, stg, spec, NOW));
      console.log(await merge.pageBadRows(trx, stg, 0, 2000));
    });
  }
  const spec = datasetSpec('stock');
  const st = await openStaging(db, spec);
  const rows = Array.from({ length: 450 }, (_, i) => ({ line: i + 2, bad: i % 7 === 0, reason: null, raw: null, rowHash: 'a'.repeat(40), newId: null, values: ['SKU-' + i, 'S1', '10.5', true] as any }));
  await st.write(rows);
  console.log(await st.merge(async (trx) => { await trx(st.table).count({n:'*'}); return 5; }));
  await st.dispose();
  for (const s of statements) console.log(s.sql.slice(0, 1500), s.bindings.length, JSON.stringify(s.bindings).slice(0, 200));
  await db.destroy();
})().catch(e => { console.error('ERR', e); process.exit(1); });
