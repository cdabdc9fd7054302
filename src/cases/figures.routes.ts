import type { Deps } from '../deps';
import { type AnyRoute, defineRoute } from '../shared/http/route';
import { S, type Static } from '../shared/http/validation';
import { caseFiguresOf, writeFiguresXlsx } from './figures.service';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const month = S.string({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' });
export const figuresQuery = S.object({
  from: month,
  to: month,
  groupBy: S.string({ maxLength: 20, pattern: '^((period|assignee)(,(period|assignee))?)?$' }),
});
type FiguresQuery = Static<typeof figuresQuery>;

const pct = { type: ['number', 'null'] };
const backlogRow = S.object({
  assigneeId: { type: ['string', 'null'] },
  counts: { type: 'array', items: { type: 'integer' } },
  total: { type: 'integer' },
});
const figuresSchema = S.object({
  from: month,
  to: month,
  groupBy: { type: 'array', items: { enum: ['period', 'assignee'] } },
  rows: {
    type: 'array',
    items: S.object({
      period: month,
      assigneeId: { type: ['string', 'null'] },
      opened: { type: 'integer' },
      resolved: { type: 'integer' },
      slaMet: { type: 'integer' },
      slaAttainmentPct: pct,
      firstContactResolved: { type: 'integer' },
      firstContactResolutionPct: pct,
      reopened: { type: 'integer' },
      reopenRatePct: pct,
    }),
  },
  backlog: S.object({
    asOf: { type: 'string', format: 'date-time' },
    bands: { type: 'array', items: { type: 'string' } },
    rows: { type: 'array', items: backlogRow },
    team: backlogRow,
  }),
});

const STAFF = ['admin', 'account_manager', 'service'] as const;
const TAG = 'Service figures';
const SUMMARY_TAIL =
  'per month (of opening, of resolution) and team member (the assignee): SLA attainment, first-contact resolution, reopen rate; and the backlog by age now';

export function caseFiguresRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute<unknown, FiguresQuery>({
      method: 'get',
      path: '/api/case-figures',
      tag: TAG,
      summary: `The service figures ${SUMMARY_TAIL}`,
      access: STAFF,
      query: figuresQuery,
      responses: { 200: { description: 'The figures', schema: figuresSchema } },
      handler: async ({ query }) => ({ status: 200, body: await caseFiguresOf(deps, query) }),
    }),
    defineRoute<unknown, FiguresQuery>({
      method: 'get',
      path: '/api/case-figures.xlsx',
      tag: TAG,
      summary: `The service figures as an Excel workbook, ${SUMMARY_TAIL}`,
      access: STAFF,
      query: figuresQuery,
      responses: { 200: { description: 'The workbook', contentType: XLSX_MIME } },
      handler: async ({ query, res }) => {
        const result = await caseFiguresOf(deps, query);
        res.type(XLSX_MIME).setHeader('Content-Disposition', 'attachment; filename="service-figures.xlsx"');
        await writeFiguresXlsx(deps, result, res);
        res.end();
      },
    }),
  ];
}
