import fs from 'node:fs';
import { DATASET_NAMES } from '../../connectors/connector';
import { writeDemoCompany } from '../../fixtures/demo-company/generate';
import type { Deps } from '../deps';
import { todayIso } from '../shared/time';
import { getRun, runSync, startRun } from '../erp';

/** The demo is dated from today, so its supply and demand lie in the coming weeks whenever it is loaded. */
export const DEMO_SEED = 20261123;

function hasDropFiles(dir: string): boolean {
  if (!fs.existsSync(dir)) return false;
  const files = fs.readdirSync(dir).map((f) => f.toLowerCase());
  return DATASET_NAMES.some((d) => files.includes(`${d}.csv`) || files.includes(`${d}.xlsx`));
}

/**
 * When the drop folder already holds an ERP's files, loads them through the real sync path, as a
 * nightly run would, and answers true; answers false (loading nothing) on an empty folder, where
 * the plant simulator makes the demo company's history instead.
 */
export async function loadDemoErpData(deps: Deps, onlyExisting = false): Promise<boolean> {
  const dir = deps.config.erpDropDir;
  if (!hasDropFiles(dir)) {
    if (onlyExisting) return false;
    await writeDemoCompany(dir, { seed: DEMO_SEED, today: todayIso() });
  }
  const runId = await startRun(deps.db, deps.config, { connector: 'file-drop' }, 'demo', null);
  await runSync(deps, runId);
  const run = await getRun(deps.db, runId);
  deps.logger.info(
    {
      runId,
      status: run.status,
      datasets: run.datasets.map((d) => `${d.name}: ${d.read} read, ${d.quarantined} quarantined`),
    },
    'demo company loaded through the ERP sync',
  );
  return true;
}
