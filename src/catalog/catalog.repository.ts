import type { Knex } from 'knex';

export interface ItemRow {
  sku: string;
  description: string;
  uom: string;
  family: string | null;
  make_or_buy: 'make' | 'buy';
  lead_time_days: number;
  list_price: string | number | null;
  currency: string | null;
  active: boolean | number;
}

export interface SiteRow {
  site_code: string;
  name: string;
  timezone: string | null;
}

export async function listItems(
  db: Knex,
  filter: { family?: string; search?: string },
  limit: number,
  afterSku: string | null,
): Promise<ItemRow[]> {
  const q = db<ItemRow>('items').select(
    'sku',
    'description',
    'uom',
    'family',
    'make_or_buy',
    'lead_time_days',
    'list_price',
    'currency',
    'active',
  );
  if (filter.family !== undefined) q.where('family', filter.family);
  if (filter.search !== undefined) {
    const like = `%${filter.search.replace(/[\\%_[]/g, (c) => `\\${c}`)}%`;
    q.where((w) =>
      w
        .whereRaw("lower(sku) like lower(?) escape '\\'", [like])
        .orWhereRaw("lower(description) like lower(?) escape '\\'", [like]),
    );
  }
  if (afterSku !== null) q.where('sku', '>', afterSku);
  return q.orderBy('sku').limit(limit + 1);
}

export async function findItem(db: Knex, sku: string): Promise<ItemRow | undefined> {
  return db<ItemRow>('items').where({ sku }).first();
}

export async function listSites(db: Knex): Promise<SiteRow[]> {
  return db<SiteRow>('sites').select('site_code', 'name', 'timezone').orderBy('site_code');
}
