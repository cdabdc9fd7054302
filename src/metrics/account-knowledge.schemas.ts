import { S } from '../shared/http/validation';

export const knowledgeQuerySchema = S.object({
  atRisk: S.enum(['true', 'false'] as const),
  manager: S.str(254),
});
export interface KnowledgeQuery {
  atRisk?: 'true' | 'false';
  manager?: string;
}

export const knowledgeParams = S.object({ id: S.id }, ['id']);

const n = S.nullable(S.number());
const signal = S.object({
  rule: S.enum(['value_halved', 'overdue', 'hit_rate_falling', 'complaints_rising'] as const),
  reason: S.str(300),
});

export const accountKnowledgeSchema = S.object({
  accountId: S.id,
  name: S.str(200),
  erpCustomerId: S.nullable(S.str(60)),
  accountManagerEmail: S.nullable(S.str(254)),
  class: S.nullable(S.enum(['A', 'B', 'C'] as const)),
  classValue: n,
  value12m: S.number(),
  valuePrev12m: S.number(),
  trendPct: n,
  ordersLast12m: S.integer(),
  lastOrderDate: S.nullable(S.date),
  daysSinceLastOrder: S.nullable(S.integer()),
  usualIntervalDays: S.nullable(S.integer()),
  complaintsThisYear: S.integer(),
  returnsThisYear: S.integer(),
  costToServe: S.object({ returns: S.integer(), expedites: S.integer(), rePromises: S.integer() }),
  hitRateCountPct: n,
  hitRatePrevCountPct: n,
  atRisk: S.boolean,
  signals: S.array(signal),
});
export const knowledgeRowsSchema = S.object({ rows: S.array(accountKnowledgeSchema) });
