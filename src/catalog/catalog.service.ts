import type { Knex } from 'knex';
import { notFound } from '../shared/errors';
import { decodeCursor, Page, parseLimit, toPage } from '../shared/http/pagination';
import * as repo from './catalog.repository';
import type { Item, ListItemsQuery } from './catalog.schemas';

/** Decimals leave as exact text: SQLite gives numbers, PostgreSQL strings; neither is summed here. */
const decimalText = (v: string | number | null): string | null => (v === null ? null : String(v));

export const toItem = (r: repo.ItemRow): Item => ({
  sku: r.sku,
  description: r.description,
  uom: r.uom,
  family: r.family,
  makeOrBuy: r.make_or_buy,
  leadTimeDays: Number(r.lead_time_days),
  listPrice: decimalText(r.list_price),
  currency: r.currency,
  active: Boolean(r.active),
});

export async function listItems(db: Knex, q: ListItemsQuery): Promise<Page<Item>> {
  const limit = parseLimit(q.limit);
  const after = decodeCursor(q.cursor, 1);
  const filter = {
    ...(q.family !== undefined && { family: q.family }),
    ...(q.q !== undefined && { search: q.q }),
  };
  const rows = await repo.listItems(db, filter, limit, after?.[0] ?? null);
  return toPage(rows, limit, toItem, (r) => [r.sku]);
}

export async function getItem(db: Knex, sku: string): Promise<Item> {
  const row = await repo.findItem(db, sku);
  if (!row) throw notFound('Item');
  return toItem(row);
}

export async function listSites(db: Knex) {
  return (await repo.listSites(db)).map((s) => ({
    siteCode: s.site_code,
    name: s.name,
    timezone: s.timezone,
  }));
}
