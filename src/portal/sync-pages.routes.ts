import { Router } from 'express';
import { DATASET_NAMES, type DatasetName } from '../../connectors/connector';
import type { Deps } from '../deps';
import {
  getQuarantined,
  getRun,
  listQuarantine,
  listRuns,
  type QuarantineQuery,
  quarantineQuery,
  requestSync,
} from '../erp';
import { requestMetricsExport } from '../metrics';
import type { Role } from '../shared/http/actor';
import { compileValidator } from '../shared/http/validation';
import { fieldsOf } from './form-fields';
import { idParam, type PageKit, queryText } from './page-support';
import { when } from './quote-views';

/** Who runs the ERP sync: the same roles as POST /api/erp/sync. */
const OPERATORS: readonly Role[] = ['admin', 'planner'];
const FINISHED = ['succeeded', 'partial', 'failed', 'refused'];
const checkQuarantineQuery = compileValidator<QuarantineQuery>(quarantineQuery, 'The filter is not valid');

type Run = Awaited<ReturnType<typeof getRun>>;

const datasetName = (raw: string | undefined): DatasetName | undefined =>
  DATASET_NAMES.find((d) => d === raw);

/**
 * One row per dataset in load order: its counts once loaded, its rows so far while it is read,
 * "waiting" before, and "not read" when the run ended without it (no file for it in the drop).
 * templates/assets/sync-run.js draws the same rows from the API's JSON while the run goes on.
 */
function datasetRows(run: Run) {
  const finished = FINISHED.includes(run.status);
  return DATASET_NAMES.map((name) => {
    const done = run.datasets.find((d) => d.name === name);
    if (done)
      return {
        ...done,
        done: true,
        statusText: done.status,
        quarantineUrl: `/erp/quarantine?runId=${run.id}&dataset=${name}`,
      };
    const reading = run.progress && (run.progress as { dataset?: string }).dataset === name;
    const rows = reading ? Number((run.progress as { rows?: number }).rows ?? 0) : 0;
    const status = reading ? 'reading' : finished ? 'not_read' : 'waiting';
    return { name, done: false, status, statusText: status.replace('_', ' '), read: rows };
  });
}

const runSummary = (r: Run) => ({
  ...r,
  createdText: when(r.createdAt),
  finishedText: r.finishedAt ? when(r.finishedAt) : '',
  running: !FINISHED.includes(r.status),
});

/**
 * ERP sync runs for the admin and the planner: start one, watch it dataset by dataset while it
 * runs (the page polls GET /api/erp/sync-runs/:id), and browse the rows the sync quarantined.
 */
export function syncPageRoutes(deps: Deps, { view, action }: Pick<PageKit, 'view' | 'action'>): Router {
  const { db } = deps;
  const router = Router();

  router.get(
    '/erp/sync-runs',
    view(OPERATORS, async (c) => {
      const cursor = queryText(c.req, 'cursor');
      const page = await listRuns(db, { limit: '30', ...(cursor && { cursor }) });
      c.render('sync-runs', 'ERP sync', {
        runs: page.items.map(runSummary),
        next: page.nextCursor ? `/erp/sync-runs?cursor=${encodeURIComponent(page.nextCursor)}` : null,
        datasets: DATASET_NAMES,
      });
    }),
  );

  router.post(
    '/erp/sync',
    ...action(
      OPERATORS,
      () => '/erp/sync-runs',
      async (c) => {
        const f = fieldsOf(c.req);
        // Checkboxes: none ticked is every dataset, as for the API without `datasets`.
        const ticked = ([] as unknown[]).concat(f.datasets ?? []).map(String);
        const datasets = DATASET_NAMES.filter((d) => ticked.includes(d));
        const runId = await requestSync(deps, c.actor, {
          ...(datasets.length && { datasets }),
          ...(f.force === 'on' && { force: true }),
        });
        return { to: `/erp/sync-runs/${runId}`, message: 'The sync has started' };
      },
    ),
  );

  // The metrics the nightly job writes after the sync, written now (POST /api/metrics/export).
  router.post(
    '/erp/metrics-export',
    ...action(
      OPERATORS,
      () => '/erp/sync-runs',
      async (c) => {
        const runId = await requestMetricsExport(deps, c.actor.userId);
        return {
          message: `The metrics export has started (run ${runId}); its files go to the export folder`,
        };
      },
    ),
  );

  router.get(
    '/erp/sync-runs/:id',
    view(OPERATORS, async (c) => {
      const run = await getRun(db, idParam(c.req));
      c.render('sync-run', `Sync run of ${when(run.createdAt)}`, {
        run: runSummary(run),
        datasets: datasetRows(run),
        quarantined: run.datasets.reduce((n, d) => n + d.quarantined, 0),
      });
    }),
  );

  router.get(
    '/erp/quarantine',
    view(OPERATORS, async (c) => {
      const runId = queryText(c.req, 'runId', 40);
      const dataset = datasetName(queryText(c.req, 'dataset', 30));
      const cursor = queryText(c.req, 'cursor');
      // The API's own query schema: a run id that is not one is a 400 page, never a query.
      const page = await listQuarantine(
        db,
        checkQuarantineQuery({
          ...(runId && { runId }),
          ...(dataset && { dataset }),
          ...(cursor && { cursor }),
          limit: '100',
        }),
      );
      const params = new URLSearchParams({ ...(runId && { runId }), ...(dataset && { dataset }) });
      if (page.nextCursor) params.set('cursor', page.nextCursor);
      c.render('quarantine', 'Quarantined ERP rows', {
        rows: page.items,
        runId,
        datasets: DATASET_NAMES.map((d) => ({ value: d, selected: d === dataset })),
        next: page.nextCursor ? `/erp/quarantine?${params.toString()}` : null,
        filtered: Boolean(runId || dataset),
      });
    }),
  );

  router.get(
    '/erp/quarantine/:id',
    view(OPERATORS, async (c) => {
      const row = await getQuarantined(db, String(c.req.params.id));
      c.render('quarantined-row', `${row.dataset} line ${row.line}`, {
        row,
        values: Object.entries(row.row ?? {}).map(([column, value]) => ({ column, value })),
      });
    }),
  );

  return router;
}
