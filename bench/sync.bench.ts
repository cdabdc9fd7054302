/**
 * npm run bench:sync — 1,000,000 stock + 500,000 supply rows through the file-drop connector.
 * Baselines, measured in the same run on the same files:
 *   SQLite:     the rows parsed with the same CSV parser and inserted by one prepared statement
 *               in transactions of 10,000 rows, into the same tables.
 *   PostgreSQL: the files streamed into the same tables with COPY … FROM STDIN (FORMAT csv).
 * Prints rows/s, the ratio of sync time to baseline time, the re-run ratio and peak RSS;
 * the last line is JSON. Options: --stock N --supply N (defaults 1,000,000 / 500,000).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { writeBenchData } from '../fixtures/demo-company/generate';
import { runSync, startRun } from '../src/erp';
import { nowIso } from '../src/shared/time';
import { benchDeps, freshDatabase, measure, round, scratch, useBenchClock } from './bench-support';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const STOCK = arg('stock', 1_000_000);
const SUPPLY = arg('supply', 500_000);
const ROWS = STOCK + SUPPLY;
useBenchClock();
const NOW = nowIso();

async function sqliteBaseline(dropDir: string): Promise<void> {
  const { url, drop } = await freshDatabase('sqlite');
  const db = new Database(url.slice('sqlite:'.length));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const load = async (file: string, sql: string, map: (r: string[]) => unknown[]) => {
    const stmt = db.prepare(sql);
    const flush = db.transaction((rows: unknown[][]) => {
      for (const r of rows) stmt.run(...r);
    });
    let batch: unknown[][] = [];
    for await (const rec of fs
      .createReadStream(path.join(dropDir, file))
      .pipe(parse({ bom: true, from_line: 2 }))) {
      batch.push(map(rec as string[]));
      if (batch.length === 10_000) flush(batch), (batch = []);
    }
    flush(batch);
  };
  await load(
    'stock.csv',
    'INSERT INTO erp_stock (sku, site_code, on_hand, blocked, row_hash, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    (r) => [r[0], r[1], r[2], r[3] || 0, 'x', NOW],
  );
  await load(
    'supply.csv',
    'INSERT INTO erp_supply (ref, kind, sku, site_code, open_qty, due_date, status, row_hash, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    (r) => [...r.slice(0, 7).map((v) => v || null), 'x', NOW],
  );
  db.close();
  await drop();
}

async function postgresBaseline(dropDir: string, pgBase: string): Promise<void> {
  const { url, drop } = await freshDatabase('postgres', pgBase);
  const client = new Client({ connectionString: url });
  await client.connect();
  // The same tables; row_hash and updated_at get defaults only for the baseline's COPY.
  await client.query(
    `ALTER TABLE erp_stock ALTER COLUMN row_hash SET DEFAULT 'x', ALTER COLUMN updated_at SET DEFAULT '${NOW}'`,
  );
  await client.query(
    `ALTER TABLE erp_supply ALTER COLUMN row_hash SET DEFAULT 'x', ALTER COLUMN updated_at SET DEFAULT '${NOW}'`,
  );
  const copy = (file: string, sql: string) =>
    pipeline(fs.createReadStream(path.join(dropDir, file)), client.query(copyFrom(sql)));
  await copy(
    'stock.csv',
    'COPY erp_stock (sku, site_code, on_hand, blocked) FROM STDIN WITH (FORMAT csv, HEADER true)',
  );
  await copy(
    'supply.csv',
    'COPY erp_supply (ref, kind, sku, site_code, open_qty, due_date, status) FROM STDIN WITH (FORMAT csv, HEADER true)',
  );
  await client.end();
  await drop();
}

async function syncPhases(kind: 'sqlite' | 'postgres', dropDir: string, pgBase?: string) {
  const { url, drop } = await freshDatabase(kind, pgBase);
  const deps = benchDeps(url, dropDir);
  const run = async (datasets: Array<'sites' | 'items' | 'stock' | 'supply'>) => {
    const runId = await startRun(deps.db, deps.config, { datasets }, 'manual', null);
    const status = await runSync(deps, runId);
    if (status !== 'succeeded') throw new Error(`bench sync ended ${status}`);
  };
  await run(['sites', 'items']); // master data first: stock and supply refer to it
  const first = await measure(() => run(['stock', 'supply']));
  const rerun = await measure(() => run(['stock', 'supply']));
  await deps.db.destroy();
  await drop();
  return { first, rerun };
}

type Kind = 'sqlite' | 'postgres';
type Phase = 'baseline' | 'sync';

/** One phase in a child process, so its peak RSS is its own and not the bench's. */
function runPhase(phase: Phase, kind: Kind, dropDir: string): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', __filename, '--phase', phase, '--kind', kind, '--dir', dropDir],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!))
        : reject(new Error(`${phase} ${kind} exited ${code}`)),
    );
  });
}

