import sql from 'mssql';
import type { DatasetName } from '../../connectors/connector';
import { MssqlConnector, WatermarkStore } from '../../connectors/mssql/mssql.connector';
import { MssqlMapping } from '../../connectors/mssql/mapping';
import { PAUSE_AT } from '../../connectors/mssql/mssql.stream';
import { FakeMssqlPool, FakeResult } from '../support/fake-mssql';
import { readAll } from './helpers';

class MemoryWatermarks implements WatermarkStore {
  readonly values = new Map<DatasetName, string>();
  async get(dataset: DatasetName): Promise<string | null> {
    return this.values.get(dataset) ?? null;
  }
  async set(dataset: DatasetName, value: string): Promise<void> {
    this.values.set(dataset, value);
  }
}

const SITES_QUERY = 'SELECT WERKS AS site_code, NAME1 AS name FROM dbo.v_fd_sites';
const ITEMS_QUERY =
  'SELECT MATNR AS sku, MAKTX AS description FROM dbo.v_fd_items WHERE rv >= CAST(@since AS BINARY(8)) AND rv < CAST(@upto AS BINARY(8))';
const mapping: MssqlMapping = {
  datasets: {
    sites: { query: SITES_QUERY },
    items: { query: ITEMS_QUERY, incremental: { rowversionColumn: 'rv' } },
  },
};

function connector(results: FakeResult[], watermarks = new MemoryWatermarks(), upto = '5000') {
  const pool = new FakeMssqlPool({ results, upto });
  return { pool, watermarks, connector: new MssqlConnector({ pool, mapping, watermarks }) };
}

const sites = (rows: Record<string, unknown>[], extra: Partial<FakeResult> = {}): FakeResult => ({
  match: 'v_fd_sites',
  columns: ['site_code', 'name'],
  rows,
  ...extra,
});

