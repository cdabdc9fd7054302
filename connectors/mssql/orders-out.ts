import sql from 'mssql';
import type { OrdersOutRow, OutboundTarget } from '../connector';
import { upsertMergeSql } from './merge-sql';
import type { MssqlPoolLike } from './mssql.stream';

/**
 * orders_out into the ERP's own SQL Server: a MERGE per order line into the staging table the
 * mapping names (`ordersOut.table`), keyed by order_number + line_no, so exporting an order twice
 * leaves one row per line. Every value is a bound parameter; only the table name is written into
 * the statement, because SQL Server cannot bind one, and so it must pass a strict pattern first.
 */

/** The staging table's columns (the file's, same names) with the parameter type each is sent as. */
const PARAMS: ReadonlyArray<readonly [keyof OrdersOutRow, unknown]> = Object.entries({
  order_number: sql.NVarChar(30),
  line_no: sql.Int,
  erp_customer_id: sql.NVarChar(40),
  customer_po: sql.NVarChar(60),
  sku: sql.NVarChar(40),
  site_code: sql.NVarChar(20),
  quantity: sql.Decimal(18, 3),
  requested_date: sql.NVarChar(10),
  confirmed_date: sql.NVarChar(10),
  confirmations: sql.NVarChar(sql.MAX),
  status: sql.NVarChar(20),
  ship_complete: sql.Bit,
  payment_terms: sql.NVarChar(60),
  incoterm: sql.NVarChar(3),
  incoterm_place: sql.NVarChar(100),
  currency: sql.NVarChar(3),
  net_price: sql.Decimal(18, 4),
  line_total: sql.Decimal(18, 4),
  updated_at: sql.NVarChar(24),
  description: sql.NVarChar(500),
  ship_date: sql.NVarChar(10),
  arrival_date: sql.NVarChar(10),
  promised_by: sql.NVarChar(8),
} satisfies Record<keyof OrdersOutRow, unknown>) as Array<[keyof OrdersOutRow, unknown]>;

const KEY: ReadonlyArray<keyof OrdersOutRow> = ['order_number', 'line_no'];

/** One part of `schema.table` or `table`, bracketed or not: letters, digits and _, at most 128 (sysname). */
const NAME_PART = /^(?:\[([A-Za-z_][A-Za-z0-9_]{0,127})\]|([A-Za-z_][A-Za-z0-9_]{0,127}))$/;

/** `dbo.FD_ORDERS_IN` -> `[dbo].[FD_ORDERS_IN]`; anything else is refused. */
export function quoteStagingTable(name: string, setting = 'ordersOut.table'): string {
  const parts = name.split('.');
  const quoted = parts.map((part) => {
    const m = NAME_PART.exec(part);
    return m ? `[${m[1] ?? m[2]}]` : null;
  });
  if (parts.length > 2 || quoted.some((q) => q === null)) {
    throw new Error(
      `${setting} ${JSON.stringify(name)} is not a table name: expected schema.table of letters, digits and _`,
    );
  }
  return quoted.join('.');
}

/** The upsert of one line, keyed by order_number + line_no (see upsertMergeSql). */
export function ordersOutMergeSql(table: string): string {
  const on = KEY.map((k) => `t.[${k}] = s.[${k}]`).join(' AND ');
  return upsertMergeSql(
    quoteStagingTable(table),
    PARAMS.map(([column]) => column),
    KEY,
    on,
  );
}

/** Upserts the rows one MERGE each; the table name is checked before any statement is sent. Returns the rows sent. */
export async function mergeOrdersOut(
  pool: MssqlPoolLike,
  table: string,
  rows: AsyncIterable<OrdersOutRow> | Iterable<OrdersOutRow>,
): Promise<number> {
  const statement = ordersOutMergeSql(table);
  let count = 0;
  for await (const row of rows) {
    const request = pool.request();
    for (const [column, type] of PARAMS)
      request.input(column, type, column === 'quantity' ? Number(row.quantity) : row[column]);
    await request.query(statement);
    count += 1;
  }
  return count;
}

/**
 * The staging table as an outbound target: an upsert by key, so the changed orders' rows are
 * enough. The pool is asked for when the target writes, not when the connector is made.
 */
export function ordersOutTableTarget(
  table: string,
  pool: () => Promise<MssqlPoolLike>,
): OutboundTarget<OrdersOutRow> {
  return {
    label: 'orders_out (SQL Server)',
    takes: 'changes',
    write: async (rows) => mergeOrdersOut(await pool(), table, rows),
  };
}
