/**
 * npm run bench:simulate — the plant simulator and the demo start, on SQLite.
 *   1. Simulated days per second: `--weeks` (default 26) of the demo company's history through the
 *      app's HTTP API and the nightly file-drop sync, into a fresh database. Baseline, measured in
 *      the same run: the same weeks of the simulated plant alone (its days and its nightly drop
 *      files, no FactoryDesk), so the ratio is what the real paths cost over the simulation itself.
 *   2. The demo start: `npm start` (tsx src/server.ts) on an empty database with DEMO_DATA=on and
 *      DEMO_WEEKS=--weeks, from the spawn to the first page served (/login answering 200, saying
 *      the history is loading), and to the app open (/health answering 200, the history made).
 *      Baseline: the same start with DEMO_DATA=off.
 * Targets on the reference machine: the demo start ≤ 30 s, the 26-week run ≤ 120 s. The last line is JSON.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { allColumns, type DatasetName } from '../connectors/connector';
import { writeCsv } from '../fixtures/demo-company/csv-writer';
import { formatDay, parseDay } from '../fixtures/demo-company/dates';
import { buildModel } from '../fixtures/demo-company/model';
import { Random } from '../fixtures/demo-company/random';
import { simulate } from '../fixtures/simulator/simulate';
import { PlantWorld } from '../fixtures/simulator/world';
import { registerAllJobs } from '../src/jobs';
import { todayIso } from '../src/shared/time';
import { simulatorPorts } from '../src/simulation';
import { benchDeps, freshDatabase, measure, round, scratch, useBenchClock } from './bench-support';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const WEEKS = arg('weeks', 26);
const SEED = arg('seed', 1);
const DAYS = WEEKS * 7;
useBenchClock();
const END = todayIso();

/** The plant alone: its days and the drop files it writes each night, as the simulator runs them. */
async function plantOnly(dir: string): Promise<void> {
  const start = parseDay(END) - DAYS + 1;
  const world = new PlantWorld(buildModel(SEED, start, 1), new Random(SEED, 'plant-simulator').fork('plant'));
  const write = (name: string, rows: Iterable<Record<string, unknown>>) =>
    writeCsv(path.join(dir, `${name}.csv`), allColumns(name as DatasetName), [...rows] as never);
  for (const [name, rows] of world.staticRows()) await write(name, rows);
  for (let day = start; day <= start + DAYS - 1; day++) {
    if (day > start) world.runDay(day);
    for (const [name, rows] of world.nightlyRows(day, day === start)) await write(name, rows);
  }
  if (formatDay(start + DAYS - 1) !== END) throw new Error('the plant ran to the wrong day');
}

async function simulation(): Promise<number> {
  const { url, drop } = await freshDatabase('sqlite');
  const dir = scratch('simulate');
  const deps = benchDeps(url, path.join(dir, 'erp-drop'));
  deps.config.exportDir = path.join(dir, 'exports');
  deps.config.outboxDir = path.join(dir, 'outbox');
  // The sync thread logs at the config's level.
  deps.config.logLevel = 'silent';
  // The simulated ERP reads orders_out once a night, flushed before it does (as the demo start and npm run simulate).
  deps.config.ordersOutCoalesce = 'night';
  registerAllJobs(deps);
  await deps.jobs.start();
  try {
    await simulate(deps, { seed: SEED, days: DAYS, end: END }, simulatorPorts);
    return DAYS;
  } finally {
    await deps.jobs.close();
    await deps.db.destroy();
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/**
 * Spawns `npm start`'s command on an empty SQLite database and waits for /login to answer 200 (the
 * first page: with the demo, the one saying its history is loading), then for /health to answer 200
 * (the app open: the demo's history made). Seconds from the spawn to each.
 */
async function startToFirstPage(demo: boolean): Promise<{ firstPage: number; ready: number }> {
  const started = performance.now();
  const dir = scratch('start');
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [require.resolve('tsx/cli'), path.join(__dirname, '..', 'src', 'server.ts')],
    {
      cwd: dir,
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: `sqlite:${path.join(dir, 'fd.sqlite')}`,
        ERP_DROP_DIR: path.join(dir, 'erp-drop'),
        EXPORT_DIR: path.join(dir, 'exports'),
        OUTBOX_DIR: path.join(dir, 'outbox'),
        DEMO_DATA: demo ? 'on' : 'off',
        DEMO_WEEKS: String(WEEKS),
        LOG_LEVEL: 'warn',
        REDIS_URL: '',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the server exited with ${code} before serving a page`))),
  );
  exited.catch(() => undefined);
  const until200 = async (path: string): Promise<number> => {
    for (;;) {
      const res = await Promise.race([fetch(`http://127.0.0.1:${port}${path}`).catch(() => null), exited]);
      if (res?.status === 200) return (performance.now() - started) / 1000;
      await Promise.race([new Promise((r) => setTimeout(r, 100)), exited]);
    }
  };
  try {
    const firstPage = await until200('/login');
    return { firstPage, ready: await until200('/health') };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const plantDir = scratch('plant');
  const plant = await measure(() => plantOnly(plantDir));
  fs.rmSync(plantDir, { recursive: true, force: true });
  const run = await measure(simulation);
  const bare = await startToFirstPage(false);
  const demo = await startToFirstPage(true);
  const r = {
    weeks: WEEKS,
    seed: SEED,
    plantDaysPerSec: round(DAYS / plant.seconds, 1),
    simulatedDaysPerSec: round(DAYS / run.seconds),
    simulationSeconds: round(run.seconds, 1),
    ratioToPlantAlone: round(run.seconds / plant.seconds, 1),
    simulationPeakRssMb: run.peakRssMb,
    bareStartSeconds: round(bare.firstPage, 1),
    demoStartSeconds: round(demo.firstPage, 1),
    demoStartRatioToBareStart: round(demo.firstPage / bare.firstPage, 1),
    demoReadySeconds: round(demo.ready, 1),
  };
  console.log(
    `simulate ${WEEKS} weeks (seed ${SEED}, SQLite): ${r.simulatedDaysPerSec} simulated days/s, ${r.simulationSeconds} s (target ≤ 120 s for 26 weeks) | the plant alone ${r.plantDaysPerSec} days/s | ratio ${r.ratioToPlantAlone}× | peak RSS ${r.simulationPeakRssMb} MB`,
  );
  console.log(
    `demo start (DEMO_WEEKS=${WEEKS}) to the first page: ${r.demoStartSeconds} s (target ≤ 30 s; the page says the history is loading) | bare start ${r.bareStartSeconds} s | ratio ${r.demoStartRatioToBareStart}× | history loaded, app open: ${r.demoReadySeconds} s`,
  );
  console.log(JSON.stringify(r));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
