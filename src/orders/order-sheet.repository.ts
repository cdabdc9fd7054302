import type { Knex } from 'knex';
import { readPrepared, readRowsTogether } from '../shared/db/array-rows';
import { type Compiled, compileOnce } from '../shared/db/compile-once';
import { dialectOf } from '../shared/db/knex';
import type { AccountScope } from '../shared/http/actor';
import * as repo from './orders.repository';

/** Everything an order's read shows, read together: the order, its lines and what hangs off them. */
export interface OrderSheet {
  order: repo.OrderRow;
  lines: repo.OrderLineRow[];
  confirmations: repo.ConfirmationRow[];
  ledger: repo.LedgerRow[];
  shipments: Array<Record<string, unknown>>;
  history: Array<Record<string, unknown>>;
  custom: repo.CustomLineRow[];
}

/**
 * One order with its lines, confirmations, promise ledger, ERP shipments, status history and
 * non-catalog lines (null when the order is not there or not in the caller's scope).
 *
 * On PostgreSQL it is one statement, prepared once per connection: the order row and each part as
 * json (row_to_json, json_agg subqueries). A
 * customer's order status is the portal's busiest read, and as seven statements it cost seven
 * round trips, seven plans and, under load, seven waits for one of the pool's connections; the
 * database, not the read, was the limit. JSON numbers stand for numeric columns (three decimals
 * at most: exact in a double below 10^12, far past any quantity or amount; readers take numbers
 * or text alike).
 * Elsewhere the parts are separate statements: SQLite answers each in microseconds in-process,
 * and SQL Server's FOR JSON would be a third dialect to keep for no measured need.
 */
const jsonAgg = (db: Knex, alias: string, q: Knex.QueryBuilder, orderBy: string[], as: string) =>
  q
    .select(
      db.raw(`coalesce(json_agg(?? order by ${orderBy.map(() => '??').join(', ')}), '[]'::json)`, [
        alias,
        ...orderBy,
      ]),
    )
    .as(as);

/** PostgreSQL's one statement: the order row, each part a json_agg subquery beside it. */
function sheetStatement(db: Knex, id: string, accountId: string | null): Knex.QueryBuilder {
  const linesOf = (alias: string, table: string) =>
    db(`${table} as ${alias}`)
      .join('order_lines as ol', 'ol.id', `${alias}.order_line_id`)
      .whereRaw('?? = ??', ['ol.order_id', 'o.id']);
  const byOrder = (table: string, alias: string) =>
    db(`${table} as ${alias}`).whereRaw('?? = ??', [`${alias}.order_id`, 'o.id']);
  const q = db('orders as o').where('o.id', id);
  if (accountId !== null) q.where('o.account_id', accountId);
  // Every column as json, the parts' way too: a prepared statement's result type stays the same
  // when a later migration adds a column (o.* would make PostgreSQL refuse the cached plan).
  return q.first(
    db.raw('row_to_json(??) as ??', ['o', 'x_order']),
    jsonAgg(db, 'l', byOrder('order_lines', 'l'), ['l.line_no'], 'x_lines'),
    jsonAgg(
      db,
      'c',
      linesOf('c', 'order_line_confirmations'),
      ['c.order_line_id', 'c.date'],
      'x_confirmations',
    ),
    jsonAgg(db, 'v', linesOf('v', 'promise_ledger'), ['v.order_line_id', 'v.version'], 'x_ledger'),
    jsonAgg(
      db,
      's',
      db('erp_shipments as s').whereRaw('?? = ??', ['s.order_ref', 'o.number']),
      ['s.ship_date', 's.shipment_ref', 's.line_no'],
      'x_shipments',
    ),
    jsonAgg(db, 'h', byOrder('order_status_history', 'h'), ['h.id'], 'x_history'),
    jsonAgg(db, 'u', byOrder('order_custom_lines', 'u'), ['u.line_no'], 'x_custom'),
  );
}
const sheetOfAny = compileOnce((db, id: string) => [sheetStatement(db, id, null)]);
const sheetOfAccount = compileOnce((db, id: string, accountId: string) => [
  sheetStatement(db, id, accountId),
]);

export async function findOrderSheet(
  db: Knex,
  scope: AccountScope,
  id: string,
): Promise<OrderSheet | undefined> {
  if (dialectOf(db) !== 'postgres') return findOrderSheetByParts(db, scope, id);
  const [statement] = (
    scope.kind === 'all' ? sheetOfAny(db, id) : sheetOfAccount(db, id, scope.accountId)
  ) as [Compiled];
  const [row] = (await readPrepared(db, `fd_order_sheet_${scope.kind}`, statement)) as Array<{
    x_order: repo.OrderRow;
    x_lines: repo.OrderLineRow[];
    x_confirmations: repo.ConfirmationRow[];
    x_ledger: repo.LedgerRow[];
    x_shipments: Array<Record<string, unknown>>;
    x_history: Array<Record<string, unknown>>;
    x_custom: repo.CustomLineRow[];
  }>;
  if (!row) return undefined;
  const { x_order, x_lines, x_confirmations, x_ledger, x_shipments, x_history, x_custom } = row;
  return {
    order: x_order,
    lines: x_lines,
    confirmations: x_confirmations,
    ledger: x_ledger,
    shipments: x_shipments,
    history: x_history,
    custom: x_custom,
  };
}

/** The parts as separate statements, none waiting for another (the lines' parts are found by the order's id). */
function partStatements(db: Knex, id: string, accountId: string | null): Knex.QueryBuilder[] {
  const ofLines = (table: string) =>
    db(`${table} as c`)
      .join('order_lines as ol', 'ol.id', 'c.order_line_id')
      .where('ol.order_id', id)
      .select('c.*');
  const order = db('orders').where('id', id);
  if (accountId !== null) order.where('account_id', accountId);
  return [
    order.limit(1),
    db('order_lines').where('order_id', id).orderBy('line_no'),
    ofLines('order_line_confirmations').orderBy(['c.order_line_id', 'c.date']),
    ofLines('promise_ledger').orderBy(['c.order_line_id', 'c.version']),
    db('erp_shipments as c')
      .join('orders as o', 'o.number', 'c.order_ref')
      .where('o.id', id)
      .orderBy(['c.ship_date', 'c.shipment_ref', 'c.line_no'])
      .select('c.*'),
    db('order_status_history').where('order_id', id).orderBy('id'),
    db('order_custom_lines').where('order_id', id).orderBy('line_no'),
  ];
}
const partsOfAny = compileOnce((db, id: string) => partStatements(db, id, null));
const partsOfAccount = compileOnce((db, id: string, accountId: string) => partStatements(db, id, accountId));

/** SQLite compiles the parts once (see compileOnce); SQL Server builds them per read. */
async function findOrderSheetByParts(
  db: Knex,
  scope: AccountScope,
  id: string,
): Promise<OrderSheet | undefined> {
  const accountId = scope.kind === 'all' ? null : scope.accountId;
  const parts =
    dialectOf(db) !== 'sqlite'
      ? partStatements(db, id, accountId)
      : accountId === null
        ? partsOfAny(db, id)
        : partsOfAccount(db, id, accountId);
  const [[order], lines, confirmations, ledger, shipments, history, custom] = await readRowsTogether<
    [
      repo.OrderRow,
      repo.OrderLineRow,
      repo.ConfirmationRow,
      repo.LedgerRow,
      Record<string, unknown>,
      Record<string, unknown>,
      repo.CustomLineRow,
    ]
  >(db, parts as never);
  return order && { order, lines, confirmations, ledger, shipments, history, custom };
}
