import fs from 'node:fs';
import path from 'node:path';
import type { OrdersOutRow } from '../../connectors/connector';
import { FileDropConnector } from '../../connectors/file-drop/file-drop.connector';
import { MssqlConnector } from '../../connectors/mssql/mssql.connector';
import { FakeMssqlPool } from '../support/fake-mssql';
import { makeDropDirs } from './helpers';

const dirs = makeDropDirs();
afterAll(() => dirs.cleanup());

const watermarks = { get: async () => null, set: async () => undefined };

function row(order: string, lineNo: number, extra: Partial<OrdersOutRow> = {}): OrdersOutRow {
  return {
    order_number: order,
    line_no: lineNo,
    erp_customer_id: 'C1',
    customer_po: null,
    sku: 'SKU-1',
    site_code: 'P1',
    quantity: '2.5',
    requested_date: '2026-12-01',
    confirmed_date: '2026-12-03',
    confirmations: '2026-12-03:2.5',
    status: 'confirmed',
    ship_complete: false,
    payment_terms: 'NET30',
    incoterm: null,
    incoterm_place: null,
    currency: null,
    net_price: null,
    line_total: null,
    updated_at: '2026-11-30T10:00:00.000Z',
    description: null,
    ship_date: '2026-12-03',
    arrival_date: null,
    promised_by: 'ship',
    ...extra,
  };
}

async function* each<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

const csvLines = (dir: string) =>
  fs.readFileSync(path.join(dir, 'orders_out.csv'), 'utf8').trimEnd().split('\r\n');

describe('file-drop outbound', () => {
  test('each write replaces orders_out.csv whole, so the second holds only its own rows', async () => {
    const exportDir = dirs.make();
    const { outbound } = new FileDropConnector({ dir: dirs.make(), exportDir });
    expect(outbound.orders.map((t) => t.takes)).toEqual(['picture']);
    const [files] = outbound.orders;

    expect(await files!.write(each([row('SO-1', 1), row('SO-1', 2)]), { scope: 'picture' })).toBe(2);
    expect(
      await files!.write(each([row('SO-2', 1, { customer_po: 'PO "7", rush' })]), { scope: 'picture' }),
    ).toBe(1);

    const [header, ...data] = csvLines(exportDir);
    expect(header!.split(',').slice(0, 3)).toEqual(['order_number', 'line_no', 'erp_customer_id']);
    expect(data).toEqual([
      'SO-2,1,C1,"PO ""7"", rush",SKU-1,P1,2.5,2026-12-01,2026-12-03,2026-12-03:2.5,confirmed,false,NET30,,,,,,2026-11-30T10:00:00.000Z,,2026-12-03,,ship',
    ]);
    expect(fs.readdirSync(exportDir).sort()).toEqual(['orders_out.csv', 'orders_out.xlsx']);
  });

  test('without an export folder the connector delivers no orders', () => {
    expect(new FileDropConnector({ dir: dirs.make() }).outbound.orders).toEqual([]);
  });
});

describe('mssql outbound', () => {
  test('with a table in its mapping it writes the export folder, then MERGEs the rows into the table', async () => {
    const exportDir = dirs.make();
    const pool = new FakeMssqlPool({ results: [{ match: 'MERGE INTO', columns: [], rows: [] }] });
    let opened = 0;
    const connector = new MssqlConnector({
      pool: async () => (opened++, pool),
      mapping: { datasets: {}, ordersOut: { table: 'dbo.FD_ORDERS_IN' } },
      watermarks,
      ownsPool: true,
      exportDir,
    });
    const [files, table] = connector.outbound.orders;
    expect([files?.takes, table?.takes]).toEqual(['picture', 'changes']);

    await files!.write(each([row('SO-1', 1)]), { scope: 'picture' });
    // Files alone reach no server.
    expect(opened).toBe(0);
    expect(await table!.write(each([row('SO-1', 1), row('SO-1', 2)]), { scope: 'changes' })).toBe(2);
    await table!.write(each([row('SO-1', 3)]), { scope: 'changes' });
    await connector.close();

    expect(opened).toBe(1);
    expect(pool.executed.map((q) => [q.inputs.order_number?.value, q.inputs.line_no?.value])).toEqual([
      ['SO-1', 1],
      ['SO-1', 2],
      ['SO-1', 3],
    ]);
    expect(pool.executed[0]!.sql).toMatch(/^MERGE INTO \[dbo\]\.\[FD_ORDERS_IN\] WITH \(HOLDLOCK\)/);
    expect(pool.closed).toBe(true);
    expect(csvLines(exportDir)).toHaveLength(2);
  });

  test('without a table it has only the files, and closing it opens no connection', async () => {
    let opened = 0;
    const connector = new MssqlConnector({
      pool: async () => (opened++, new FakeMssqlPool({ results: [] })),
      mapping: { datasets: {} },
      watermarks,
      ownsPool: true,
      exportDir: dirs.make(),
    });
    expect(connector.outbound.orders.map((t) => t.label)).toEqual(['orders_out files']);
    await connector.close();
    expect(opened).toBe(0);
  });
});
