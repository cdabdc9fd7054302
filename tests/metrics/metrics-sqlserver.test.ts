import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { metricsMergeSql, metricsPruneSql } from '../../connectors/mssql/metrics-out';
import { configuredOutbound } from '../../src/erp/orders-out';
import { createExportRun, getExportRun, runExport } from '../../src/metrics/metrics-export';
import { todayIso } from '../../src/shared/time';
import { FakeMssqlPool } from '../support/fake-mssql';
import { createItem, createSite } from '../support/erp-factories';
import { createAccount } from '../support/factories';
import { useTestApp } from '../support/test-app';
import { addOrder, parseCsv } from './scenario';

/*
 * fulfillment_metrics through the ERP outbound port into a SQL Server table. There is no SQL
 * Server here: the FAKE pool (tests/support/fake-mssql.ts) records every statement with its bound
 * inputs, which is what would go on the wire.
 */

const TABLE = 'dbo.FD_FULFILLMENT_METRICS';
let mappingFile = '';

// The export covers every account of the database: one of its own keeps other files' rows out.
const app = useTestApp({
  isolated: true,
  env: async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-mssql-map-'));
    mappingFile = path.join(dir, 'mapping.json');
    fs.writeFileSync(mappingFile, JSON.stringify({ datasets: {}, fulfillmentMetrics: { table: TABLE } }));
    return {
      ERP_CONNECTOR: 'mssql',
      ERP_MSSQL_URL: 'mssql://fd:secret@erp.invalid/erp',
      ERP_MAPPING_FILE: mappingFile,
    };
  },
});

afterAll(() => fs.rmSync(path.dirname(mappingFile), { recursive: true, force: true }));

beforeAll(async () => {
  const { db } = app.deps;
  const site = await createSite(db);
  const sku = await createItem(db, { family: 'FAM-SQL' });
  const noFamily = await createItem(db);
  const { id: accountId } = await createAccount(db, { erp_customer_id: 'C-SQL' });
  // The first of last month: inside the export's 24 months, and due.
  const month = new Date(Date.parse(`${todayIso()}T00:00:00Z`));
  month.setUTCDate(1);
  month.setUTCMonth(month.getUTCMonth() - 1);
  const on = month.toISOString().slice(0, 10);
  await addOrder(db, {
    accountId,
    orderedOn: on,
    lines: [
      {
        sku,
        site,
        quantity: 10,
        requested: on,
        netPrice: '5.00',
        versions: [{ at: `${on}T08:00:00.000Z`, confirmed: on }],
        shipments: [{ ship: on, quantity: 10 }],
      },
      // An item without family: a key with a NULL, which `=` alone would never match.
      {
        sku: noFamily,
        site,
        quantity: 2,
        requested: on,
        netPrice: '1.00',
        versions: [{ at: `${on}T08:00:00.000Z`, confirmed: on }],
        shipments: [{ ship: on, quantity: 2 }],
      },
    ],
  });
});

async function exportThroughFake() {
  const pool = new FakeMssqlPool({
    results: [
      { match: 'MERGE INTO', columns: [], rows: [] },
      { match: 'DELETE t FROM', columns: [], rows: [] },
    ],
  });
  const runId = await createExportRun(app.deps.db, 'manual', null);
  await runExport(app.deps, runId, configuredOutbound(app.deps, { connectMssql: async () => pool }));
  const csv = fs.readFileSync(path.join(app.deps.config.exportDir!, 'fulfillment_metrics.csv'), 'utf8');
  return { pool, run: await getExportRun(app.deps.db, runId), csv };
}

describe('fulfillment_metrics into SQL Server (fake mssql boundary)', () => {
  test('every exported row is MERGEd by its key, then rows of the written months no longer in the picture are deleted', async () => {
    const { pool, run, csv } = await exportThroughFake();
    expect(run.status).toBe('succeeded');
    const [header, ...records] = parseCsv(csv);
    const merges = pool.executed.filter((q) => q.sql.startsWith('MERGE INTO'));
    // Three bases × two families (one of them none).
    expect(records).toHaveLength(6);
    expect(
      merges.map((q) => header!.map((h) => (q.inputs[h]?.value === null ? '' : String(q.inputs[h]?.value)))),
    ).toEqual(records);
    expect(merges[0]!.sql).toMatch(/^MERGE INTO \[dbo\]\.\[FD_FULFILLMENT_METRICS\] WITH \(HOLDLOCK\)/);

    const prune = pool.executed.at(-1)!;
    expect(prune.sql).toMatch(/^DELETE t FROM \[dbo\]\.\[FD_FULFILLMENT_METRICS\]/);
    const periods = records.map((r) => r[0]!).sort();
    expect(prune.inputs.from?.value).toBe(periods[0]);
    expect(prune.inputs.to?.value).toBe(periods.at(-1));
    expect(JSON.parse(String(prune.inputs.keys?.value))).toEqual(
      records.map((r) => r.slice(0, 5).map((v) => (v === '' ? null : v))),
    );
    expect(pool.executed).toHaveLength(records.length + 1);
  });

  test('a re-run on unchanged data sends the same statements with the same values (the MERGE then changes nothing)', async () => {
    const first = await exportThroughFake();
    const second = await exportThroughFake();
    const sent = (p: FakeMssqlPool) =>
      p.executed.map((q) => [
        q.sql,
        Object.fromEntries(Object.entries(q.inputs).map(([k, v]) => [k, v.value])),
      ]);
    expect(sent(second.pool)).toEqual(sent(first.pool));
    expect(second.csv).toBe(first.csv);
  });
});

describe('the statements', () => {
  test('keys match when both are NULL; an unchanged row is not updated', () => {
    const merge = metricsMergeSql(TABLE);
    expect(merge).toContain('(t.[family] = s.[family] OR (t.[family] IS NULL AND s.[family] IS NULL))');
    expect(merge).toContain('WHEN MATCHED AND EXISTS (SELECT s.[lines_due]');
    expect(merge).not.toContain("'");
    expect(metricsPruneSql(TABLE)).toContain("OPENJSON(@keys) WITH ([period] NVARCHAR(40) '$[0]'");
  });

  test('a table name that is not schema.table is refused before anything is sent', () => {
    expect(() => metricsMergeSql('dbo.x; DROP TABLE y')).toThrow(/fulfillmentMetrics.table/);
  });
});
