import { Router } from 'express';
import { listSites } from '../catalog';
import type { Deps } from '../deps';
import {
  listRisk,
  notesOfLines,
  REASON_CODES,
  riskLineKey,
  RISK_BANDS,
  RISK_ROLES,
  type RiskLinesQuery,
  riskSummary,
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
      const sites = await listSites(db);
      let error: { message: string; details: unknown[] } | null = null;
      let result: Record<string, unknown> | null = null;
      // The filters' families and accounts come with the summaries; a refused filter still shows them.
      let { families, accounts } = {
        families: [] as string[],
        accounts: [] as Array<{ id: string; name: string }>,
      };
      try {
        const q = checkQuery(raw);
        const page = await listRisk(db, q);
        const { counts, heat, ...lists } = await riskSummary(db, q);
        ({ families, accounts } = lists);
        const nameOf = new Map(accounts.map((a) => [a.id, a.name]));
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
              accountName: nameOf.get(l.accountId) ?? (await c.accountName(l.accountId)),
              coverText: coverText(l.cover),
              whatIfHref: `/planning/what-if?${new URLSearchParams({ sku: l.sku, site: l.site })}`,
              notes: (notes.get(riskLineKey(l.orderId, l.lineNo)) ?? []).map((n) => ({
                ...n,
                at: when(n.createdAt),
              })),
            })),
          ),
          heatmap: heat.cells.length ? cachedHeatmap(heat) : null,
          next: page.nextCursor ? link({ cursor: page.nextCursor }) : null,
        };
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        error = { message: err.message, details: err.details ?? [] };
        ({ families, accounts } = await riskSummary(db, {}));
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

/**
 * The heatmap's SVG by its data: ECharts' server-side render of a year of weeks takes a few hundred
 * milliseconds, and the stored scores behind it change only when they are recomputed, so most
 * views draw a map already drawn. A few maps (one per filter in use) are kept, the oldest dropped.
 */
const HEATMAPS_KEPT = 32;
const heatmaps = new Map<string, string>();
function cachedHeatmap(heat: Parameters<typeof riskHeatmapSvg>[0]): string {
  const k = JSON.stringify(heat);
  let svg = heatmaps.get(k);
  if (svg === undefined) {
    svg = riskHeatmapSvg(heat);
    if (heatmaps.size >= HEATMAPS_KEPT) heatmaps.delete(heatmaps.keys().next().value!);
    heatmaps.set(k, svg);
  }
  return svg;
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
