import type { JsonSchema } from './validation';

/** The response schema of a paged list endpoint. */
export function pageOf(item: JsonSchema): JsonSchema {
  return {
    type: 'object',
    properties: { items: { type: 'array', items: item }, nextCursor: { type: ['string', 'null'] } },
    required: ['items', 'nextCursor'],
  };
}
