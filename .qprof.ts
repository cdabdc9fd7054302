import path from 'node:path';
import fs from 'node:fs';
import { loadConfig } from './src/config';
import type { Deps } from './src/deps';
import { registerAllJobs } from './src/jobs';
import { createDb } from './src/shared/db/knex';
import { migrateLatest } from './src/shared/db/migrate';
import { InProcessJobQueue } from './src/shared/jobs';
import { createLogger } from './src/shared/logger';
import { simulatorPorts } from './src/simulation';
import { simulate } from './fixtures/simulator/simulate';
async function main() {
  const work = '/tmp/sfq'; fs.rmSync(work, { recursive: true, force: true }); fs.mkdirSync(work);
  const url = `sqlite:${work}/db.sqlite`;
  const config = loadConfig({ ...process.env, DATABASE_URL: url, ERP_DROP_DIR: path.join(work, 'drop'), EXPORT_DIR: path.join(work, 'exp'), OUTBOX_DIR: path.join(work, 'out'), DEMO_DATA: 'off' });
  const logger = createLogger('warn');
  const db = createDb(url);
  await migrateLatest(db);
  const stats = new Map<string, { n: number; ms: number }>();
  const started = new Map<string, number>();
  db.on('query', (q: any) => started.set(q.__knexQueryUid, performance.now()));
  db.on('query-response', (_r: any, q: any) => {
    const t0 = started.get(q.__knexQueryUid); if (t0 === undefined) return; started.delete(q.__knexQueryUid);
    const k = String(q.sql).replace(/\?(, \?)*/g, '?').slice(0, 110);
    const s = stats.get(k) ?? { n: 0, ms: 0 }; s.n++; s.ms += performance.now() - t0; stats.set(k, s);
  });
  const deps: Deps = { config, db, jobs: new InProcessJobQueue(logger), logger };
  registerAllJobs(deps); void deps.jobs.start();
  const t = performance.now();
  await simulate(deps, { seed: 1, days: Number(process.env.DAYS ?? 56), end: '2026-11-20' }, simulatorPorts);
  console.log('total', ((performance.now() - t) / 1000).toFixed(1));
  const all = [...stats].sort((a, b) => b[1].ms - a[1].ms);
  console.log('queries', all.reduce((s, [, v]) => s + v.n, 0), 'ms', all.reduce((s, [, v]) => s + v.ms, 0).toFixed(0));
  for (const [k, v] of all.slice(0, 30)) console.log(v.ms.toFixed(0).padStart(6), String(v.n).padStart(6), k);
  await deps.jobs.close(); await db.destroy();
}
main();
