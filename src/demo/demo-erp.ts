import fs from 'node:fs';
import { DATASET_NAMES } from '../../connectors/connector';
import { writeDemoCompany } from '../../fixtures/demo-company/generate';
import type { Deps } from '../deps';
import { getRun, runSync, startRun } from '../erp';
import { todayIso } from '../shared/time';

/** The demo is dated from today, so its supply and demand lie in the coming weeks whenever it is loaded. */
const DEMO_SEED = 20261123;

function hasDropFiles(dir: string): boolean {
  if (!fs.existsSync(dir)) return false;
  const files = fs.readdirSync(dir).map((f) => f.toLowerCase());
  return DATASET_NAMES.some((d) => files.includes(`${d}.csv`) || files.includes(`${d}.xlsx`));
}

/**
 * Loads the demo company through the real sync path: the generator writes the ERP's CSV files
 * into the drop folder (unless files are already there) and a file-drop sync loads them, exactly
 * as a nightly run would.
 */
export async function loadDemoErpData(deps: Deps): Promise<void> {
  const dir = deps.config.erpDropDir;
  if (!hasDropFiles(dir)) await writeDemoCompany(dir, { seed: DEMO_SEED, today: todayIso() });
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
}
