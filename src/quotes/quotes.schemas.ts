import { dateSourceSchema } from '../atp';
import { deliveryDateFields } from '../orders';
import { pageQuerySchema } from '../shared/http/pagination';
import { S, Static } from '../shared/http/validation';

export const QUOTE_STATUSES = [
  'draft',
  'pending_approval',
  'sent',
  'accepted',
  'rejected',
  'expired',
  'superseded',
] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/** Incoterms 2020: the rules for any mode of transport, then those for sea and inland waterway. */
export const INCOTERMS = [
  'EXW',
  'FCA',
  'CPT',
  'CIP',
  'DAP',
  'DPU',
  'DDP',
  'FAS',
  'FOB',
  'CFR',
  'CIF',
] as const;

const qty = S.number({ exclusiveMinimum: 0, maximum: 1e12, maxDecimals: 3 });
const price = S.number({ minimum: 0, maximum: 1e12, maxDecimals: 4 });
const pct = S.number({ minimum: 0, maximum: 100, maxDecimals: 3 });
const currency = S.string({ pattern: '^[A-Z]{3}$' });

export const termsSchema = S.object({
  paymentTerms: S.str(60),
  incoterm: S.enum(INCOTERMS),
  incotermPlace: S.str(100),
  shipComplete: S.boolean,
  note: S.str(1000, 0),
});
export type Terms = Static<typeof termsSchema>;

/** A catalog line names a sku; a non-catalog line (a custom flange) a description, its price and lead time. */
export const quoteLineInput = S.object(
  {
    sku: S.str(40),
    description: S.str(500),
    quantity: qty,
    requestedDate: S.date,
    unitPrice: price,
    discountPct: pct,
    leadTimeDays: S.integer({ minimum: 0, maximum: 730 }),
    site: S.str(20),
  },
  ['quantity', 'requestedDate'],
);
export type QuoteLineInput = Static<typeof quoteLineInput>;

const lines = S.array(quoteLineInput, { minItems: 1, maxItems: 2000 });

export const newQuoteSchema = S.object(
  { accountId: S.id, quoteRequestId: S.id, currency, validUntil: S.date, terms: termsSchema, lines },
  ['accountId'],
);
export type NewQuote = Static<typeof newQuoteSchema>;

export const revisionSchema = S.object(
  { reason: S.str(500), validUntil: S.date, terms: termsSchema, lines },
  ['reason'],
);
export type NewRevision = Static<typeof revisionSchema>;

export const acceptSchema = S.object({ revision: S.integer({ minimum: 1 }), customerPo: S.str(60) }, [
  'revision',
]);
export const reasonSchema = S.object({ reason: S.str(500) }, ['reason']);
export const noteSchema = S.object({ note: S.str(1000) });

export const counterOfferSchema = S.object(
  {
    revision: S.integer({ minimum: 1 }),
    note: S.str(1000),
    lines: S.array(
      S.object({ lineNo: S.integer({ minimum: 1 }), targetPrice: price, targetDate: S.date, quantity: qty }, [
        'lineNo',
      ]),
      { minItems: 1, maxItems: 2000 },
    ),
  },
  ['revision', 'lines'],
);
export type CounterOffer = Static<typeof counterOfferSchema>;

export const quoteIdParams = S.object({ id: S.id }, ['id']);
export const getQuoteQuery = S.object({ revision: S.queryInt });
export const diffQuery = S.object({ from: S.queryInt, to: S.queryInt }, ['from', 'to']);
export const listQuotesQuery = S.object({
  ...pageQuerySchema,
  accountId: S.id,
  status: S.enum(QUOTE_STATUSES),
});
export type ListQuotesQuery = Static<typeof listQuotesQuery>;
export const exportQuery = S.object({ accountId: S.id, status: S.enum(QUOTE_STATUSES) });

const money = { type: 'number' };
export const quoteLineSchema = S.object({
  lineNo: { type: 'integer' },
  sku: { type: ['string', 'null'] },
  description: { type: ['string', 'null'] },
  site: { type: ['string', 'null'] },
  quantity: { type: 'number' },
  requestedDate: S.date,
  referencePrice: {
    type: ['number', 'null'],
    description: 'the agreement or list price the discount is measured from',
  },
  priceSource: { enum: ['agreement', 'list', 'manual', 'missing'] },
  unitPrice: money,
  discountPct: money,
  netPrice: money,
  lineTotal: money,
  quotedDate: {
    type: ['string', 'null'],
    description:
      'the promised date: the arrival date under DAP, DPU, DDP with a known lane, else the ship date',
  },
  ...deliveryDateFields,
  dateSource: dateSourceSchema,
  leadTimeDays: { type: ['integer', 'null'] },
});

export const quoteSchema = S.object({
  id: S.id,
  number: { type: 'string' },
  accountId: S.id,
  quoteRequestId: { type: ['string', 'null'] },
  revision: {
    type: 'integer',
    description: 'the revision shown (the current one unless ?revision= names another)',
  },
  currentRevision: { type: 'integer' },
  status: { enum: [...QUOTE_STATUSES], description: "the shown revision's status" },
  currency: { type: 'string' },
  validUntil: S.date,
  reason: { type: ['string', 'null'] },
  terms: S.object({
    paymentTerms: { type: ['string', 'null'] },
    incoterm: { type: ['string', 'null'] },
    incotermPlace: { type: ['string', 'null'] },
    shipComplete: { type: 'boolean' },
    note: { type: ['string', 'null'] },
  }),
  total: money,
  maxDiscountPct: money,
  approval: { type: ['object', 'null'] },
  orderId: { type: ['string', 'null'] },
  lines: { type: 'array', items: quoteLineSchema },
  revisions: { type: 'array' },
  history: {
    type: 'array',
    description: 'the negotiation: revisions, sending, approvals, counter-offers, acceptance',
  },
});

export const quoteDefaultsSchema = S.object({
  incoterm: S.enum([...INCOTERMS, null]),
  incotermPlace: S.nullable(S.string({ maxLength: 100 })),
  shipComplete: S.boolean,
  note: S.nullable(S.string({ maxLength: 1000 })),
});
export type QuoteDefaults = Static<typeof quoteDefaultsSchema>;
export const accountIdParams = S.object({ id: S.id }, ['id']);
