import type { Knex } from 'knex';
import type TestAgent from 'supertest/lib/agent';
import type { TestUser } from '../support/factories';

export interface Dated {
  date: string;
  quantity: number;
}

export interface Bucket {
  date: string;
  receipts: number;
  demand: number;
  atp: number;
}

export interface LedgerVersion {
  version: number;
  at: string;
  changedBy: string;
  actorId: string | null;
  reason: string | null;
  requestedDate: string;
  quantity: number;
  confirmations: Dated[];
  confirmedDate: string | null;
  dateSource: string;
}

export interface OrderLine {
  id: string;
  lineNo: number;
  sku: string;
  site: string;
  quantity: number;
  requestedDate: string;
  confirmations: Dated[];
  confirmedDate: string | null;
  dateSource: string;
  open: boolean;
  promiseHistory: LedgerVersion[];
}

export interface Order {
  id: string;
  number: string;
  accountId: string;
  status: string;
  shipComplete: boolean;
  lines: OrderLine[];
  statusHistory: Array<{
    from: string | null;
    to: string;
    at: string;
    actorId: string | null;
    reason: string | null;
  }>;
}

export interface NewOrderBody {
  accountId: string;
  site?: string;
  customerPo?: string;
  shipComplete?: boolean;
  lines: Array<{ sku: string; quantity: number; requestedDate: string; site?: string }>;
}

export async function postOrder(http: TestAgent, user: TestUser, body: NewOrderBody) {
  return http.post('/api/orders').set('authorization', user.auth).send(body);
}

/** POST /api/orders that must answer 201; the order as the API returned it. */
export async function placeOrder(http: TestAgent, user: TestUser, body: NewOrderBody): Promise<Order> {
  const res = await postOrder(http, user, body);
  if (res.status !== 201) throw new Error(`order refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Order;
}

export async function readOrder(http: TestAgent, user: TestUser, id: string): Promise<Order> {
  const res = await http.get(`/api/orders/${id}`).set('authorization', user.auth);
  if (res.status !== 200) throw new Error(`order not readable: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Order;
}

export async function bucketsOf(
  http: TestAgent,
  user: TestUser,
  sku: string,
  site: string,
): Promise<Bucket[]> {
  const res = await http
    .get(`/api/items/${encodeURIComponent(sku)}/availability`)
    .query({ site })
    .set('authorization', user.auth);
  if (res.status !== 200) throw new Error(`availability refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.buckets as Bucket[];
}

/** ATP on a date as the buckets show it: the ATP of the latest bucket on or before it (S - D is flat in between). */
export function atpOnDate(buckets: Bucket[], date: string): number {
  const before = buckets.filter((b) => b.date <= date);
  return (before.at(-1) ?? buckets[0])?.atp ?? 0;
}

/** The first bucket date on or after `notBefore` whose ATP covers `qty`, as the buckets show it. */
export function firstCoveringDate(buckets: Bucket[], qty: number, notBefore: string): string | null {
  if (atpOnDate(buckets, notBefore) >= qty) return notBefore;
  return buckets.find((b) => b.date > notBefore && b.atp >= qty)?.date ?? null;
}

export async function countRows(
  db: Knex,
  table: string,
  where: (q: Knex.QueryBuilder) => Knex.QueryBuilder,
): Promise<number> {
  const [row] = await where(db(table)).count({ n: '*' });
  return Number((row as { n: number | string }).n);
}

/** Sum of a decimal column, in thousandths, summed exactly in JavaScript (the database returns text or numbers). */
export async function sumMilli(
  db: Knex,
  table: string,
  column: string,
  where: (q: Knex.QueryBuilder) => Knex.QueryBuilder,
): Promise<number> {
  const rows = (await where(db(table)).select({ q: column })) as Array<{ q: string | number }>;
  return rows.reduce((n, r) => n + Math.round(Number(r.q) * 1000), 0);
}
