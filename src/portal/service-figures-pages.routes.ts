import { Router } from 'express';
import { assigneeNames, caseFiguresOf, causePareto, complaintRatesByFamily } from '../cases';
import type { Deps } from '../deps';
import { todayIso } from '../shared/time';
import type { Role } from '../shared/http/actor';
import { type PageKit, queryText } from './page-support';
import { backlogSvg, paretoSvg, serviceTrendSvg } from './service-charts';

const WORKERS: readonly Role[] = ['admin', 'account_manager', 'service'];
const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 61; ) {
    out.push(m);
    const [y, mo] = m.split('-').map(Number) as [number, number];
    m = new Date(Date.UTC(y, mo, 1)).toISOString().slice(0, 7);
  }
  return out;
}
const pct = (n: number | null) => (n === null ? '—' : `${n.toFixed(1)} %`);

/**
 * The service desk's figures (/service/figures): per month and team member, as GET /api/case-figures
 * computes them, with charts drawn on the server; the backlog by age; the Pareto of complaint causes
 * and complaints per 100 lines shipped by family; the same figures as an Excel workbook.
 */
export function serviceFiguresPageRoutes(deps: Deps, { view }: Pick<PageKit, 'view'>): Router {
  const router = Router();
  router.get(
    '/service/figures',
    view(WORKERS, async (c) => {
      const month = (name: string) => {
        const v = queryText(c.req, name, 7);
        return v && MONTH.test(v) ? v : undefined;
      };
      const to = month('to') ?? todayIso().slice(0, 7);
      const [y, m] = to.split('-').map(Number) as [number, number];
      const from = month('from') ?? new Date(Date.UTC(y, m - 6, 1)).toISOString().slice(0, 7);
      const range = from <= to ? { from, to } : { from: to, to };
      const [byPeriod, byMember, pareto, rates] = await Promise.all([
        caseFiguresOf(deps, { ...range, groupBy: 'period' }),
        caseFiguresOf(deps, { ...range, groupBy: 'assignee' }),
        causePareto(deps, range),
        complaintRatesByFamily(deps, range),
      ]);
      const nameOf = await assigneeNames(deps, byMember);
      const show = <
        R extends {
          slaAttainmentPct: number | null;
          firstContactResolutionPct: number | null;
          reopenRatePct: number | null;
        },
      >(
        r: R,
      ) => ({
        ...r,
        sla: pct(r.slaAttainmentPct),
        fcr: pct(r.firstContactResolutionPct),
        reopen: pct(r.reopenRatePct),
      });
      const backlog = byMember.backlog;
      c.render('service-figures', 'Service figures', {
        ...range,
        // Every month of the range on the axis, a month with nothing resolved as a gap.
        trend: serviceTrendSvg(
          monthsOf(range.from, range.to).map((period) => {
            const r = byPeriod.rows.find((x) => x.period === period);
            return {
              period,
              sla: r?.slaAttainmentPct ?? null,
              fcr: r?.firstContactResolutionPct ?? null,
              reopen: r?.reopenRatePct ?? null,
            };
          }),
        ),
        periods: byPeriod.rows.map(show),
        members: byMember.rows.map((r) => ({ ...show(r), name: nameOf(r.assigneeId ?? null) })),
        bands: backlog.bands,
        backlog: [
          ...backlog.rows.map((r) => ({ ...r, name: nameOf(r.assigneeId) })),
          { ...backlog.team, name: 'Whole team', team: true },
        ],
        backlogChart: backlog.rows.length
          ? backlogSvg(
              backlog.bands,
              backlog.rows.map((r) => ({ name: nameOf(r.assigneeId), counts: r.counts })),
            )
          : null,
        pareto: { ...pareto, chart: pareto.rows.length ? paretoSvg(pareto.rows) : null },
        rates: rates.rows.map((r) => ({
          ...r,
          family: r.family ?? 'no order line',
          rate: r.per100Lines === null ? '—' : r.per100Lines.toFixed(1),
        })),
        xlsx: `/api/case-figures.xlsx?${new URLSearchParams({ ...range, groupBy: 'period,assignee' })}`,
        admin: c.actor.role === 'admin',
      });
    }),
  );
  return router;
}
