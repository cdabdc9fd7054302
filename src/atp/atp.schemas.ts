import { S, Static } from '../shared/http/validation';

export const availabilityQuery = S.object({ site: S.str(20), from: S.date, to: S.date });
export type AvailabilityQuery = Static<typeof availabilityQuery>;

const qty = S.number({ exclusiveMinimum: 0, maximum: 1e12, maxDecimals: 3 });

export const checkLineSchema = S.object(
  {
    sku: S.str(40),
    quantity: qty,
    requestedDate: S.date,
    allowPartial: S.boolean,
    site: S.str(20),
  },
  ['sku', 'quantity', 'requestedDate'],
);

export const checkSchema = S.object(
  { site: S.str(20), lines: S.array(checkLineSchema, { minItems: 1, maxItems: 500 }) },
  ['lines'],
);
export type CheckBody = Static<typeof checkSchema>;

/** A quantity on a date, as every promise shows its confirmations. */
export const datedQtySchema = S.object({ date: S.date, quantity: { type: 'number' } });
export const dateSourceSchema = { enum: ['stock', 'supply', 'lead_time', 'capacity', 'none'] };

export const availabilitySchema = S.object({
  sku: { type: 'string' },
  site: { type: 'string' },
  buckets: {
    type: 'array',
    items: S.object({
      date: S.date,
      receipts: { type: 'number' },
      demand: { type: 'number' },
      atp: { type: 'number' },
    }),
  },
});

export const checkResultSchema = S.object({
  lines: {
    type: 'array',
    items: S.object({
      sku: { type: 'string' },
      site: { type: 'string' },
      quantity: { type: 'number' },
      requestedDate: S.date,
      confirmations: { type: 'array', items: datedQtySchema },
      confirmedDate: { type: ['string', 'null'] },
      source: dateSourceSchema,
    }),
  },
});
