import { type Request, Router } from 'express';
import type { Deps } from '../deps';
import {
  BASES,
  type Basis,
  fulfillmentLines,
  groupRows,
  type LinesQuery,
  linesQuerySchema,
  loadRangeFacts,
  type MetricsViewQuery,
  metricsViewQuerySchema,
  metricsWorkbook,
  monthsOf,
  parseRange,
  promiseChurn,
  quoteLosses,
  toApiRow,
} from '../metrics';
import { XLSX_MIME } from '../quotes';
import { AppError } from '../shared/errors';
import type { Role } from '../shared/http/actor';
import { compileValidator } from '../shared/http/validation';
import { todayIso } from '../shared/time';
import { hitRateSvg, leadTimeSvg, otifTrendSvg } from './charts';
import { BASIS_WORDS, LOST_WORDS, MOVE_WORDS } from './metrics-words';
import { myDeliveriesPage } from './my-deliveries-page';
import type { PageKit, PageContext } from './page-support';
import { queryText } from './page-support';

const METRICS_ROLES: readonly Role[] = ['admin', 'account_manager', 'planner', 'service'];
const VIEW_FILTERS = ['from', 'to', 'basis', 'accountId', 'family', 'site'] as const;
const checkView = compileValidator<MetricsViewQuery>(metricsViewQuerySchema, 'The filter is not valid');
const checkLines = compileValidator<LinesQuery>(linesQuerySchema, 'The filter is not valid');

/** The query's named text values (a value that cannot be stored is refused by queryText). */
function rawQuery(req: Request, names: readonly string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const name of names) {
    const v = queryText(req, name, 100);
    if (v !== undefined && v !== '') raw[name] = v;
  }
  return raw;
}

const href = (path: string, params: Record<string, string | undefined>) => {
  const qs = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => !!e[1]),
  ).toString();
  return qs ? `${path}?${qs}` : path;
};

/** The view's range with its defaults (the 12 months to this one, requested) and filters. */
function viewOf(q: MetricsViewQuery, today: string) {
  const range = parseRange(q, today);
  return {
    from: range.from,
    to: range.to,
    basis: range.basis,
    ...(q.accountId && { accountId: q.accountId }),
    ...(q.family && { family: q.family }),
    ...(q.site && { site: q.site }),
  };
}

/**
 * Fulfillment metrics for sales planning and account managers (/metrics): the contract's figures
 * by period, family, account and site over a range, with server-drawn charts (OTIF by basis, hit
 * rate, lead time quoted against actual by family), promise churn and lost quotes by reason, a
 * drill-down from any row to its lines (/metrics/lines) and the view as a workbook. Customers see
 * their own delivery performance at /portal/deliveries.
 */
