import { dateSourceSchema } from '../atp';
import { pageQuerySchema } from '../shared/http/pagination';
import { S } from '../shared/http/validation';

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

const qty = { type: 'number', exclusiveMinimum: 0, maximum: 1e12, maxDecimals: 3 };
const price = { type: 'number', minimum: 0, maximum: 1e12, maxDecimals: 4 };
const pct = { type: 'number', minimum: 0, maximum: 100, maxDecimals: 3 };
const currency = { type: 'string', pattern: '^[A-Z]{3}$' };

export const termsSchema = S.object({
  paymentTerms: S.str(60),
  incoterm: { enum: [...INCOTERMS] },
  incotermPlace: S.str(100),
  shipComplete: { type: 'boolean' },
  note: S.str(1000, 0),
});
export interface Terms {
  paymentTerms?: string;
  incoterm?: (typeof INCOTERMS)[number];
  incotermPlace?: string;
  shipComplete?: boolean;
  note?: string;
}

/** A catalog line names a sku; a non-catalog line (a custom flange) a description, its price and lead time. */
export const quoteLineInput = S.object(
  {
    sku: S.str(40),
    description: S.str(500),
    quantity: qty,
    requestedDate: S.date,
    unitPrice: price,
    discountPct: pct,
    leadTimeDays: { type: 'integer', minimum: 0, maximum: 730 },
    site: S.str(20),
  },
  ['quantity', 'requestedDate'],
);
export interface QuoteLineInput {
  sku?: string;
  description?: string;
  quantity: number;
  requestedDate: string;
  unitPrice?: number;
  discountPct?: number;
  leadTimeDays?: number;
  site?: string;
}

const lines = { type: 'array', minItems: 1, maxItems: 2000, items: quoteLineInput };

export const newQuoteSchema = S.object(
  { accountId: S.id, quoteRequestId: S.id, currency, validUntil: S.date, terms: termsSchema, lines },
  ['accountId'],
);
export interface NewQuote {
  accountId: string;
  quoteRequestId?: string;
  currency?: string;
  validUntil?: string;
  terms?: Terms;
  lines?: QuoteLineInput[];
}

export const revisionSchema = S.object(
  { reason: S.str(500), validUntil: S.date, terms: termsSchema, lines },
  ['reason'],
);
export interface NewRevision {
  reason: string;
  validUntil?: string;
  terms?: Terms;
  lines?: QuoteLineInput[];
}

export const acceptSchema = S.object({ revision: { type: 'integer', minimum: 1 }, customerPo: S.str(60) }, [
  'revision',
]);
export const reasonSchema = S.object({ reason: S.str(500) }, ['reason']);
export const noteSchema = S.object({ note: S.str(1000) });

export const counterOfferSchema = S.object(
  {
    revision: { type: 'integer', minimum: 1 },
    note: S.str(1000),
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: 2000,
      items: S.object(
        { lineNo: { type: 'integer', minimum: 1 }, targetPrice: price, targetDate: S.date, quantity: qty },
        ['lineNo'],
      ),
    },
  },
  ['revision', 'lines'],
);
export interface CounterOffer {
  revision: number;
  note?: string;
  lines: Array<{ lineNo: number; targetPrice?: number; targetDate?: string; quantity?: number }>;
}

export const quoteIdParams = S.object({ id: S.id }, ['id']);
export const getQuoteQuery = S.object({ revision: S.queryInt });
export const diffQuery = S.object({ from: S.queryInt, to: S.queryInt }, ['from', 'to']);
export const listQuotesQuery = S.object({
  ...pageQuerySchema,
  accountId: S.id,
  status: { enum: [...QUOTE_STATUSES] },
});
export type ListQuotesQuery = { limit?: string; cursor?: string; accountId?: string; status?: QuoteStatus };
export const exportQuery = S.object({ accountId: S.id, status: { enum: [...QUOTE_STATUSES] } });

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
  quotedDate: { type: ['string', 'null'] },
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
  incoterm: { enum: [...INCOTERMS, null] },
  incotermPlace: { type: ['string', 'null'], maxLength: 100 },
  shipComplete: { type: 'boolean' },
  note: { type: ['string', 'null'], maxLength: 1000 },
});
export const accountIdParams = S.object({ id: S.id }, ['id']);
