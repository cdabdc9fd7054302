import { pageQuerySchema } from '../shared/http/pagination';
import { S } from '../shared/http/validation';

export const itemSchema = S.object({
  sku: { type: 'string' },
  description: { type: 'string' },
  uom: { type: 'string' },
  family: { type: ['string', 'null'] },
  makeOrBuy: { enum: ['make', 'buy'] },
  leadTimeDays: { type: 'integer' },
  listPrice: { type: ['string', 'null'], description: 'decimal as text, exact' },
  currency: { type: ['string', 'null'] },
  active: { type: 'boolean' },
});

export interface Item {
  sku: string;
  description: string;
  uom: string;
  family: string | null;
  makeOrBuy: 'make' | 'buy';
  leadTimeDays: number;
  listPrice: string | null;
  currency: string | null;
  active: boolean;
}

export const siteSchema = S.object({
  siteCode: { type: 'string' },
  name: { type: 'string' },
  timezone: { type: ['string', 'null'] },
});

export const listItemsQuery = S.object({ ...pageQuerySchema, family: S.str(40), q: S.str(100) });
export type ListItemsQuery = { limit?: string; cursor?: string; family?: string; q?: string };

export const skuParams = S.object({ sku: S.str(40) }, ['sku']);
