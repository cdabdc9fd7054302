import fs from 'node:fs';
import path from 'node:path';
import type {
  ErpConnector,
  OrdersOutRow,
  OutboundContext,
  OutboundScope,
  OutboundTarget,
} from '../../connectors';
import type { Deps } from '../../src/deps';
import { configuredOutbound, exportOrders } from '../../src/erp/orders-out';
import { addDays, todayIso } from '../../src/shared/time';
import { isolatedTestContext, TestContext } from '../support/app';
import { createItem, createSite, setStock } from '../support/erp-factories';
import { createAccount, createTestUser, TestUser, uniq } from '../support/factories';

/*
 * orders-out builds the rows; the connector's outbound port delivers them. Here the connector is
 * one of the test's own, whose targets keep what they are given in arrays.
 */

let t: TestContext;
let am: TestUser;

// The picture is every order of the database: a database of its own keeps other files' orders out.
beforeAll(async () => {
  t = await isolatedTestContext();
  am = await createTestUser(t.deps.db, 'account_manager');
});
afterAll(() => t.close());

interface Received {
  rows: OrdersOutRow[];
  ctx: OutboundContext;
}

/** A target that keeps each write's rows; `fail` makes it throw after reading them. */
function arrayTarget(takes: OutboundScope, fail?: Error) {
  const writes: Received[] = [];
  const target: OutboundTarget<OrdersOutRow> = {
    label: `array (${takes})`,
    takes,
    write: async (rows, ctx) => {
      const got: OrdersOutRow[] = [];
      for await (const row of rows) got.push(row);
      writes.push({ rows: got, ctx });
      if (fail) throw fail;
      return got.length;
    },
  };
  return { target, writes };
}

function arrayConnector(...targets: OutboundTarget<OrdersOutRow>[]) {
  const state = { closed: 0 };
  const connector: ErpConnector = {
    name: 'array',
    open: async () => null,
    outbound: { orders: targets, rmas: [], metrics: [] },
    close: async () => {
      state.closed += 1;
    },
  };
  return { connector, state, open: async () => connector };
}

/** An order of two lines (5 and 2.5 of stocked skus), taken through the API. */
async function takeOrder(): Promise<{ id: string; number: string; skus: string[] }> {
  const db = t.deps.db;
  const site = await createSite(db);
  const skus = [await createItem(db), await createItem(db)];
  for (const sku of skus) await setStock(db, sku, site, 100);
  const account = await createAccount(db);
  const res = await t.http
    .post('/api/orders')
    .set('authorization', am.auth)
    .send({
      accountId: account.id,
      site,
      customerPo: uniq('PO'),
      lines: [
        { sku: skus[0], quantity: 5, requestedDate: addDays(todayIso(), 2) },
        { sku: skus[1], quantity: 2.5, requestedDate: addDays(todayIso(), 2) },
      ],
    });
  expect(res.status).toBe(201);
  await t.deps.jobs.drain();
  return { id: res.body.id, number: res.body.number, skus };
}

const keys = (rows: OrdersOutRow[]) => rows.map((r) => `${r.order_number}/${r.line_no}`).sort();

describe("orders_out through the connector's outbound port", () => {
  test("an order's export gives a picture target every order and a changes target only that order", async () => {
    const a = await takeOrder();
    const b = await takeOrder();
    const picture = arrayTarget('picture');
    const changes = arrayTarget('changes');
    const port = arrayConnector(picture.target, changes.target);

    const result = await exportOrders(t.deps, { orderIds: [a.id, a.id] }, port.open);

    expect(picture.writes).toHaveLength(1);
    expect(picture.writes[0]!.ctx).toEqual({ scope: 'picture' });
    expect(keys(picture.writes[0]!.rows)).toEqual(
      expect.arrayContaining([`${a.number}/1`, `${a.number}/2`, `${b.number}/1`, `${b.number}/2`]),
    );
    expect(changes.writes).toEqual([
      {
        ctx: { scope: 'changes' },
        rows: [
          expect.objectContaining({ order_number: a.number, line_no: 1, sku: a.skus[0], quantity: '5' }),
          expect.objectContaining({ order_number: a.number, line_no: 2, sku: a.skus[1], quantity: '2.5' }),
        ],
      },
    ]);
    expect(result).toEqual({ fileRows: picture.writes[0]!.rows.length, mergedRows: 2 });
    expect(port.state.closed).toBe(1);
  });

  test('the nightly export (no order ids) gives a changes target the whole picture', async () => {
    const a = await takeOrder();
    const changes = arrayTarget('changes');
    const port = arrayConnector(changes.target);

    const result = await exportOrders(t.deps, {}, port.open);

    expect(changes.writes).toHaveLength(1);
    expect(changes.writes[0]!.ctx).toEqual({ scope: 'picture' });
    expect(keys(changes.writes[0]!.rows)).toEqual(expect.arrayContaining([`${a.number}/1`, `${a.number}/2`]));
    // No target took the picture as such: nothing counts as file rows.
    expect(result).toEqual({ fileRows: 0, mergedRows: changes.writes[0]!.rows.length });
  });

  test('a target that fails fails the export, the targets after it get nothing, and the connector is closed', async () => {
    await takeOrder();
    const failing = arrayTarget('picture', new Error('disk full'));
    const after = arrayTarget('changes');
    const port = arrayConnector(failing.target, after.target);

    await expect(exportOrders(t.deps, {}, port.open)).rejects.toThrow('disk full');
    expect(failing.writes).toHaveLength(1);
    expect(after.writes).toEqual([]);
    expect(port.state.closed).toBe(1);
  });
});

describe('the configured connectors as outbound ports', () => {
  test('file-drop writes orders_out.csv and .xlsx into EXPORT_DIR', async () => {
    const a = await takeOrder();
    fs.rmSync(t.deps.config.exportDir, { recursive: true, force: true });

    const result = await exportOrders(t.deps, { orderIds: [a.id] });

    expect(fs.readdirSync(t.deps.config.exportDir).sort()).toEqual(['orders_out.csv', 'orders_out.xlsx']);
    const csv = fs.readFileSync(path.join(t.deps.config.exportDir, 'orders_out.csv'), 'utf8');
    expect(csv).toContain(`${a.number},1,`);
    expect(result.mergedRows).toBeNull();
    expect(result.fileRows).toBeGreaterThanOrEqual(2);
  });

  test('mssql with no ordersOut table in its mapping writes the files and never connects to SQL Server', async () => {
    const a = await takeOrder();
    const mappingFile = path.join(t.dir, `mapping-${uniq('m')}.json`);
    fs.writeFileSync(mappingFile, JSON.stringify({ datasets: {} }));
    const deps: Deps = {
      ...t.deps,
      config: {
        ...t.deps.config,
        erpConnector: 'mssql',
        erpMappingFile: mappingFile,
        erpMssqlUrl: 'mssql://fd:secret@erp.invalid/erp',
      },
    };
    fs.rmSync(deps.config.exportDir, { recursive: true, force: true });
    const connect = jest.fn(async () => {
      throw new Error('no SQL Server here');
    });

    const result = await exportOrders(
      deps,
      { orderIds: [a.id] },
      configuredOutbound(deps, { connectMssql: connect }),
    );

    expect(connect).not.toHaveBeenCalled();
    expect(result.mergedRows).toBeNull();
    const csv = fs.readFileSync(path.join(deps.config.exportDir, 'orders_out.csv'), 'utf8');
    expect(csv).toContain(`${a.number},2,`);
  });
});
