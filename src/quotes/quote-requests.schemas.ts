import { pageQuerySchema } from '../shared/http/pagination';
import { S, Static } from '../shared/http/validation';

export const REQUEST_STATUSES = ['open', 'quoted', 'declined'] as const;

const qty = S.number({ exclusiveMinimum: 0, maximum: 1e12, maxDecimals: 3 });

export const newRequestSchema = S.object(
  {
    accountId: S.id,
    notes: S.str(2000),
    lines: S.array(
      S.object(
        { sku: S.str(40), description: S.str(500), quantity: qty, requestedDate: S.date, notes: S.str(1000) },
        ['quantity', 'requestedDate'],
      ),
      { minItems: 1, maxItems: 500 },
    ),
  },
  ['accountId', 'lines'],
);
export type NewRequest = Static<typeof newRequestSchema>;

export const listRequestsQuery = S.object({
  ...pageQuerySchema,
  accountId: S.id,
  status: S.enum(REQUEST_STATUSES),
  assignedTo: S.id,
});
export type ListRequestsQuery = Static<typeof listRequestsQuery>;
export const assignSchema = S.object({ userId: S.id }, ['userId']);

export const requestSchema = S.object({
  id: S.id,
  number: { type: 'string' },
  accountId: S.id,
  status: { enum: [...REQUEST_STATUSES] },
  assignedTo: { type: ['string', 'null'] },
  notes: { type: ['string', 'null'] },
  declineReason: { type: ['string', 'null'] },
  createdAt: { type: 'string' },
  lines: { type: 'array' },
});