export function metricsPageRoutes(deps: Deps, { view }: Pick<PageKit, 'view'>): Router {
  const { db } = deps;
  const router = Router();

  router.get(
    '/metrics',
    view(METRICS_ROLES, async (c) => {
      const raw = rawQuery(c.req, VIEW_FILTERS);
      let result: Record<string, unknown> | null = null;
      let error: { message: string; details: unknown[] } | null = null;
      let options = {
        families: [] as string[],
        sites: [] as string[],
        accounts: [] as Array<{ id: string; name: string }>,
      };
      try {
        const today = todayIso();
        const v = viewOf(checkView(raw), today);
        const facts = await loadRangeFacts(db, v);
        options = await filterOptions(c, facts.lines);
        const rowsBy = (key: 'period' | 'family' | 'account' | 'site', basis: Basis = v.basis) =>
          groupRows(facts, { ...v, basis, groupBy: [key] }, today).map(toApiRow);
        const byPeriod = rowsBy('period');
        const periods = monthsOf(v.from, v.to);
        const trend = BASES.map((b) => {
          const rows = new Map(rowsBy('period', b).map((r) => [r.period, r.otifPct]));
          return { name: BASIS_WORDS[b], values: periods.map((p) => rows.get(p) ?? null) };
        });
        const hits = new Map(byPeriod.map((r) => [r.period, r]));
        const byFamily = rowsBy('family');
        const withLead = byFamily.filter((r) => r.quotedLeadDaysAvg !== null || r.actualLeadDaysAvg !== null);
        const churnQuery = { from: v.from, to: v.to, groupBy: '', ...pick(v) };
        const [churn] = (await promiseChurn(db, churnQuery)).rows;
        const [losses] = (await quoteLosses(db, churnQuery)).rows;
        const filters = { ...v, basis: v.basis };
        const drill = (over: Record<string, string | undefined>) =>
          href('/metrics/lines', { ...filters, ...over });
        result = {
          otifChart: otifTrendSvg(periods, trend),
          hitChart: hitRateSvg(
            periods,
            periods.map((p) => hits.get(p)?.hitRateCountPct ?? null),
            periods.map((p) => hits.get(p)?.hitRateValuePct ?? null),
          ),
          leadChart: withLead.length
            ? leadTimeSvg(
                withLead.map((r) => r.family ?? '(none)'),
                withLead.map((r) => r.quotedLeadDaysAvg),
                withLead.map((r) => r.actualLeadDaysAvg),
              )
            : null,
          byPeriod: byPeriod.map((r) => ({
            ...r,
            label: r.period,
            lines: drill({ from: r.period, to: r.period, period: r.period }),
          })),
          byFamily: byFamily.map((r) => ({
            ...r,
            label: r.family ?? '(none)',
            lines: r.family ? drill({ family: r.family }) : null,
          })),
          bySite: rowsBy('site').map((r) => ({
            ...r,
            label: r.site ?? '(none)',
            lines: r.site ? drill({ site: r.site }) : null,
          })),
          byAccount: await Promise.all(
            rowsBy('account').map(async (r) => ({
              ...r,
              label: await c.accountName(r.accountId!),
              lines: drill({ accountId: r.accountId }),
            })),
          ),
          churn: churn && {
            ...churn,
            byReason: churn.byReason.map((x) => ({ ...x, label: MOVE_WORDS[x.reason] })),
          },
          losses: losses && {
            ...losses,
            byReason: losses.byReason.map((x) => ({ ...x, label: LOST_WORDS[x.reason] })),
          },
          workbook: href('/metrics/export.xlsx', filters),
          basisWords: BASIS_WORDS[v.basis],
        };
        Object.assign(raw, { from: v.from, to: v.to, basis: v.basis });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        error = { message: err.message, details: err.details ?? [] };
      }
      c.render(
        'metrics',
        'Fulfillment metrics',
        {
          form: raw,
          bases: BASES.map((b) => ({
            value: b,
            label: BASIS_WORDS[b],
            selected: b === (raw.basis ?? 'requested'),
          })),
          families: options.families.map((f) => ({ value: f, selected: f === raw.family })),
          sites: options.sites.map((f) => ({ value: f, selected: f === raw.site })),
          accounts: options.accounts.map((a) => ({ ...a, selected: a.id === raw.accountId })),
          result,
          error,
        },
        error ? 400 : 200,
      );
    }),
  );

  router.get(
    '/metrics/lines',
    view(METRICS_ROLES, async (c) => {
      const raw = rawQuery(c.req, [...VIEW_FILTERS, 'period', 'cursor']);
      const q = checkLines(raw);
      const page = await fulfillmentLines(db, q);
      const up = Object.fromEntries(VIEW_FILTERS.map((k) => [k, raw[k]]));
      const lines = await Promise.all(
        page.items.map(async (l) => ({ ...l, accountName: await c.accountName(l.accountId) })),
      );
      c.render('metrics-lines', 'Lines behind the figures', {
        form: raw,
        lines,
        basisWords: BASIS_WORDS[q.basis ?? 'requested'],
        back: href('/metrics', up),
        next: page.nextCursor ? href('/metrics/lines', { ...raw, cursor: page.nextCursor }) : null,
      });
    }),
  );

  router.get(
    '/metrics/export.xlsx',
    view(METRICS_ROLES, async (c) => {
      const today = todayIso();
      const v = viewOf(checkView(rawQuery(c.req, VIEW_FILTERS)), today);
      const body = await metricsWorkbook(db, v, today);
      c.res
        .type(XLSX_MIME)
        .setHeader('Content-Disposition', `attachment; filename="fulfillment-metrics-${v.from}-${v.to}.xlsx"`)
        .send(body);
    }),
  );

  router.get(
    '/portal/deliveries',
    view(['customer'], (c) => myDeliveriesPage(db, c)),
  );
  return router;
}

const pick = (v: { accountId?: string; family?: string; site?: string }) => ({
  ...(v.accountId && { accountId: v.accountId }),
  ...(v.family && { family: v.family }),
  ...(v.site && { site: v.site }),
});

/** The families and accounts the range's lines have, for the filter's choices. */
async function filterOptions(
  c: PageContext,
  lines: Array<{ family: string | null; site: string | null; accountId: string }>,
) {
  const present = (key: 'family' | 'site') =>
    [...new Set(lines.map((l) => l[key]).filter((f): f is string => f !== null))].sort();
  const accounts = await Promise.all(
    [...new Set(lines.map((l) => l.accountId))].map(async (id) => ({ id, name: await c.accountName(id) })),
  );
  return {
    families: present('family'),
    sites: present('site'),
    accounts: accounts.sort((a, b) => a.name.localeCompare(b.name)),
  };
}
