import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DEPCRUISE = path.join(ROOT, 'node_modules/.bin/depcruise');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** Runs `npm run boundaries`' check, with the project's own config, over the given folders of `cwd`. */
function cruise(cwd: string, folders: string[]): Violation[] {
  const run = spawnSync(DEPCRUISE, ['--config', CONFIG, '--output-type', 'json', ...folders], {
    cwd,
    encoding: 'utf8',
    // The JSON report lists every module and dependency: past 1 MB (spawnSync's default buffer)
    // on our own tree, where a cut-off report would read as invalid JSON.
    maxBuffer: 64 * 2 ** 20,
  });
  if (!run.stdout) throw new Error(`depcruise gave no report: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

/** A scratch project shaped like ours (src/<domain>, src/shared, migrations, connectors), from file texts. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factorydesk-boundaries-'));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true } }));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const rulesBroken = (violations: Violation[]) =>
  violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();

const ATP = {
  'src/atp/atp.service.ts': 'export const HORIZON_DAYS = 365;\n',
  'src/atp/index.ts': "export { HORIZON_DAYS } from './atp.service';\n",
};

describe('npm run boundaries (dependency-cruiser)', () => {
  const dirs: string[] = [];
  const scratch = (files: Record<string, string>) => {
    const dir = project(files);
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the source tree keeps every boundary', () => {
    expect(rulesBroken(cruise(ROOT, ['src', 'migrations', 'connectors']))).toEqual([]);
  });

  test('a domain importing a file of another domain past its index.ts is reported', () => {
    const dir = scratch({
      ...ATP,
      'src/orders/reconfirm.ts':
        "import { HORIZON_DAYS } from '../atp/atp.service';\nexport const h = HORIZON_DAYS;\n",
    });
    expect(rulesBroken(cruise(dir, ['src']))).toEqual([
      'domain-through-index: src/orders/reconfirm.ts → src/atp/atp.service.ts',
    ]);
  });

  test('the same import through the domain’s index.ts passes', () => {
    const dir = scratch({
      ...ATP,
      'src/orders/reconfirm.ts': "import { HORIZON_DAYS } from '../atp';\nexport const h = HORIZON_DAYS;\n",
    });
    expect(rulesBroken(cruise(dir, ['src']))).toEqual([]);
  });

  test('two domains importing each other are reported as a cycle, even when no file imports itself back', () => {
    // As atp and orders were: atp's repository read orders' statuses, orders' services used atp's.
    const dir = scratch({
      ...ATP,
      'src/atp/atp.repository.ts':
        "import { STATUSES } from '../orders';\nexport const reserving = STATUSES;\n",
      'src/orders/index.ts': "export const STATUSES = ['draft'];\n",
      'src/orders/reconfirm.ts': "import { HORIZON_DAYS } from '../atp';\nexport const h = HORIZON_DAYS;\n",
    });
    expect(rulesBroken(cruise(dir, ['src']))).toEqual([
      'no-cycle-between-domains: src/atp → src/orders',
      'no-cycle-between-domains: src/orders → src/atp',
    ]);
  });

  test('shared importing a domain, a migration importing a domain and a connector importing another are reported', () => {
    const dir = scratch({
      ...ATP,
      'src/shared/time.ts': "import { HORIZON_DAYS } from '../atp';\nexport const h = HORIZON_DAYS;\n",
      'migrations/001_x.ts': "import { HORIZON_DAYS } from '../src/atp';\nexport const h = HORIZON_DAYS;\n",
      'connectors/connector.ts': 'export interface ErpConnector { name: string }\n',
      'connectors/file-drop/header.ts': 'export const normalizeName = (s: string) => s.trim();\n',
      'connectors/mssql/mssql.connector.ts':
        "import type { ErpConnector } from '../connector';\nimport { normalizeName } from '../file-drop/header';\nexport const c: ErpConnector = { name: normalizeName('mssql') };\n",
    });
    expect(rulesBroken(cruise(dir, ['src', 'migrations', 'connectors']))).toEqual([
      'connector-behind-its-interface: connectors/mssql/mssql.connector.ts → connectors/file-drop/header.ts',
      'migrations-frozen-in-time: migrations/001_x.ts → src/atp/index.ts',
      'shared-knows-no-domain: src/shared/time.ts → src/atp/index.ts',
    ]);
  });
});
