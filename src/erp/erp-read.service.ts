import type { Knex } from 'knex';
import { notFound } from '../shared/errors';
import { decodeCursor, Page, parseLimit, toPage } from '../shared/http/pagination';
import type { QuarantineQuery } from './erp.schemas';
import { DATASETS } from './datasets';
import * as runs from './sync-runs.repository';

const LOAD_ORDER = new Map<string, number>(DATASETS.map((d, i) => [d.name, i]));

const parseJson = <T>(s: string | null): T | null => (s ? (JSON.parse(s) as T) : null);

function toRun(r: runs.RunRow, datasets: runs.RunDatasetRow[]) {
  return {
    id: r.id,
    status: r.status,
    trigger: r.trigger,
    connector: r.connector,
    force: Boolean(r.force),
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    progress: r.status === 'running' ? parseJson<{ dataset: string; rows: number }>(r.progress) : null,
    datasets: [...datasets]
      .sort((a, b) => LOAD_ORDER.get(a.name)! - LOAD_ORDER.get(b.name)!)
      .map((d) => ({
        name: d.name,
        file: d.file,
        status: d.status,
        read: Number(d.read_count),
        inserted: Number(d.inserted),
        updated: Number(d.updated),
        unchanged: Number(d.unchanged),
        closed: Number(d.closed),
        quarantined: Number(d.quarantined),
        warnings: parseJson<string[]>(d.warnings) ?? [],
      })),
    ...(r.error && { error: r.error }),
  };
}

export async function getRun(db: Knex, id: string) {
  const run = await runs.findRun(db, id);
  if (!run) throw notFound('Sync run');
  return toRun(run, await runs.findRunDatasets(db, id));
}

export async function listRuns(db: Knex, q: { limit?: string; cursor?: string }) {
  const limit = parseLimit(q.limit);
  const rows = await runs.listRuns(db, limit, decodeCursor(q.cursor, 2) as [string, string] | null);
  return toPage(
    rows,
    limit,
    (r) => toRun(r, []),
    (r) => [r.created_at, r.id],
  );
}

export async function listQuarantine(db: Knex, q: QuarantineQuery): Promise<Page<Quarantined>> {
  const limit = parseLimit(q.limit);
  const after = decodeCursor(q.cursor, 1);
  const filter = {
    ...(q.runId && { runId: q.runId }),
    ...(q.dataset && { dataset: q.dataset }),
    openOnly: q.open === 'true' || (!q.runId && q.open !== 'false'),
  };
  const rows = await runs.listQuarantine(db, filter, limit, after ? Number(after[0]) : null);
  return toPage(rows, limit, toQuarantined, (r) => [String(r.id)]);
}

export type Quarantined = ReturnType<typeof toQuarantined>;

const toQuarantined = (r: runs.QuarantineRow) => ({
  id: String(r.id),
  runId: r.run_id,
  dataset: r.dataset,
  file: r.file,
  line: Number(r.line),
  reason: r.reason,
  row: parseJson<Record<string, unknown>>(r.row_data),
  resolvedAt: r.resolved_at,
});

/** One quarantined row with the values as the ERP sent them; ids are the table's integers. */
export async function getQuarantined(db: Knex, id: string): Promise<Quarantined> {
  const row = /^[0-9]{1,15}$/.test(id) ? await runs.findQuarantineRow(db, Number(id)) : undefined;
  if (!row) throw notFound('Quarantined row');
  return toQuarantined(row);
}
