import { pageQuerySchema } from '../shared/http/pagination';
import { S } from '../shared/http/validation';

export const REQUEST_STATUSES = ['open', 'quoted', 'declined'] as const;

const qty = { type: 'number', exclusiveMinimum: 0, maximum: 1e12, maxDecimals: 3 };

export const newRequestSchema = S.object(
  {
    accountId: S.id,
    notes: S.str(2000),
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: 500,
      items: S.object(
        { sku: S.str(40), description: S.str(500), quantity: qty, requestedDate: S.date, notes: S.str(1000) },
        ['quantity', 'requestedDate'],
      ),
    },
  },
  ['accountId', 'lines'],
);
export interface NewRequest {
  accountId: string;
  notes?: string;
  lines: Array<{
    sku?: string;
    description?: string;
    quantity: number;
    requestedDate: string;
    notes?: string;
  }>;
}

export const listRequestsQuery = S.object({
  ...pageQuerySchema,
  accountId: S.id,
  status: { enum: [...REQUEST_STATUSES] },
  assignedTo: S.id,
});
export type ListRequestsQuery = {
  limit?: string;
  cursor?: string;
  accountId?: string;
  status?: string;
  assignedTo?: string;
};
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
