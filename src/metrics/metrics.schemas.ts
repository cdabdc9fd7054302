import { pageQuerySchema } from '../shared/http/pagination';
import { S } from '../shared/http/validation';
import { type ChurnFigures, LOST_REASONS, type LostByReason, MOVE_REASONS } from './churn.engine';
import type { Basis } from './fulfillment.engine';

const month = { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' };
const basis = { type: 'string', enum: ['requested', 'first_confirmed', 'last_confirmed'] };
const groupBy = {
  type: 'string',
  maxLength: 40,
  pattern: '^((period|account|family|site)(,(period|account|family|site))*)?$',
};

export const fulfillmentQuerySchema = S.object({ from: month, to: month, basis, groupBy, accountId: S.id });
export interface FulfillmentQuery {
  from?: string;
  to?: string;
  basis?: Basis;
  groupBy?: string;
  accountId?: string;
}

export const myDeliveriesQuerySchema = S.object({ from: month, to: month, basis });

export const linesQuerySchema = S.object({
  ...pageQuerySchema,
  from: month,
  to: month,
  basis,
  period: month,
  accountId: S.id,
  family: S.str(40),
  site: S.str(20),
});
export interface LinesQuery {
  from?: string;
  to?: string;
  basis?: Basis;
  period?: string;
  accountId?: string;
  family?: string;
  site?: string;
  limit?: string;
  cursor?: string;
}

const num = { type: ['number', 'null'] };
export const metricsRowSchema = {
  type: 'object',
  properties: {
    period: { type: 'string' },
    accountId: S.id,
    erpCustomerId: { type: ['string', 'null'] },
    family: { type: ['string', 'null'] },
    site: { type: ['string', 'null'] },
    linesDue: { type: 'integer' },
    linesOnTime: { type: 'integer' },
    linesInFull: { type: 'integer' },
    linesOtif: { type: 'integer' },
    otifPct: num,
    avgDaysLate: num,
    quotedLeadDaysAvg: num,
    actualLeadDaysAvg: num,
    quotesDecided: { type: 'integer' },
    quotesWon: { type: 'integer' },
    hitRateCountPct: num,
    hitRateValuePct: num,
    orderedValue: { type: 'number' },
  },
};

/** A row: its group keys (those asked for) and the contract's figures in camelCase. */
export interface MetricsRow {
  period?: string;
  accountId?: string;
  erpCustomerId?: string | null;
  family?: string | null;
  site?: string | null;
  linesDue: number;
  linesOnTime: number;
  linesInFull: number;
  linesOtif: number;
  otifPct: number | null;
  avgDaysLate: number | null;
  quotedLeadDaysAvg: number | null;
  actualLeadDaysAvg: number | null;
  quotesDecided: number;
  quotesWon: number;
  hitRateCountPct: number | null;
  hitRateValuePct: number | null;
  orderedValue: number;
}

export const rowsSchema = {
  type: 'object',
  properties: { rows: { type: 'array', items: metricsRowSchema } },
  required: ['rows'],
};

export const metricsLineSchema = S.object({
  orderId: S.id,
  orderNumber: { type: 'string' },
  lineNo: { type: 'integer' },
  sku: { type: 'string' },
  accountId: S.id,
  basisDate: S.date,
  completionDate: { type: ['string', 'null'] },
  onTime: { type: 'boolean' },
  inFull: { type: 'boolean' },
  otif: { type: 'boolean' },
  daysLate: { type: 'integer' },
});
export interface MetricsLine {
  orderId: string;
  orderNumber: string;
  lineNo: number;
  sku: string;
  accountId: string;
  basisDate: string;
  completionDate: string | null;
  onTime: boolean;
  inFull: boolean;
  otif: boolean;
  daysLate: number;
}

export const runParams = S.object({ runId: S.id }, ['runId']);
export const exportStartedSchema = S.object({ runId: S.id });
export const exportRunSchema = S.object({
  runId: S.id,
  status: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed'] },
  trigger: { type: 'string' },
  asOf: { type: ['string', 'null'] },
  files: { type: 'array', items: { type: 'string' } },
  error: { type: ['string', 'null'] },
  createdAt: { type: 'string' },
  finishedAt: { type: ['string', 'null'] },
});
export interface ExportRun {
  runId: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  trigger: string;
  asOf: string | null;
  files: string[];
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** Promise churn and quote losses take the figures' range and grouping, without a basis. */
export const rangeQuerySchema = S.object({ from: month, to: month, groupBy, accountId: S.id });
export type RangeQuery = Omit<FulfillmentQuery, 'basis'>;

const groupKeys = {
  period: { type: 'string' },
  accountId: S.id,
  erpCustomerId: { type: ['string', 'null'] },
  family: { type: ['string', 'null'] },
  site: { type: ['string', 'null'] },
};
type GroupKeys = Pick<MetricsRow, 'period' | 'accountId' | 'erpCustomerId' | 'family' | 'site'>;

/** `{rows: [...]}` whose rows carry the group keys and these figures, `byReason` a list of these reasons'. */
function groupedRows(figures: object, reasons: readonly string[], reasonFigures: object) {
  const byReason = {
    type: 'array',
    items: { type: 'object', properties: { reason: { type: 'string', enum: reasons }, ...reasonFigures } },
  };
  return {
    type: 'object',
    required: ['rows'],
    properties: {
      rows: { type: 'array', items: { type: 'object', properties: { ...groupKeys, ...figures, byReason } } },
    },
  };
}

const moveFigures = { moves: { type: 'integer' }, movesLater: { type: 'integer' }, avgDaysLater: num };
export const churnRowsSchema = groupedRows(
  { ...moveFigures, linesMoved: { type: 'integer' }, movesEarlier: { type: 'integer' }, avgDaysMoved: num },
  MOVE_REASONS,
  moveFigures,
);
export interface ChurnRow extends GroupKeys, ChurnFigures {}

export const lossRowsSchema = groupedRows(
  { quotesDecided: { type: 'integer' }, quotesLost: { type: 'integer' }, valueLost: { type: 'number' } },
  LOST_REASONS,
  { lines: { type: 'integer' }, value: { type: 'number' }, countPct: { type: 'number' }, valuePct: num },
);
export interface LossRow extends GroupKeys {
  quotesDecided: number;
  quotesLost: number;
  valueLost: number;
  byReason: Array<Omit<LostByReason, 'value'> & { value: number }>;
}

/** The metrics page's filters (and its workbook's): the figures' range and basis, narrowed by any key. */
export const metricsViewQuerySchema = S.object({
  from: month,
  to: month,
  basis,
  accountId: S.id,
  family: S.str(40),
  site: S.str(20),
});
export interface MetricsViewQuery {
  from?: string;
  to?: string;
  basis?: Basis;
  accountId?: string;
  family?: string;
  site?: string;
}
