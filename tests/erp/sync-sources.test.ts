import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { MssqlConnector } from '../../connectors/mssql/mssql.connector';
import { parseMssqlMapping } from '../../connectors/mssql/mapping';
import { runSync, startRun } from '../../src/erp';
import { watermarkStore } from '../../src/erp/sync.service';
import { isolatedTestContext } from '../support/app';
import { FakeMssqlPool } from '../support/fake-mssql';
import { baseDrop, clearDrop, Drop, dumpErp, resetPlanner, syncNow, Table, writeDrop } from './erp-drop';

const DATE_COLUMNS = new Set(['valid_from', 'valid_to', 'due_date', 'date', 'ship_date', 'delivered_date']);
const NUMBER = /^-?\d+(\.\d+)?$/;

/** The same data as an ERP's Excel export would hold it: numbers as numbers, dates as date cells. */
async function writeXlsxDrop(dir: string, drop: Drop): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  for (const [dataset, rows] of Object.entries(drop) as Array<[string, Table]>) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(dataset);
    const header = rows[0]!;
    ws.addRow(header);
    for (const r of rows.slice(1)) {
      ws.addRow(
        r.map((v, i) => {
          if (v === '') return null;
          if (DATE_COLUMNS.has(header[i]!)) return new Date(`${v}T00:00:00Z`);
          if (NUMBER.test(v) && !['erp_customer_id', 'ref', 'tracking_no'].includes(header[i]!))
            return Number(v);
          return v;
        }),
      );
    }
    await wb.xlsx.writeFile(path.join(dir, `${dataset}.xlsx`));
  }
}

describe('the same ERP data from different sources', () => {
  test('XLSX and CSV files of the same data give the same database', async () => {
    const csv = await isolatedTestContext();
    const xlsx = await isolatedTestContext();
    try {
      resetPlanner();
      clearDrop(csv.deps.config.erpDropDir);
      writeDrop(csv.deps.config.erpDropDir, baseDrop());
      expect((await syncNow(csv)).status).toBe('succeeded');
      resetPlanner();
      clearDrop(xlsx.deps.config.erpDropDir);
      await writeXlsxDrop(xlsx.deps.config.erpDropDir, baseDrop());
      const run = await syncNow(xlsx);
      // On failure the message shows the whole run (its error and each dataset's), not only the status.
      expect(run.status === 'succeeded' ? run.status : JSON.stringify(run)).toBe('succeeded');
      expect(run.datasets.map((d) => d.file)).toContain('items.xlsx');
      expect(await dumpErp(xlsx.deps.db)).toEqual(await dumpErp(csv.deps.db));
    } finally {
      await csv.close();
      await xlsx.close();
    }
  });

  test('the SQL Server connector issues the configured queries, streams, and loads the same database as the file drop', async () => {
    const files = await isolatedTestContext();
    const mssql = await isolatedTestContext();
    try {
      resetPlanner();
      const drop = baseDrop();
      clearDrop(files.deps.config.erpDropDir);
      writeDrop(files.deps.config.erpDropDir, drop);
      await syncNow(files);

      // The fake SQL Server answers each configured query with the drop's rows.
      const asRows = (t: Table) =>
        t.slice(1).map((r) => Object.fromEntries(t[0]!.map((c, i) => [c, r[i] === '' ? null : r[i]])));
      const entries = Object.entries(drop) as Array<[string, Table]>;
      const pool = new FakeMssqlPool({
        upto: '5000',
        results: entries.map(([name, t]) => ({
          match: `dbo.v_fd_${name} `,
          columns: t[0]!,
          rows: asRows(t),
        })),
      });
      const mapping = parseMssqlMapping(
        {
          datasets: Object.fromEntries(
            entries.map(([name]) =>
              name === 'items'
                ? [
                    name,
                    {
                      query: `SELECT * FROM dbo.v_fd_${name} WHERE rv >= @since AND rv < @upto`,
                      incremental: { rowversionColumn: 'rv' },
                    },
                  ]
                : [name, { query: `SELECT * FROM dbo.v_fd_${name} ` }],
            ),
          ),
        },
        'test mapping',
      );
      const runId = await startRun(mssql.deps.db, mssql.deps.config, { connector: 'mssql' }, 'manual', null);
      const status = await runSync(
        mssql.deps,
        runId,
        async () => new MssqlConnector({ pool, mapping, watermarks: watermarkStore(mssql.deps.db) }),
      );
      expect(status).toBe('succeeded');
      const streamed = pool.executed.filter((q) => q.stream).map((q) => q.sql);
      expect(streamed).toEqual(entries.map(([name]) => expect.stringContaining(`dbo.v_fd_${name} `)));
      expect(pool.executed.some((q) => q.sql.includes('MIN_ACTIVE_ROWVERSION'))).toBe(true);
      // The high-water mark is stored once the items dataset committed.
      expect(await watermarkStore(mssql.deps.db).get('items')).toBe('5000');
      expect(await dumpErp(mssql.deps.db)).toEqual(await dumpErp(files.deps.db));
    } finally {
      await files.close();
      await mssql.close();
    }
  });
});
