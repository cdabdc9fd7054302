import { Router } from 'express';
import { listSites } from '../catalog';
import type { Deps } from '../deps';
import {
  countRiskByBand,
  listRisk,
  listRiskAccounts,
  listRiskFamilies,
  notesOfLines,
  REASON_CODES,
  riskLineKey,
  RISK_BANDS,
  RISK_ROLES,
  type RiskLinesQuery,
  riskHeatmap,
  riskLinesQuery,
} from '../risk';
import { AppError } from '../shared/errors';
import { addDays, todayIso } from '../shared/time';
import { compileValidator } from '../shared/http/validation';
import { riskHeatmapSvg } from './charts';
import type { PageKit } from './page-support';
import { queryText } from './page-support';
import { when } from './quote-views';

const checkQuery = compileValidator<RiskLinesQuery>(riskLinesQuery, 'The filter is not valid');

const REASON_WORDS: Record<(typeof REASON_CODES)[number], string> = {
  past_due: 'Past due',
  unconfirmed: 'No date',
  supply_unfirm: 'Supply not firm',
  supply_moved_before: 'Supply moved before',
  plant_late_history: 'Plant often late',
  production_not_released: 'Production not released',
  slipped_before: 'Slipped before',
  capacity_tight: 'Capacity tight',
  thin_cover: 'Thin cover',
};

const COVER_WORDS: Record<string, string> = {
  stock: 'stock on hand',
  new_supply: 'its own lead time or capacity',
  none: 'nothing: supply runs out before it',
};

const FILTERS = ['site', 'family', 'accountId', 'reason', 'band'] as const;

/**
 * The planner's worklist (/planning/risk): the stored scores of GET /api/risk/lines by band, with
 * the filters of the API, each line's reasons and covering supply, and a heatmap of the worst
 * score by week and family drawn on the server.
 */
export function riskPageRoutes(deps: Deps, { view }: Pick<PageKit, 'view'>): Router {
  const { db } = deps;
  const router = Router();
  router.get(
    '/planning/risk',
    view(RISK_ROLES, async (c) => {
      const raw: Record<string, string> = {};
      for (const name of [...FILTERS, 'cursor'] as const) {
        const v = queryText(c.req, name, 500);
        if (v !== undefined) raw[name] = v;
      }
      const [sites, families, accountIds] = [
        await listSites(db),
        await listRiskFamilies(db),
        await listRiskAccounts(db),
      ];
      const accounts = await Promise.all(
        accountIds.map(async (id) => ({ id, name: await c.accountName(id) })),
      );
      accounts.sort((a, b) => a.name.localeCompare(b.name));
      let error: { message: string; details: unknown[] } | null = null;
      let result: Record<string, unknown> | null = null;
      try {
        const q = checkQuery(raw);
        const [page, counts, heat] = [
          await listRisk(db, q),
          await countRiskByBand(db, q),
          await riskHeatmap(db, q),
        ];
        const notes = await notesOfLines(db, page.items);
        const link = (over: Record<string, string | undefined>) => {
          const params = new URLSearchParams();
          for (const name of FILTERS) {
            const v = name in over ? over[name] : raw[name];
            if (v) params.set(name, v);
          }
          if (over.cursor) params.set('cursor', over.cursor);
          const qs = params.toString();
          return `/planning/risk${qs ? `?${qs}` : ''}`;
        };
        result = {
          bands: [
            { label: 'All', href: link({ band: undefined }), current: !q.band, count: sum(counts) },
            ...RISK_BANDS.map((b) => ({
              label: b,
              band: b,
              href: link({ band: b }),
              current: q.band === b,
              count: counts[b] ?? 0,
            })),
          ],
          lines: await Promise.all(
            page.items.map(async (l) => ({
              ...l,
              accountName: await c.accountName(l.accountId),
              coverText: coverText(l.cover),
              whatIfHref: `/planning/what-if?${new URLSearchParams({ sku: l.sku, site: l.site })}`,
              notes: (notes.get(riskLineKey(l.orderId, l.lineNo)) ?? []).map((n) => ({
                ...n,
                at: when(n.createdAt),
              })),
            })),
          ),
          heatmap: heat.cells.length ? riskHeatmapSvg(heat) : null,
          next: page.nextCursor ? link({ cursor: page.nextCursor }) : null,
        };
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        error = { message: err.message, details: err.details ?? [] };
      }
      c.render('risk', 'Fulfillment risk', {
        form: raw,
        sites: sites.map((s) => ({ ...s, selected: s.siteCode === raw.site })),
        families: families.map((f) => ({ value: f, selected: f === raw.family })),
        accounts: accounts.map((a) => ({ ...a, selected: a.id === raw.accountId })),
        reasons: REASON_CODES.map((r) => ({ value: r, label: REASON_WORDS[r], selected: r === raw.reason })),
        band: raw.band,
        // The actions come back to the worklist as filtered; an expedite is asked for tomorrow unless said.
        backUrl: c.req.originalUrl,
        tomorrow: addDays(todayIso(), 1),
        result,
        error,
      });
    }),
  );
  return router;
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((s, n) => s + n, 0);

function coverText(
  cover: { kind: string; ref: string | null; dueDate: string | null; status: string | null } | null,
) {
  if (!cover) return '';
  if (cover.ref)
    return `${cover.ref} (${cover.kind}${cover.status ? `, ${cover.status}` : ''}) due ${cover.dueDate}`;
  return COVER_WORDS[cover.kind] ?? cover.kind;
}
