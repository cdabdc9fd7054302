import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { DatasetSource, singleRowBatches } from '../../connectors/connector';
import { dialectOf } from '../shared/db/knex';
import { nowIso } from '../shared/time';
import type { DatasetSpec } from './datasets';
import * as merge from './merge.repository';
import { checkRow } from './row-validation';
import * as runs from './sync-runs.repository';
import { openStaging, StagingRow } from './staging.repository';

const QUARANTINE_PAGE = 2000;

export interface DatasetResult {
  name: DatasetSpec['name'];
  file: string;
  status: runs.DatasetStatus;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  closed: number;
  quarantined: number;
  warnings: string[];
}

export interface LoadContext {
  db: Knex;
  runId: string;
  force: boolean;
  /** Fraction a snapshot may shrink by before it is refused. */
  shrinkGuard: number;
  onProgress(dataset: string, rows: number): Promise<void>;
}

class SnapshotRefused extends Error {}

export const toRunDatasetRow = (
  runId: string,
  r: DatasetResult,
  hash: string | null,
): runs.RunDatasetRow => ({
  run_id: runId,
  name: r.name,
  file: r.file,
  status: r.status,
  read_count: r.read,
  inserted: r.inserted,
  updated: r.updated,
  unchanged: r.unchanged,
  closed: r.closed,
  quarantined: r.quarantined,
  warnings: JSON.stringify(r.warnings),
  content_hash: hash,
  finished_at: nowIso(),
});

function stagingRow(
  spec: DatasetSpec,
  line: number,
  source: { values: Record<string, string | null>; problem?: string },
  checked: ReturnType<typeof checkRow>,
): StagingRow | null {
  if (checked.ok) {
    return {
      line,
      bad: false,
      reason: null,
      raw: null,
      rowHash: checked.rowHash,
      newId: spec.crmOwned ? crypto.randomUUID() : null,
      values: checked.values,
    };
  }
  // A bad row is staged too, with only its key (when readable): the key keeps a snapshot row open.
  const values = spec.columns.map((c) => {
    const i = spec.key.indexOf(c.name);
    return i >= 0 && checked.key ? checked.key[i]! : null;
  });
  return {
    line,
    bad: true,
    reason: checked.reason.slice(0, 1000),
    raw: JSON.stringify(source.values),
    rowHash: null,
    newId: null,
    values,
  };
}

/**
 * Loads one dataset: stream → validate → stage, then one transaction that quarantines
 * duplicates and unknown references, guards a shrinking snapshot, merges, closes the absent,
 * and records the outcome. A kill before that commit leaves the dataset as it was.
 */
export async function loadDataset(
  ctx: LoadContext,
  spec: DatasetSpec,
  source: DatasetSource,
): Promise<DatasetResult> {
  const base: DatasetResult = {
    name: spec.name,
    file: source.file,
    status: 'loaded',
    read: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    closed: 0,
    quarantined: 0,
    warnings: [...source.warnings],
  };
  if (source.contentHash && !ctx.force) {
    const [loaded, open] = await Promise.all([
      runs.findLoadedHash(ctx.db, spec.name),
      runs.countOpenQuarantine(ctx.db, spec.name),
    ]);
    if (loaded === source.contentHash && open === 0) {
      const result = { ...base, status: 'unchanged' as const };
      await runs.saveRunDataset(ctx.db, toRunDatasetRow(ctx.runId, result, source.contentHash));
      return result;
    }
  }

  const staging = await openStaging(ctx.db, spec);
  try {
    let buffer: StagingRow[] = [];
    for await (const batch of source.batches?.() ?? singleRowBatches(source.rows())) {
      for (const row of batch) {
        base.read++;
        const staged = stagingRow(spec, row.line, row, checkRow(spec, row));
        if (staged) buffer.push(staged);
        if (buffer.length >= staging.chunkRows) {
          await staging.write(buffer);
          buffer = [];
          await ctx.onProgress(spec.name, base.read);
        }
      }
    }
    if (buffer.length) await staging.write(buffer);
    await ctx.onProgress(spec.name, base.read);

    const result = await staging.merge(async (trx) => {
      const stg = staging.table;
      await merge.indexStaging(trx, stg, spec);
      if (await merge.hasDuplicates(trx, stg, spec)) await merge.markDuplicates(trx, stg, spec);
      await merge.markUnknownReferences(trx, stg, spec.references);
      const counts = await merge.countStaged(trx, stg, spec);
      if (
        spec.mode === 'snapshot' &&
        !ctx.force &&
        counts.previousOpen > 0 &&
        counts.staged < counts.previousOpen * (1 - ctx.shrinkGuard)
      ) {
        throw new SnapshotRefused(
          `refused: the snapshot has ${counts.staged} rows where ${counts.previousOpen} are open now, a drop of more than ${Math.round(ctx.shrinkGuard * 100)} %; the previous data stays in force (force the sync to accept it)`,
        );
      }
      const now = nowIso();
      const expected = dialectOf(trx) === 'mssql' ? await merge.countChanges(trx, stg, spec) : null;
      const updated = counts.targetEmpty
        ? 0
        : ((await merge.applyUpdates(trx, stg, spec, now, new Set(source.columns), ctx.runId)) ??
          expected!.updated);
      const inserted = (await merge.insertNew(trx, stg, spec, now)) ?? expected!.inserted;
      // Nothing was open before: every row open now was just inserted or reopened from the file.
      const closed =
        spec.mode === 'snapshot' && counts.previousOpen > 0
          ? await merge.closeAbsent(trx, stg, spec, now, ctx.runId)
          : 0;
      await spec.afterMerge?.(trx, stg);
      await copyQuarantine(trx, stg, ctx.runId, spec, source.file, now);
      await runs.resolveQuarantine(trx, spec.name, ctx.runId, now);
      if (source.contentHash) await runs.saveLoadedHash(trx, spec.name, source.contentHash, ctx.runId, now);
      const done: DatasetResult = {
        ...base,
        status: counts.bad > 0 ? 'partial' : 'loaded',
        inserted,
        updated,
        unchanged: counts.staged - counts.bad - inserted - updated,
        closed,
        quarantined: counts.bad,
      };
      await runs.saveRunDataset(trx, toRunDatasetRow(ctx.runId, done, source.contentHash));
      return done;
    });
    await source.commit?.();
    return result;
  } catch (err) {
    if (!(err instanceof SnapshotRefused)) throw err;
    const refused = { ...base, status: 'refused' as const, warnings: [...base.warnings, err.message] };
    await runs.saveRunDataset(ctx.db, toRunDatasetRow(ctx.runId, refused, source.contentHash));
    return refused;
  } finally {
    await staging.dispose();
  }
}

async function copyQuarantine(
  trx: Knex,
  stg: string,
  runId: string,
  spec: DatasetSpec,
  file: string,
  now: string,
): Promise<void> {
  let after = 0;
  for (;;) {
    const page = await merge.pageBadRows(trx, stg, after, QUARANTINE_PAGE);
    if (!page.length) return;
    await runs.insertQuarantine(
      trx,
      page.map((r) => ({
        run_id: runId,
        dataset: spec.name,
        file,
        line: Number(r.line),
        reason: r.reason,
        row_data:
          r.raw ?? JSON.stringify(Object.fromEntries(spec.columns.map((c) => [c.name, r[c.name] ?? null]))),
        created_at: now,
      })),
    );
    after = Number(page[page.length - 1]!.line);
  }
}
