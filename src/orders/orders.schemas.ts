import { RESERVING_STATUSES as ATP_RESERVING_STATUSES, datedQtySchema, dateSourceSchema } from '../atp';
import { S, Static } from '../shared/http/validation';
import { pageQuerySchema } from '../shared/http/pagination';
import { MILESTONES } from './milestones';

/** The dates by Incoterm every order and quote line answers (api.md, Delivery); quotes uses them too. */
export const deliveryDateFields = {
  shipDate: {
    type: ['string', 'null'],
    description: 'the date the line leaves the site (ATP is in ship dates)',
  },
  arrivalDate: {
    type: ['string', 'null'],
    description:
      "ship date + the lane's transit days (site -> the customer's country); null when no lane is known",
  },
  promisedBy: {
    enum: ['ship', 'arrival'],
    description: 'which date is the promise: arrival under DAP, DPU, DDP with a known lane, else ship',
  },
  notes: {
    type: ['string', 'null'],
    description: 'why a D-term line is promised on its ship date (a missing lane)',
  },
};

export const ORDER_STATUSES = [
  'draft',
  'confirmed',
  'in_production',
  'partially_shipped',
  'shipped',
  'delivered',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Orders whose lines hold reservations: ATP's list, checked here to name only order statuses. */
export const RESERVING_STATUSES: readonly OrderStatus[] = ATP_RESERVING_STATUSES;

/** The legal moves; anything else answers 409. Cancelling goes through its own endpoint (it releases reservations). */
export const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  draft: ['confirmed', 'cancelled'],
  confirmed: ['in_production', 'partially_shipped', 'shipped', 'cancelled'],
  in_production: ['partially_shipped', 'shipped', 'cancelled'],
  partially_shipped: ['shipped'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

const qty = S.number({ exclusiveMinimum: 0, maximum: 1e12, maxDecimals: 3 });

export const newOrderSchema = S.object(
  {
    accountId: S.id,
    customerPo: S.str(60),
    site: S.str(20),
    shipComplete: S.boolean,
    lines: S.array(
      S.object({ sku: S.str(40), quantity: qty, requestedDate: S.date, site: S.str(20) }, [
        'sku',
        'quantity',
        'requestedDate',
      ]),
      { minItems: 1, maxItems: 500 },
    ),
  },
  ['accountId', 'lines'],
);
export type NewOrder = Static<typeof newOrderSchema>;

export const statusChangeSchema = S.object(
  { status: S.enum(ORDER_STATUSES.filter((s) => s !== 'cancelled' && s !== 'draft')), reason: S.str(500) },
  ['status'],
);
export const cancelSchema = S.object({ reason: S.str(500) }, ['reason']);
export const lineChangeSchema = S.object({ quantity: qty, requestedDate: S.date, reason: S.str(500) }, [
  'reason',
]);

export const listOrdersQuery = S.object({
  ...pageQuerySchema,
  accountId: S.id,
  status: S.enum(ORDER_STATUSES),
  q: S.str(60),
});
export type ListOrdersQuery = Static<typeof listOrdersQuery>;

export const orderIdParams = S.object({ id: S.id }, ['id']);
export const lineParams = S.object({ id: S.id, lineNo: S.string({ pattern: '^[0-9]{1,4}$' }) }, [
  'id',
  'lineNo',
]);

const lineSchema = S.object({
  id: S.id,
  lineNo: { type: 'integer' },
  sku: { type: 'string' },
  site: { type: 'string' },
  quantity: { type: 'number' },
  requestedDate: S.date,
  confirmations: {
    type: 'array',
    items: datedQtySchema,
    description: 'the reservations, dated in ship dates at the site',
  },
  confirmedDate: {
    type: ['string', 'null'],
    description: 'the promised date: the arrival date when promisedBy is arrival',
  },
  ...deliveryDateFields,
  dateSource: dateSourceSchema,
  milestone: {
    enum: [...MILESTONES, null],
    description:
      'how far the line has come by the ERP: confirmed, in_production (covering supply released), shipped, delivered (or partly)',
  },
  deliveredQuantity: {
    type: 'number',
    description: 'what of the shipped quantity the ERP reports delivered',
  },
  open: {
    type: 'boolean',
    description: 'false once cancelled or shipped in full: the line reserves nothing',
  },
  shippedQuantity: {
    type: 'number',
    description: "what the ERP's shipments of this line add up to; the line reserves only the rest",
  },
  slipped: {
    type: ['object', 'null'],
    description:
      "set when a re-confirmation moved the promise later: at, reason (a planner's words), explanation (the buyer's: new date and why), awaitingChoice, choice (wait, split, cancel) and chosenAt",
  },
  promiseHistory: {
    type: 'array',
    description: "the promise ledger: every version of this line's promise, who changed it and why",
  },
  unitPrice: {
    type: ['number', 'null'],
    description: 'frozen from the accepted quote; null when the order was taken directly',
  },
  discountPct: { type: ['number', 'null'] },
  netPrice: { type: ['number', 'null'] },
  lineTotal: { type: ['number', 'null'] },
});

export const orderSchema = S.object({
  id: S.id,
  number: { type: 'string' },
  accountId: S.id,
  customerPo: { type: ['string', 'null'] },
  status: { enum: [...ORDER_STATUSES] },
  shipComplete: { type: 'boolean' },
  createdAt: { type: 'string' },
  quote: { type: ['object', 'null'], description: 'the accepted quote and revision this order came from' },
  currency: { type: ['string', 'null'] },
  total: { type: ['number', 'null'] },
  terms: {
    type: 'object',
    description:
      'the negotiated terms frozen from the accepted quote (payment terms, Incoterm, place, ship-complete, note)',
  },
  lines: { type: 'array', items: lineSchema },
  customLines: {
    type: 'array',
    description:
      'non-catalog lines of the accepted quote, dated by their lead time (not promised from ATP), with their milestone, shippedQuantity and deliveredQuantity',
  },
  milestone: {
    enum: [...MILESTONES, null],
    description: "how far the order's lines have come together (partly when some have, fully when all have)",
  },
  promisedDate: {
    type: ['string', 'null'],
    description: 'in the list only: the latest promised date of the lines not yet delivered',
  },
  shipments: {
    type: 'array',
    description: "the ERP's shipments of this order (dataset shipments), by ship date",
    items: {
      type: 'object',
      properties: {
        shipmentRef: { type: 'string' },
        lineNo: { type: 'integer', description: "the shipment's own line" },
        orderLineNo: { type: 'integer', description: 'the order line it ships' },
        sku: { type: 'string' },
        quantity: { type: 'number' },
        shipDate: { type: 'string', format: 'date' },
        carrier: { type: ['string', 'null'] },
        trackingNo: { type: ['string', 'null'] },
        deliveredDate: { type: ['string', 'null'], description: 'null while on its way' },
      },
    },
  },
  statusHistory: { type: 'array' },
});

export const slipChoiceSchema = S.object(
  { choice: S.enum(['wait', 'split', 'cancel'] as const), note: S.str(300) },
  ['choice'],
);
export type SlipChoiceBody = Static<typeof slipChoiceSchema>;

export const slipChoiceResultSchema = {
  ...lineSchema,
  description: "the line, as in the order, with what the choice did in the buyer's words",
  properties: {
    ...(lineSchema.properties as Record<string, unknown>),
    outcome: { type: 'string', description: "what the choice did, in the buyer's words" },
  },
};
