import type { Knex } from 'knex';
import { currentTime } from '../shared/clock';
import { findRiskAccountNames, findRiskVersion } from './risk-filters.repository';
import type { RiskLinesQuery } from './risk.schemas';
import { countRiskByBand, listRiskFamilies, riskHeatmap } from './risk.service';

/** The risk page's summaries beside its list: band counts, heatmap, and the filters' families and accounts. */
export interface RiskSummary {
  counts: Record<string, number>;
  heat: Awaited<ReturnType<typeof riskHeatmap>>;
  families: string[];
  accounts: Array<{ id: string; name: string }>;
}

/**
 * Each summary reads every stored score (four scans of 100,000 rows a view); kept per filter while
 * the stored scores stay the same (findRiskVersion), and at most a minute, so a change another
 * process wrote that the version misses (two recomputes committing out of order) shows soon.
 */
const KEPT = 32;
const MAX_AGE_MS = 60_000;
const kept = new Map<string, { version: string; at: number; summary: RiskSummary }>();

export async function riskSummary(db: Knex, q: RiskLinesQuery): Promise<RiskSummary> {
  const { cursor: _cursor, limit: _limit, ...filter } = q;
  const k = JSON.stringify(filter);
  const version = await findRiskVersion(db);
  const now = currentTime().getTime();
  const hit = kept.get(k);
  if (hit && hit.version === version && now - hit.at < MAX_AGE_MS) return hit.summary;
  const summary: RiskSummary = {
    counts: await countRiskByBand(db, q),
    heat: await riskHeatmap(db, q),
    families: await listRiskFamilies(db),
    accounts: await findRiskAccountNames(db),
  };
  kept.delete(k);
  if (kept.size >= KEPT) kept.delete(kept.keys().next().value!);
  kept.set(k, { version, at: now, summary });
  return summary;
}