describe('mssql connector', () => {
  test('a full dataset runs its configured query without inputs and converts values to raw text', async () => {
    const { pool, connector: c } = connector([
      {
        match: 'v_fd_sites',
        columns: ['SITE_CODE', 'name', 'timezone', 'opened', 'extra'],
        rows: [
          {
            SITE_CODE: ' P1 ',
            name: 'Plant 1',
            timezone: '',
            opened: new Date(Date.UTC(2024, 0, 31)),
            extra: 1,
          },
          {
            SITE_CODE: 'P2',
            name: null,
            timezone: 'Europe/Berlin',
            opened: new Date(Date.UTC(2024, 0, 31, 6)),
            extra: 2,
          },
        ],
      },
    ]);
    const source = await c.open('sites');
    expect(source).toMatchObject({
      dataset: 'sites',
      file: 'mssql:sites',
      contentHash: null,
      columns: ['site_code', 'name', 'timezone'],
    });
    expect(source?.warnings).toEqual(['unknown column(s) ignored: opened, extra']);
    expect(source?.commit).toBeUndefined();
    expect(await readAll(source)).toEqual([
      { line: 1, values: { site_code: 'P1', name: 'Plant 1', timezone: null } },
      { line: 2, values: { site_code: 'P2', name: null, timezone: 'Europe/Berlin' } },
    ]);
    const run = pool.executed.find((q) => q.stream);
    expect(run).toEqual({ sql: SITES_QUERY, inputs: {}, stream: true });
    expect(pool.executed.some((q) => q.sql.includes('MIN_ACTIVE_ROWVERSION'))).toBe(false);
  });

  test('numbers, bigints, binary, booleans and timestamps read as the same text a file would hold', async () => {
    const query = 'SELECT * FROM dbo.v_fd_prices';
    const pool = new FakeMssqlPool({
      results: [
        {
          match: 'v_fd_prices',
          columns: ['sku', 'currency', 'unit_price', 'min_qty', 'erp_customer_id', 'valid_from', 'valid_to'],
          rows: [
            {
              sku: Buffer.from([0xab, 0x01]),
              currency: 'EUR',
              unit_price: 0.1,
              min_qty: 9007199254740993n,
              erp_customer_id: true,
              valid_from: new Date(Date.UTC(2025, 2, 1)),
              valid_to: new Date(Date.UTC(2025, 2, 1, 8, 30)),
            },
          ],
        },
      ],
    });
    const c = new MssqlConnector({
      pool,
      mapping: { datasets: { prices: { query } } },
      watermarks: new MemoryWatermarks(),
    });
    expect((await readAll(await c.open('prices')))[0]?.values).toEqual({
      sku: 'ab01',
      currency: 'EUR',
      unit_price: '0.1',
      min_qty: '9007199254740993',
      erp_customer_id: 'true',
      valid_from: '2025-03-01',
      valid_to: '2025-03-01T08:30:00.000Z',
    });
  });

  test('a dataset the mapping has no query for opens as null', async () => {
    expect(await connector([]).connector.open('stock')).toBeNull();
  });

  test('a required column the query does not return is warned about and read as null', async () => {
    const { connector: c } = connector([
      { match: 'v_fd_sites', columns: ['site_code'], rows: [{ site_code: 'P1' }] },
    ]);
    const source = await c.open('sites');
    expect(source?.warnings).toEqual(['missing required column(s): name']);
    expect(await readAll(source)).toEqual([{ line: 1, values: { site_code: 'P1', name: null } }]);
  });

  test('an incremental dataset asks MIN_ACTIVE_ROWVERSION first and reads from 0 up to it when nothing was committed', async () => {
    const { pool, connector: c } = connector([
      {
        match: 'v_fd_items',
        columns: ['sku', 'description', 'rv'],
        rows: [{ sku: 'A-1', description: 'Bolt', rv: Buffer.alloc(8) }],
      },
    ]);
    const source = await c.open('items');
    // The rowversion column is the filter's, not an unknown column.
    expect(source?.warnings).toEqual(['missing required column(s): uom, make_or_buy, lead_time_days']);
    expect(await readAll(source)).toEqual([
      {
        line: 1,
        values: { sku: 'A-1', description: 'Bolt', uom: null, make_or_buy: null, lead_time_days: null },
      },
    ]);
    const first = pool.executed[0];
    expect(first?.sql).toContain('MIN_ACTIVE_ROWVERSION()');
    expect(first?.sql).not.toContain('@@DBTS');
    const run = pool.executed.find((q) => q.stream);
    expect(run?.sql).toBe(ITEMS_QUERY);
    expect(run?.inputs).toEqual({
      since: { type: sql.BigInt, value: '0' },
      upto: { type: sql.BigInt, value: '5000' },
    });
  });

  test("commit() stores the run's upper bound, and the next run starts from it", async () => {
    const watermarks = new MemoryWatermarks();
    const result = { match: 'v_fd_items', columns: ['sku'], rows: [{ sku: 'A-1' }] };
    const first = connector([result], watermarks, '5000');
    const source = await first.connector.open('items');
    await readAll(source);
    await source?.commit?.();
    expect(watermarks.values.get('items')).toBe('5000');

    const second = connector([result], watermarks, '7000');
    await readAll(await second.connector.open('items'));
    expect(second.pool.executed.find((q) => q.stream)?.inputs).toMatchObject({
      since: { value: '5000' },
      upto: { value: '7000' },
    });
  });

  test('without commit() the watermark stays where it was, so a failed load is read again', async () => {
    const watermarks = new MemoryWatermarks();
    await watermarks.set('items', '1200');
    const { connector: c } = connector(
      [{ match: 'v_fd_items', columns: ['sku'], rows: [{ sku: 'A-1' }] }],
      watermarks,
      '5000',
    );
    await readAll(await c.open('items'));
    expect(watermarks.values.get('items')).toBe('1200');
  });

  test('a large result is paused while the consumer lags and every row still arrives in order', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ site_code: `P${i}`, name: `Plant ${i}` }));
    const { pool, connector: c } = connector([sites(rows)]);
    const source = await c.open('sites');
    let consumed = 0;
    let maxAhead = 0;
    for await (const row of source!.rows()) {
      expect(row.values.site_code).toBe(`P${consumed}`);
      consumed += 1;
      maxAhead = Math.max(maxAhead, pool.emitted - consumed);
      // The consumer stops until the stream has paused (or a few seconds passed, and the test
      // fails below): a fixed sleep paused it only when the machine was not busy.
      if (consumed === 500)
        for (let waited = 0; pool.pauseCalls === 0 && waited < 5000; waited += 2)
          await new Promise((r) => setTimeout(r, 2));
    }
    expect(consumed).toBe(5000);
    expect(pool.pauseCalls).toBeGreaterThan(0);
    expect(pool.resumeCalls).toBeGreaterThan(0);
    expect(maxAhead).toBeLessThanOrEqual(PAUSE_AT);
  });

  test('an error event mid-stream rejects the iteration', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ site_code: `P${i}`, name: 'x' }));
    const { connector: c } = connector([
      sites(rows, { failAfter: 3, error: new Error('Conversion failed when converting date') }),
    ]);
    const source = await c.open('sites');
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const row of source!.rows()) seen.push(row.line);
      })(),
    ).rejects.toThrow('Conversion failed when converting date');
    expect(seen.length).toBeLessThanOrEqual(3);
  });

  test('leaving the loop early cancels the request so its connection is released', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({ site_code: `P${i}`, name: 'x' }));
    const { pool, connector: c } = connector([sites(rows)]);
    const source = await c.open('sites');
    for await (const row of source!.rows()) if (row.line === 10) break;
    expect(pool.cancelCalls).toBe(1);
  });

  test('close() closes the pool only when the connector opened it', async () => {
    const pool = new FakeMssqlPool({ results: [] });
    await new MssqlConnector({ pool, mapping, watermarks: new MemoryWatermarks() }).close();
    expect(pool.closed).toBe(false);
    await new MssqlConnector({ pool, mapping, watermarks: new MemoryWatermarks(), ownsPool: true }).close();
    expect(pool.closed).toBe(true);
  });
});
