import type { Deps } from '../deps';
import { pageOf } from '../shared/http/openapi-helpers';
import { AnyRoute, defineRoute } from '../shared/http/route';
import { itemSchema, ListItemsQuery, listItemsQuery, siteSchema, skuParams } from './catalog.schemas';
import * as service from './catalog.service';

export function catalogRoutes({ db }: Deps): AnyRoute[] {
  return [
    defineRoute<unknown, ListItemsQuery>({
      method: 'get',
      path: '/api/items',
      tag: 'Catalog',
      summary: 'List items (from the ERP), by family or a search on sku and description',
      access: 'any',
      query: listItemsQuery,
      responses: { 200: { description: 'A page of items', schema: pageOf(itemSchema) } },
      handler: async ({ query }) => ({ status: 200, body: await service.listItems(db, query) }),
    }),
    defineRoute<unknown, Record<string, never>, { sku: string }>({
      method: 'get',
      path: '/api/items/:sku',
      tag: 'Catalog',
      summary: 'One item',
      access: 'any',
      params: skuParams,
      responses: { 200: { description: 'The item', schema: itemSchema } },
      handler: async ({ params }) => ({ status: 200, body: await service.getItem(db, params.sku) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/sites',
      tag: 'Catalog',
      summary: 'Plants and warehouses (from the ERP)',
      access: 'any',
      responses: {
        200: {
          description: 'Sites',
          schema: { type: 'object', properties: { items: { type: 'array', items: siteSchema } } },
        },
      },
      handler: async () => ({ status: 200, body: { items: await service.listSites(db) } }),
    }),
  ];
}