async function child(phase: Phase, kind: Kind, dropDir: string): Promise<void> {
  const pg = process.env.DATABASE_URL;
  if (phase === 'baseline') {
    const b = await measure(() =>
      kind === 'sqlite' ? sqliteBaseline(dropDir) : postgresBaseline(dropDir, pg!),
    );
    console.log(
      JSON.stringify({ seconds: b.seconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }),
    );
    return;
  }
  const { first, rerun } = await syncPhases(kind, dropDir, pg);
  console.log(
    JSON.stringify({
      seconds: first.seconds,
      rerunSeconds: rerun.seconds,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

async function main(): Promise<void> {
  const phase = process.argv.includes('--phase')
    ? (process.argv[process.argv.indexOf('--phase') + 1] as Phase)
    : null;
  if (phase)
    return child(
      phase,
      process.argv[process.argv.indexOf('--kind') + 1] as Kind,
      process.argv[process.argv.indexOf('--dir') + 1]!,
    );
  const dropDir = scratch('drop');
  console.log(`Generating ${STOCK.toLocaleString()} stock + ${SUPPLY.toLocaleString()} supply rows…`);
  await writeBenchData(dropDir, { seed: 1, today: NOW.slice(0, 10), stockRows: STOCK, supplyRows: SUPPLY });
  const results: Record<string, unknown> = { rows: ROWS };
  const targets: Array<[Kind, number]> = [['sqlite', 1.5]];
  if (process.env.DATABASE_URL?.startsWith('postgres')) targets.push(['postgres', 5]);
  for (const [kind, target] of targets) {
    const baseline = await runPhase('baseline', kind, dropDir);
    const sync = await runPhase('sync', kind, dropDir);
    const r = {
      baselineRowsPerSec: Math.round(ROWS / baseline.seconds!),
      syncRowsPerSec: Math.round(ROWS / sync.seconds!),
      baselineSeconds: round(baseline.seconds!),
      syncSeconds: round(sync.seconds!),
      ratioToBaseline: round(sync.seconds! / baseline.seconds!),
      targetRatio: target,
      rerunSeconds: round(sync.rerunSeconds!),
      rerunRatio: round(sync.rerunSeconds! / sync.seconds!, 3),
      syncPeakRssMb: sync.peakRssMb,
      baselinePeakRssMb: baseline.peakRssMb,
    };
    results[kind] = r;
    console.log(
      `${kind.padEnd(9)} baseline ${r.baselineRowsPerSec.toLocaleString()} rows/s (${r.baselineSeconds}s) | sync ${r.syncRowsPerSec.toLocaleString()} rows/s (${r.syncSeconds}s) | ratio ${r.ratioToBaseline}× (target ≤ ${target}×) | re-run ${r.rerunRatio}× of first load (target ≤ 0.2×) | peak RSS sync ${r.syncPeakRssMb} MB (target ≤ 300), baseline ${r.baselinePeakRssMb} MB`,
    );
  }
  fs.rmSync(dropDir, { recursive: true, force: true });
  console.log(JSON.stringify(results));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
