import { pageQuerySchema } from '../shared/http/pagination';
import { S } from '../shared/http/validation';
import { REASON_CODES, RISK_BANDS, type ReasonCode, type RiskBand } from './risk.engine';

export const riskLinesQuery = S.object({
  ...pageQuerySchema,
  site: S.str(20),
  band: { enum: [...RISK_BANDS] },
  accountId: S.id,
  family: S.str(40),
  reason: { enum: [...REASON_CODES] },
});
export type RiskLinesQuery = {
  limit?: string;
  cursor?: string;
  site?: string;
  band?: RiskBand;
  accountId?: string;
  family?: string;
  reason?: ReasonCode;
};

const reasonSchema = S.object({ code: { enum: [...REASON_CODES] }, text: { type: 'string' } }, [
  'code',
  'text',
]);

export const riskLineSchema = S.object(
  {
    orderId: S.id,
    orderNumber: { type: 'string' },
    lineNo: { type: 'integer' },
    sku: { type: 'string' },
    site: { type: 'string', description: 'beyond the contract: the line’s site' },
    family: { type: ['string', 'null'], description: 'beyond the contract: the item’s family' },
    accountId: S.id,
    promisedDate: {
      type: ['string', 'null'],
      description: 'the confirmed date; null when none could be promised',
    },
    score: { type: 'integer', minimum: 0, maximum: 100 },
    band: { enum: [...RISK_BANDS] },
    reasons: { type: 'array', items: reasonSchema },
    cover: {
      description:
        'beyond the contract: the supply the line stands on (stock, a receipt, its own new supply, or none)',
      oneOf: [
        { type: 'null' },
        S.object(
          {
            kind: { enum: ['stock', 'production', 'purchase', 'transfer', 'new_supply', 'none'] },
            ref: { type: ['string', 'null'] },
            dueDate: { type: ['string', 'null'] },
            status: { type: ['string', 'null'] },
          },
          ['kind', 'ref', 'dueDate', 'status'],
        ),
      ],
    },
  },
  ['orderId', 'orderNumber', 'lineNo', 'sku', 'accountId', 'promisedDate', 'score', 'band', 'reasons'],
);

const whatIfQty = { type: 'number', minimum: 0, maximum: 1e12, maxDecimals: 3 };

export const whatIfSchema = S.object(
  {
    sku: S.str(40),
    site: S.str(20),
    receipts: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: S.object({ ref: S.str(60), dueDate: S.date, quantity: whatIfQty }),
      description:
        'with `ref`: an open receipt moved (dueDate) or changed (quantity); without: a new receipt',
    },
  },
  ['sku', 'site', 'receipts'],
);
export interface WhatIfBody {
  sku: string;
  site: string;
  receipts: Array<{ ref?: string; dueDate?: string; quantity?: number }>;
}

export const whatIfResultSchema = S.object({
  sku: { type: 'string' },
  site: { type: 'string' },
  linesChecked: { type: 'integer' },
  lines: {
    type: 'array',
    items: S.object({
      orderId: S.id,
      orderNumber: { type: 'string' },
      lineNo: { type: 'integer' },
      accountId: S.id,
      promisedDate: S.date,
      wouldBe: { type: ['string', 'null'], description: 'null: no date within the supply given' },
      days: { type: ['integer', 'null'] },
    }),
  },
});
