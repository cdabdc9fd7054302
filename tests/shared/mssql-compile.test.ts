import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { MIGRATIONS } from '../../migrations';
import * as accounts from '../../src/accounts/accounts.repository';
import * as atp from '../../src/atp/atp.repository';
import * as auth from '../../src/auth/auth.repository';
import * as catalog from '../../src/catalog/catalog.repository';
import { DATASETS, datasetSpec, DatasetSpec } from '../../src/erp/datasets';
import * as merge from '../../src/erp/merge.repository';
import * as ordersOut from '../../src/erp/orders-out.repository';
import * as runs from '../../src/erp/sync-runs.repository';
import * as shipped from '../../src/erp/shipped-lines.repository';
import * as daily from '../../src/erp/daily-sums.repository';
import * as orders from '../../src/orders/orders.repository';
import * as reconfirm from '../../src/orders/reconfirm.repository';
import { openStaging, stagingName, StagingRow } from '../../src/erp/staging.repository';
import * as audit from '../../src/shared/audit.repository';
import { ALL_ACCOUNTS } from '../../src/shared/http/actor';
import { createRecordingMssqlKnex, RecordedStatement } from '../support/mssql-recorder';
import { DOMAIN_REPOSITORY_CASES, RepositoryCase } from './mssql-cases';

/*
 * There is no SQL Server here, so this suite checks the next best thing: that knex's real SQL Server
 * compiler accepts every migration and every repository query (it throws for what it cannot
 * express), and that what it produces avoids what SQL Server refuses. The recorder is a named fake
 * at the database boundary; see tests/support/mssql-recorder.ts.
 */

const SRC = path.resolve(__dirname, '../../src');
const NOW = '2026-11-23T10:00:00.000Z';
const ID = '00000000-0000-4000-8000-000000000001';

// ---------------------------------------------------------------------------------------------
// What SQL Server refuses, checked on every recorded statement.

/** The SQL with string literals and [bracketed] identifiers blanked, so keywords are not found inside names. */
function codeOf(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, "''").replace(/\[[^\]]*\]/g, '[]');
}

const FOREIGN_SYNTAX: ReadonlyArray<readonly [RegExp, string]> = [
  [/\?\?/, 'leftover ?? identifier binding (knex.raw did not substitute it)'],
  [/"[#A-Za-z_][\w#$]*"/, "double-quoted identifier (another dialect's quoting)"],
  [/`/, 'backtick identifier (MySQL)'],
  [/\bautoincrement\b/i, 'AUTOINCREMENT (SQLite; SQL Server uses identity)'],
  [/\bboolean\b/i, 'boolean type (SQL Server uses bit)'],
  [
    /\b(?:n?text|jsonb?|serial|bigserial|timestamptz|bytea|uuid)\b/i,
    'type SQL Server does not have or has deprecated',
  ],
  [/\blimit\b/i, 'LIMIT (SQL Server uses TOP or OFFSET … FETCH)'],
  [/\breturning\b/i, 'RETURNING (SQL Server uses OUTPUT)'],
  [/\bon\s+conflict\b/i, 'ON CONFLICT (SQL Server needs MERGE or update-then-insert)'],
  [/\bilike\b/i, 'ILIKE (PostgreSQL)'],
  [/::/, ':: cast (PostgreSQL)'],
  [/\?/, 'unpositioned ? placeholder'],
];

/**
 * SQL Server takes at most 2100 parameters per request, and tedious sends every statement through
 * sp_executesql, whose own @stmt and @params count among them: 2098 are left for the statement.
 */
const MAX_PARAMETERS = 2100 - 2;

/** SQL Server's table value constructor (INSERT … VALUES (…), (…)) takes at most 1000 rows (error 10738). */
const MAX_VALUES_ROWS = 1000;

/** Rows of an INSERT … VALUES statement as knex writes it: `values (…), (…)`; 0 for any other statement. */
function valuesRows(sql: string): number {
  const values = /^insert into .*? values (\(.*)$/is.exec(codeOf(sql));
  return values ? values[1]!.split(/\)\s*,\s*\(/).length : 0;
}

function problemsIn(statement: RecordedStatement): string[] {
  const code = codeOf(statement.sql);
  const problems = FOREIGN_SYNTAX.filter(([pattern]) => pattern.test(code)).map(([, what]) => what);
  const used = new Set([...statement.sql.matchAll(/@p(\d+)\b/g)].map((m) => Number(m[1])));
  if (used.size !== statement.bindings.length || [...used].some((i) => i >= statement.bindings.length)) {
    problems.push(`placeholders @p… (${used.size}) do not match bindings (${statement.bindings.length})`);
  }
  if (statement.bindings.length > MAX_PARAMETERS)
    problems.push(`${statement.bindings.length} parameters (max ${MAX_PARAMETERS})`);
  const rows = valuesRows(statement.sql);
  if (rows > MAX_VALUES_ROWS) problems.push(`${rows} rows in one VALUES list (max ${MAX_VALUES_ROWS})`);
  return problems;
}

function expectSqlServerSyntax(statements: RecordedStatement[]): void {
  const found = statements.flatMap((s) => problemsIn(s).map((p) => `${p}:\n    ${s.sql}`));
  expect(found).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Identifiers. knex brackets every name that goes through its builder or a knex.raw ?? binding;
// the few that src writes into raw SQL by hand are listed, and none may be a reserved word (SQL
// Server refuses a reserved word as an unquoted identifier).

/** SQL Server's reserved keywords (learn.microsoft.com/sql/t-sql/language-elements/reserved-keywords-transact-sql). */
const RESERVED = new Set(
  `ADD ALL ALTER AND ANY AS ASC AUTHORIZATION BACKUP BEGIN BETWEEN BREAK BROWSE BULK BY CASCADE CASE CHECK CHECKPOINT
  CLOSE CLUSTERED COALESCE COLLATE COLUMN COMMIT COMPUTE CONSTRAINT CONTAINS CONTAINSTABLE CONTINUE CONVERT CREATE CROSS
  CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER CURSOR DATABASE DBCC DEALLOCATE DECLARE DEFAULT DELETE
  DENY DESC DISK DISTINCT DISTRIBUTED DOUBLE DROP DUMP ELSE END ERRLVL ESCAPE EXCEPT EXEC EXECUTE EXISTS EXIT EXTERNAL
  FETCH FILE FILLFACTOR FOR FOREIGN FREETEXT FREETEXTTABLE FROM FULL FUNCTION GOTO GRANT GROUP HAVING HOLDLOCK IDENTITY
  IDENTITY_INSERT IDENTITYCOL IF IN INDEX INNER INSERT INTERSECT INTO IS JOIN KEY KILL LEFT LIKE LINENO LOAD MERGE
  NATIONAL NOCHECK NONCLUSTERED NOT NULL NULLIF OF OFF OFFSETS ON OPEN OPENDATASOURCE OPENQUERY OPENROWSET OPENXML OPTION
  OR ORDER OUTER OVER PERCENT PIVOT PLAN PRECISION PRIMARY PRINT PROC PROCEDURE PUBLIC RAISERROR READ READTEXT RECONFIGURE
  REFERENCES REPLICATION RESTORE RESTRICT RETURN REVERT REVOKE RIGHT ROLLBACK ROWCOUNT ROWGUIDCOL RULE SAVE SCHEMA
  SECURITYAUDIT SELECT SEMANTICKEYPHRASETABLE SEMANTICSIMILARITYDETAILSTABLE SEMANTICSIMILARITYTABLE SESSION_USER SET
  SETUSER SHUTDOWN SOME STATISTICS SYSTEM_USER TABLE TABLESAMPLE TEXTSIZE THEN TO TOP TRAN TRANSACTION TRIGGER TRUNCATE
  TRY_CONVERT TSEQUAL UNION UNIQUE UNPIVOT UPDATE UPDATETEXT USE USER VALUES VARYING VIEW WAITFOR WHEN WHERE WHILE WITH
  WITHIN WRITETEXT`.split(/\s+/),
);

/** Unreserved words of SQL Server's own that the recorded statements use: types and functions. */
const BUILTIN = new Set([
  'int',
  'bigint',
  'nvarchar',
  'varchar',
  'decimal',
  'bit',
  'max',
  'sum',
  'min',
  'count',
  'lower',
  'upper',
  'database_default',
  // knex's forUpdate() on SQL Server: WITH (UPDLOCK), a table hint.
  'updlock',
]);

/**
 * Names a module writes into raw SQL by hand instead of through ??, by module under src/:
 * merge.repository's SQL Server UPDATE … FROM (aliases t and s, `updated_at = ?`, `closed_at = NULL`,
 * `s.bad = 0`, and for tracked datasets `changed_run_id = ?`) and insertNew's `? as updated_at` / `? as created_at`; catalog.repository's
 * `lower(sku)` / `lower(description)` search; atp.repository's default site `order by (on_hand - blocked) desc`
 * and booked capacity `sum(units) as qty`; metrics.repository's hasPromisedBy, knex's own
 * `hasColumn` on SQL Server (`select object_id from sys.columns where name = …`). A staging table's
 * own DDL names are read from its statement.
 */
const HAND_WRITTEN_NAMES: Readonly<Record<string, readonly string[]>> = {
  'erp/merge.repository.ts': ['t', 's', 'bad', 'updated_at', 'closed_at', 'created_at', 'changed_run_id'],
  'catalog/catalog.repository.ts': ['sku', 'description'],
  'atp/atp.repository.ts': ['on_hand', 'blocked', 'units', 'qty'],
  'metrics/metrics.repository.ts': ['object_id', 'sys', 'columns', 'name'],
};

/** Words outside brackets, string literals and @parameters that are not SQL Server's own: unquoted identifiers. */
function unbracketedNames(sql: string): string[] {
  const words =
    codeOf(sql)
      .replace(/@@?\w+/g, ' ')
      .match(/[#A-Za-z_][\w#$]*/g) ?? [];
  return [...new Set(words)].filter((w) => !RESERVED.has(w.toUpperCase()) && !BUILTIN.has(w.toLowerCase()));
}

/** Names a statement declares unquoted: the staging table and its columns (CREATE TABLE #…), an index name. */
function declaredNames(sql: string): string[] {
  const table = /^CREATE TABLE (#{1,2}\w+) \((.*)\)$/s.exec(sql);
  if (table) return [table[1]!, ...splitTopLevel(table[2]!).map((def) => def.split(/\s+/)[0]!)];
  const index = /^CREATE (?:UNIQUE )?INDEX (\w+) ON /.exec(sql);
  return index ? [index[1]!] : [];
}

function identifierProblems(statement: RecordedStatement, handWritten: readonly string[] = []): string[] {
  const declared = declaredNames(statement.sql);
  const allowed = new Set([...handWritten, ...declared]);
  return [
    ...[...allowed]
      .filter((name) => RESERVED.has(name.toUpperCase()))
      .map((name) => `reserved word ${name} as an unquoted identifier`),
    ...unbracketedNames(statement.sql)
      .filter((name) => !allowed.has(name))
      .map((name) => `identifier ${name} is not bracket-quoted`),
  ];
}

function expectBracketedIdentifiers(
  statements: RecordedStatement[],
  handWritten: readonly string[] = [],
): void {
  const found = statements.flatMap((s) =>
    identifierProblems(s, handWritten).map((p) => `${p}:\n    ${s.sql}`),
  );
  expect(found).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// The schema as SQL Server would hold it, read back from the recorded DDL.

interface Column {
  type: string;
  nullable: boolean;
}
interface KeyIndex {
  statement: string;
  table: string;
  columns: string[];
  unique: boolean;
  filtered: boolean;
  clustered: boolean;
}

/** Splits on commas outside parentheses (decimal(18, 2) is one column). */
function splitTopLevel(defs: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < defs.length; i++) {
    if (defs[i] === '(') depth++;
    else if (defs[i] === ')') depth--;
    else if (defs[i] === ',' && depth === 0) {
      parts.push(defs.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(defs.slice(start).trim());
  return parts;
}

const bracketed = (list: string) => [...list.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!);

function readSchema(statements: RecordedStatement[]): {
  tables: Map<string, Map<string, Column>>;
  keys: KeyIndex[];
} {
  const tables = new Map<string, Map<string, Column>>();
  const keys: KeyIndex[] = [];
  const readDefs = (table: string, defs: string, statement: string) => {
    const columns = tables.get(table) ?? new Map<string, Column>();
    tables.set(table, columns);
    for (const def of splitTopLevel(defs)) {
      const column = /^\[([^\]]+)\] ([a-z]\w*(?:\([^)]*\))?)(.*)$/.exec(def);
      const constraint = /^CONSTRAINT \[[^\]]+\] (PRIMARY KEY|UNIQUE) \(([^)]*)\)/i.exec(def);
      if (column) {
        const name = column[1]!;
        const rest = column[3]!;
        const primary = /\bprimary key\b/i.test(rest);
        columns.set(name, { type: column[2]!, nullable: !primary && !/\bnot null\b/i.test(rest) });
        if (primary)
          keys.push({ statement, table, columns: [name], unique: true, filtered: false, clustered: true });
      } else if (constraint) {
        const primary = constraint[1]!.toUpperCase() === 'PRIMARY KEY';
        const cols = bracketed(constraint[2]!);
        if (primary)
          for (const c of cols) columns.set(c, { type: columns.get(c)?.type ?? 'unknown', nullable: false });
        keys.push({ statement, table, columns: cols, unique: true, filtered: false, clustered: primary });
      }
    }
  };
  for (const { sql } of statements) {
    const create = /^CREATE TABLE \[([^\]]+)\] \((.*)\)$/s.exec(sql);
    const alter = /^ALTER TABLE \[([^\]]+)\] ADD (.*)$/s.exec(sql);
    const index = /^CREATE (UNIQUE )?INDEX \[[^\]]+\] ON \[([^\]]+)\] \(([^)]*)\)(.*)$/s.exec(sql);
    if (create) readDefs(create[1]!, create[2]!, sql);
    else if (alter) readDefs(alter[1]!, alter[2]!, sql);
    else if (index) {
      keys.push({
        statement: sql,
        table: index[2]!,
        columns: bracketed(index[3]!),
        unique: !!index[1],
        filtered: /\bWHERE\b/i.test(index[4]!),
        clustered: false,
      });
    }
  }
  return { tables, keys };
}

/** Bytes a value of this type takes in an index key; undefined for types SQL Server cannot index. */
function keyBytes(type: string): number | undefined {
  const sized = /^(n?)(?:var)?char\((\d+)\)$/.exec(type);
  if (sized) return Number(sized[2]) * (sized[1] ? 2 : 1);
  const decimal = /^decimal\((\d+)/.exec(type);
  if (decimal) return [9, 19, 28, 38].findIndex((p) => Number(decimal[1]) <= p) * 4 + 5;
  const fixed: Record<string, number> = {
    bit: 1,
    tinyint: 1,
    smallint: 2,
    int: 4,
    bigint: 8,
    real: 4,
    float: 8,
    date: 3,
    datetime: 8,
    datetime2: 8,
    datetimeoffset: 10,
    uniqueidentifier: 16,
  };
  if (type in fixed) return fixed[type];
  if (/\(max\)$|^(?:n?text|image|xml)$/.test(type)) return undefined;
  throw new Error(`unknown column type ${type}: add its index key size to keyBytes`);
}

/** SQL Server's index key limits: 900 bytes for the clustered (primary) key, 1700 for others. */
function keyProblems(schema: ReturnType<typeof readSchema>): string[] {
  return schema.keys.flatMap((key) => {
    const columns = schema.tables.get(key.table);
    let bytes = 0;
    for (const name of key.columns) {
      const column = columns?.get(name);
      if (!column) return [`unknown column ${key.table}.${name} in: ${key.statement}`];
      const size = keyBytes(column.type);
      if (size === undefined)
        return [`${key.table}.${name} is ${column.type}, which SQL Server cannot index: ${key.statement}`];
      bytes += size;
    }
    const limit = key.clustered ? 900 : 1700;
    return bytes > limit ? [`${bytes}-byte key over SQL Server's ${limit}: ${key.statement}`] : [];
  });
}

// ---------------------------------------------------------------------------------------------

/** Migrations that change a PostgreSQL storage setting only, so SQL Server has nothing to run. */
const POSTGRES_ONLY_MIGRATIONS = new Set(['20261202_005_order_lines_fillfactor']);

describe('migrations on SQL Server', () => {
  const { db, statements } = createRecordingMssqlKnex();
  const byMigration = new Map<string, { statements: RecordedStatement[]; error?: unknown }>();

  beforeAll(async () => {
    // In order, on one recorder: a later migration may alter what an earlier one created.
    for (const [name, migration] of MIGRATIONS) {
      const start = statements.length;
      try {
        await migration.up(db);
        byMigration.set(name, { statements: statements.slice(start) });
      } catch (error) {
        byMigration.set(name, { statements: statements.slice(start), error });
      }
    }
  });
  afterAll(() => db.destroy());

  test.each(MIGRATIONS.map(([name]) => name))(
    '%s: knex compiles every statement of up() for SQL Server',
    (name) => {
      const ran = byMigration.get(name)!;
      if (ran.error) throw new Error(`${name} up() failed to compile for SQL Server: ${String(ran.error)}`);
      expect(ran.statements.length > 0).toBe(!POSTGRES_ONLY_MIGRATIONS.has(name));
    },
  );

  test('no statement uses syntax or types from another dialect', () => {
    expectSqlServerSyntax(statements);
  });

  test('every table is created with bracket-quoted SQL Server names', () => {
    const creates = statements.filter((s) => /^create table\b/i.test(s.sql));
    expect(creates.length).toBeGreaterThan(0);
    for (const s of creates) expect(s.sql).toMatch(/^CREATE TABLE \[\w+\] \(/);
  });

  test('many accounts without an ERP customer id can coexist: the unique key on erp_customer_id ignores NULLs', () => {
    // A plain UNIQUE constraint on SQL Server admits one NULL only; a filtered index admits many.
    expect(statements.map((s) => s.sql)).toContain(
      'CREATE UNIQUE INDEX [accounts_erp_customer_id_unique] ON [accounts] ([erp_customer_id]) WHERE [erp_customer_id] IS NOT NULL',
    );
  });

  test('every unique key over a nullable column is an index filtered on IS NOT NULL, never a plain constraint', () => {
    const schema = readSchema(statements);
    const wrong = schema.keys
      .filter((key) => key.unique && key.columns.some((c) => schema.tables.get(key.table)?.get(c)?.nullable))
      .filter(
        (key) => !key.filtered || key.columns.some((c) => !key.statement.includes(`[${c}] IS NOT NULL`)),
      )
      .map((key) => key.statement);
    expect(wrong).toEqual([]);
  });

  test('every key fits SQL Server index limits and indexes no (max) column', () => {
    const schema = readSchema(statements);
    expect(schema.keys.length).toBeGreaterThan(0);
    expect(keyProblems(schema)).toEqual([]);
  });

  test("every ERP dataset key is its table's primary key, several columns in one constraint (CRM-owned accounts: a unique index)", () => {
    // The merge matches staged rows to target rows on spec.key: SQL Server must hold that key unique.
    const schema = readSchema(statements);
    const keyOf = (spec: DatasetSpec) =>
      schema.keys
        .filter((k) => k.table === spec.table && k.unique && (spec.crmOwned ? !k.clustered : k.clustered))
        .map((k) => k.columns);
    expect(Object.fromEntries(DATASETS.map((spec) => [spec.name, keyOf(spec)]))).toEqual(
      Object.fromEntries(DATASETS.map((spec) => [spec.name, [spec.key]])),
    );
    expect(statements.map((s) => s.sql)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^CREATE TABLE \[erp_prices\] \(.*, CONSTRAINT \[erp_prices_pk\] PRIMARY KEY \(\[sku\], \[erp_customer_id\], \[currency\], \[min_qty\], \[valid_from\]\)\)$/,
        ),
        expect.stringMatching(
          /^CREATE TABLE \[erp_sync_run_datasets\] \(.*, CONSTRAINT \[erp_sync_run_datasets_pk\] PRIMARY KEY \(\[run_id\], \[name\]\)\)$/,
        ),
      ]),
    );
  });

  test('every column of a composite primary key is declared NOT NULL (SQL Server refuses a nullable key column)', () => {
    const schema = readSchema(statements);
    const composite = schema.keys.filter((k) => k.clustered && k.columns.length > 1);
    expect(composite.map((k) => k.table).sort()).toEqual([
      'case_events',
      'erp_capacity',
      'erp_demand_daily',
      'erp_prices',
      'erp_returns',
      'erp_shipments',
      'erp_stock',
      'erp_supply_daily',
      'erp_sync_run_datasets',
      'erp_transit_lanes',
      'rma_lines',
    ]);
    const declaredNullable = composite.flatMap((k) =>
      k.columns
        .filter((c) => !new RegExp(`\\[${c}\\] [a-z]\\w*(?:\\([^)]*\\))? not null\\b`).test(k.statement))
        .map((c) => `${k.table}.${c}`),
    );
    expect(declaredNullable).toEqual([]);
  });

  test('the sync lock row is seeded once, after its table is created, with positioned parameters', () => {
    const create = statements.findIndex((s) => s.sql.startsWith('CREATE TABLE [erp_sync_lock] ('));
    const seeds = statements.flatMap((s, i) => (/^insert into \[erp_sync_lock\]/.test(s.sql) ? [i] : []));
    expect(create).toBeGreaterThanOrEqual(0);
    expect(seeds).toHaveLength(1);
    expect(seeds[0]).toBeGreaterThan(create);
    expect(statements[seeds[0]!]).toEqual({
      sql: 'insert into [erp_sync_lock] ([claimed_at], [name], [run_id]) values (@p0, @p1, @p2)',
      bindings: [null, 'erp', null],
    });
  });

  test('every identifier of up() is bracket-quoted', () => {
    expectBracketedIdentifiers(statements);
  });

  test('every migration down() compiles for SQL Server, newest first', async () => {
    const recorder = createRecordingMssqlKnex();
    try {
      for (const [name, migration] of [...MIGRATIONS].reverse()) {
        const start = recorder.statements.length;
        await migration.down(recorder.db).catch((error: unknown) => {
          throw new Error(`${name} down() failed to compile for SQL Server: ${String(error)}`);
        });
        if (recorder.statements.length > start !== !POSTGRES_ONLY_MIGRATIONS.has(name))
          throw new Error(`${name} down() produced ${recorder.statements.length - start} statements`);
      }
      expectSqlServerSyntax(recorder.statements);
    } finally {
      await recorder.db.destroy();
    }
  });
});

// ---------------------------------------------------------------------------------------------

const accountRow = (): accounts.AccountRow => ({
  id: ID,
  erp_customer_id: null,
  name: 'Acme Fasteners',
  country: 'DE',
  currency: 'EUR',
  payment_terms: 'NET30',
  credit_limit: '50000.00',
  account_manager_email: 'am@example.com',
  active: true,
  created_at: NOW,
  updated_at: NOW,
});

const runRow = (): runs.RunRow => ({
  id: ID,
  status: 'queued',
  trigger: 'manual',
  connector: 'file-drop',
  datasets_requested: JSON.stringify(['items', 'stock']),
  force: false,
  requested_by: ID,
  created_at: NOW,
  started_at: null,
  finished_at: null,
  heartbeat_at: null,
  progress: null,
  error: null,
});

const runDatasetRow = (): runs.RunDatasetRow => ({
  run_id: ID,
  name: 'stock',
  file: 'stock.csv',
  status: 'partial',
  read_count: 1000,
  inserted: 900,
  updated: 50,
  unchanged: 40,
  closed: 3,
  quarantined: 10,
  warnings: JSON.stringify(['unknown column ignored: remarks']),
  content_hash: 'c'.repeat(64),
  finished_at: NOW,
});

const quarantineRows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    run_id: ID,
    dataset: 'stock',
    file: 'stock.csv',
    line: i + 2,
    reason: 'unknown sku (not among the ERP items)',
    row_data: JSON.stringify({ sku: `SKU-${i}`, site_code: 'S1', on_hand: '5' }),
    created_at: NOW,
  }));

function stagedValue(c: DatasetSpec['columns'][number], i: number): StagingRow['values'][number] {
  switch (c.type) {
    case 'int':
      return i;
    case 'qty':
      return `${i}.5`;
    case 'money':
      return '1234.5678';
    case 'date':
      return '2026-11-23';
    case 'bool':
      return i % 2 === 0;
    case 'enum':
      return c.values![i % c.values!.length]!;
    case 'email':
      return `buyer${i}@example.com`;
    default:
      return `${c.name.slice(0, 4)}-${i}`.slice(0, c.max ?? 400);
  }
}

/** Staged rows as load-dataset writes them: values in spec.columns order; every 10th row bad, staged with its key only. */
function stagingRows(spec: DatasetSpec, n: number): StagingRow[] {
  return Array.from({ length: n }, (_, i) => {
    const bad = i % 10 === 9;
    return {
      line: i + 2,
      bad,
      reason: bad ? 'lead_time_days: a whole number ≥ 0' : null,
      raw: bad ? JSON.stringify({ line: i + 2, note: 'O\'Brien "quoted"' }) : null,
      rowHash: bad ? null : (i % 16).toString(16).repeat(40),
      newId: spec.crmOwned && !bad ? `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` : null,
      values: spec.columns.map((c) => (bad && !spec.key.includes(c.name) ? null : stagedValue(c, i))),
    };
  });
}

const orderRow = (): orders.OrderRow => ({
  id: ID,
  number: 'SO-000042',
  account_id: ID,
  customer_po: "PO O'Brien",
  site_code: 'P1',
  ship_complete: true,
  status: 'confirmed',
  created_by: ID,
  created_at: NOW,
  updated_at: NOW,
});

const orderLineRow = (): orders.OrderLineRow => ({
  id: ID,
  order_id: ID,
  line_no: 1,
  sku: 'SKU-1',
  site_code: 'P1',
  quantity: '12.5',
  requested_date: '2026-12-01',
  confirmed_date: '2026-12-03',
  date_source: 'supply',
  new_supply: '0',
  erp_ref: 'SO-000042/1',
  open: true,
  slipped_at: null,
  slip_reason: null,
});

const ledgerRow = (): orders.LedgerRow => ({
  order_line_id: ID,
  version: 2,
  at: NOW,
  changed_by: 'customer',
  actor_id: ID,
  reason: 'The project needs more',
  requested_date: '2026-12-01',
  quantity: '12.5',
  confirmations: JSON.stringify([{ date: '2026-12-03', quantity: 12.5 }]),
  confirmed_date: '2026-12-03',
  date_source: 'supply',
});

/** More skus (line ids) than one chunk of the bulk reads (500): two statements, each within the parameter limit. */
const MANY_SKUS = Array.from({ length: 600 }, (_, i) => `SKU-${i}`);
const MANY_IDS = Array.from(
  { length: 600 },
  (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
);

/** Every dataset under its SQL Server staging name: each changes the merge SQL (key width, snapshot, CRM-owned, created_at). */
const STAGED = DATASETS.map((spec) => ({ spec, stg: stagingName('mssql', spec) }));
const ALL_COLUMNS = (spec: DatasetSpec): ReadonlySet<string> => new Set(spec.columns.map((c) => c.name));

/**
 * One entry per exported repository function, keyed by the module's path under src/. A case may
 * call its function several times to cover the branches that change the SQL (filters, cursors).
 * A new repository function fails the completeness test below until it has a case here.
 */
const REPOSITORY_CASES: Record<string, Record<string, RepositoryCase>> = {
  'accounts/accounts.repository.ts': {
    listAccounts: async (db) => {
      await accounts.listAccounts(db, ALL_ACCOUNTS, {}, 50, null);
      await accounts.listAccounts(db, { kind: 'account', accountId: ID }, { erpCustomerId: 'C-1001' }, 50, [
        'Acme',
        ID,
      ]);
    },
    findAccount: async (db) => {
      await accounts.findAccount(db, ALL_ACCOUNTS, ID);
      await accounts.findAccount(db, { kind: 'account', accountId: ID }, ID);
    },
    accountExists: (db) => accounts.accountExists(db, ID),
    insertAccount: (db) => accounts.insertAccount(db, accountRow()),
    listContacts: (db) => accounts.listContacts(db, ID),
    insertContact: (db) =>
      accounts.insertContact(db, {
        id: ID,
        account_id: ID,
        name: 'Ada Buyer',
        email: 'ada@example.com',
        phone: null,
        title: null,
        created_at: NOW,
        updated_at: NOW,
      }),
    findFirstAccount: (db) => accounts.findFirstAccount(db),
  },
  'auth/auth.repository.ts': {
    findUserByEmail: (db) => auth.findUserByEmail(db, 'Ada@Example.com'),
    findUserById: (db) => auth.findUserById(db, ID),
    countUsers: (db) => auth.countUsers(db),
    insertUser: (db) =>
      auth.insertUser(db, {
        id: ID,
        email: 'ada@example.com',
        name: 'Ada',
        password_hash: 'scrypt$x',
        role: 'admin',
        account_id: null,
        active: true,
        created_at: NOW,
        updated_at: NOW,
      }),
    listUsers: async (db) => {
      await auth.listUsers(db, 50, null);
      await auth.listUsers(db, 50, ['ada@example.com', ID]);
    },
    insertToken: (db) =>
      auth.insertToken(db, {
        id: ID,
        user_id: ID,
        token_hash: 'a'.repeat(64),
        kind: 'api',
        expires_at: NOW,
        created_at: NOW,
      }),
    findLiveToken: (db) => auth.findLiveToken(db, 'a'.repeat(64), NOW),
    touchToken: (db) => auth.touchToken(db, ID, NOW),
    revokeToken: (db) => auth.revokeToken(db, 'a'.repeat(64), NOW),
    recordLoginAttempt: (db) => auth.recordLoginAttempt(db, 'ada@example.com', '10.0.0.1', false, NOW),
    countFailures: async (db) => {
      await auth.countFailures(db, 'email', 'ada@example.com', NOW);
      await auth.countFailures(db, 'ip', '10.0.0.1', NOW);
    },
    lastSuccess: (db) => auth.lastSuccess(db, 'ada@example.com'),
  },
  'catalog/catalog.repository.ts': {
    listItems: async (db) => {
      await catalog.listItems(db, {}, 50, null);
      await catalog.listItems(db, { family: 'BOLTS', search: '50%_off\\' }, 50, 'SKU-1');
    },
    findItem: (db) => catalog.findItem(db, 'SKU-1'),
    listSites: (db) => catalog.listSites(db),
  },
  'erp/sync-runs.repository.ts': {
    insertRun: (db) => runs.insertRun(db, runRow()),
    findRun: (db) => runs.findRun(db, ID),
    listRuns: async (db) => {
      await runs.listRuns(db, 50, null);
      await runs.listRuns(db, 50, [NOW, ID]);
    },
    claimQueuedRun: (db) => runs.claimQueuedRun(db, ID, NOW),
    resumeRun: async (db) => {
      await runs.resumeRun(db, ID, NOW, NOW);
      await runs.resumeRun(db, ID, null, NOW);
    },
    updateRun: async (db) => {
      await runs.updateRun(db, ID, {
        heartbeat_at: NOW,
        progress: JSON.stringify({ dataset: 'stock', rows: 5000 }),
      });
      await runs.updateRun(db, ID, {
        status: 'failed',
        finished_at: NOW,
        error: "connector 'mssql': login failed",
        force: true,
      });
    },
    findRunDatasets: (db) => runs.findRunDatasets(db, ID),
    saveRunDataset: (db) => runs.saveRunDataset(db, runDatasetRow()),
    claimLock: async (db) => {
      await runs.claimLock(db, ID, NOW, null, { pid: 4711, host: 'worker-1' });
      await runs.claimLock(db, ID, NOW, ID, { pid: 4711, host: 'worker-1' });
    },
    takeLock: (db) => runs.takeLock(db, ID, NOW, { pid: 4711, host: 'worker-1' }),
    refreshLock: (db) => runs.refreshLock(db, ID, NOW),
    releaseLock: (db) => runs.releaseLock(db, ID),
    findLockHolder: (db) => runs.findLockHolder(db),
    findLoadedHash: (db) => runs.findLoadedHash(db, 'stock'),
    saveLoadedHash: (db) => runs.saveLoadedHash(db, 'stock', 'c'.repeat(64), ID, NOW),
    // 600 rows: three chunks, each within SQL Server's parameter limit (checked on every statement).
    insertQuarantine: (db) => runs.insertQuarantine(db, quarantineRows(600)),
    countOpenQuarantine: (db) => runs.countOpenQuarantine(db, 'stock'),
    resolveQuarantine: (db) => runs.resolveQuarantine(db, 'stock', ID, NOW),
    listQuarantine: async (db) => {
      await runs.listQuarantine(db, { openOnly: false }, 50, null);
      await runs.listQuarantine(db, { runId: ID, dataset: 'stock', openOnly: true }, 50, 4711);
    },
    findWatermark: (db) => runs.findWatermark(db, 'items'),
    saveWatermark: (db) => runs.saveWatermark(db, 'items', '5000', NOW),
  },
  'erp/merge.repository.ts': {
    indexStaging: async (db) => {
      for (const { spec, stg } of STAGED) await merge.indexStaging(db, stg, spec);
    },
    hasDuplicates: async (db) => {
      for (const { spec, stg } of STAGED) await merge.hasDuplicates(db, stg, spec);
    },
    markDuplicates: async (db) => {
      for (const { spec, stg } of STAGED) await merge.markDuplicates(db, stg, spec);
    },
    markUnknownReferences: async (db) => {
      for (const { spec, stg } of STAGED) await merge.markUnknownReferences(db, stg, spec.references);
    },
    countStaged: async (db) => {
      for (const { spec, stg } of STAGED) await merge.countStaged(db, stg, spec);
    },
    countChanges: async (db) => {
      for (const { spec, stg } of STAGED) await merge.countChanges(db, stg, spec);
    },
    applyUpdates: async (db) => {
      for (const { spec, stg } of STAGED) {
        await merge.applyUpdates(db, stg, spec, NOW, ALL_COLUMNS(spec), ID);
        // A file without the optional columns: only required ones and row_hash are set.
        await merge.applyUpdates(db, stg, spec, NOW, new Set(), ID);
      }
    },
    insertNew: async (db) => {
      for (const { spec, stg } of STAGED) await merge.insertNew(db, stg, spec, NOW);
    },
    closeAbsent: async (db) => {
      for (const { spec, stg } of STAGED.filter(({ spec }) => spec.mode === 'snapshot'))
        await merge.closeAbsent(db, stg, spec, NOW, ID);
    },
    pageBadRows: async (db) => {
      for (const { stg } of STAGED) {
        await merge.pageBadRows(db, stg, 0, 2000);
        await merge.pageBadRows(db, stg, 4711, 2000);
      }
    },
  },
  'erp/orders-out.repository.ts': {
    findExportOrders: async (db) => {
      await ordersOut.findExportOrders(db, { orderIds: [ID] }, null, ordersOut.EXPORT_PAGE);
      await ordersOut.findExportOrders(
        db,
        { finishedStatuses: ['delivered', 'cancelled'], finishedSince: NOW },
        'SO-000042',
        ordersOut.EXPORT_PAGE,
      );
    },
    findExportLines: (db) =>
      ordersOut.findExportLines(
        db,
        Array.from({ length: ordersOut.EXPORT_PAGE }, () => ID),
      ),
    findExportConfirmations: (db) => ordersOut.findExportConfirmations(db, [ID]),
  },
  'erp/daily-sums.repository.ts': {
    // Every sku after a merge; a few skus, more than one statement takes (500 a statement).
    rebuildDailySums: async (db) => {
      await daily.rebuildDailySums(db, 'erp_supply');
      await daily.rebuildDailySums(db, 'erp_demand', MANY_SKUS);
    },
    linesNamedByDemand: (db) =>
      daily.linesNamedByDemand(
        db,
        MANY_SKUS.map((s) => `${s}/1`),
      ),
  },
  'erp/shipped-lines.repository.ts': {
    applyShipmentsToLines: (db) =>
      shipped.applyShipmentsToLines(db, stagingName('mssql', datasetSpec('shipments'))),
  },
  'erp/staging.repository.ts': {
    stagingName: async (db) => {
      for (const { spec, stg } of STAGED) {
        if (stg !== `##stg_${spec.name}`)
          throw new Error(`SQL Server staging table for ${spec.name} is ${stg}, not ##stg_${spec.name}`);
        await db(stg).count({ n: '*' });
      }
    },
    // Here nested in the case's transaction (a savepoint); the staging tests below open it on the database, as load-dataset does.
    openStaging: async (db) => {
      for (const name of ['stock', 'customers', 'prices'] as const) {
        const spec = datasetSpec(name);
        const staging = await openStaging(db, spec);
        try {
          await staging.write(stagingRows(spec, 1000));
          await staging.merge((trx) => merge.pageBadRows(trx, staging.table, 0, 2000));
        } finally {
          await staging.dispose();
        }
      }
    },
  },
  'atp/atp.repository.ts': {
    findPlanningItem: (db) => atp.findPlanningItem(db, 'SKU-1'),
    findPlanningItems: (db) => atp.findPlanningItems(db, ['SKU-1', 'SKU-2']),
    siteExists: (db) => atp.siteExists(db, 'P1'),
    findSiteTimezone: (db) => atp.findSiteTimezone(db, 'P1'),
    findSiteTimezones: (db) => atp.findSiteTimezones(db),
    // The fake answers no rows, so every fallback runs: stocked, then supplied, then the first site.
    findDefaultSite: (db) => atp.findDefaultSite(db, 'SKU-1'),
    findAvailableStock: (db) => atp.findAvailableStock(db, 'SKU-1', 'P1'),
    findOpenReceipts: (db) => atp.findOpenReceipts(db, 'SKU-1', 'P1', '2027-11-23'),
    findOpenErpDemand: (db) => atp.findOpenErpDemand(db, 'SKU-1', 'P1', '2027-11-23'),
    findConfirmedDemand: (db) => atp.findConfirmedDemand(db, 'SKU-1', 'P1'),
    findCapacity: (db) => atp.findCapacity(db, 'BALL-VALVE', 'P1', '2026-11-23', '2027-11-23'),
    findCapacityBooked: (db) => atp.findCapacityBooked(db, 'BALL-VALVE', 'P1', '2026-11-23', '2027-11-23'),
    findNewSupply: (db) => atp.findNewSupply(db, 'SKU-1', 'P1'),
  },
  'orders/orders.repository.ts': {
    lockSkus: (db) => orders.lockSkus(db, ['SKU-2', 'SKU-1', 'SKU-2']),
    lockOrder: async (db) => {
      await orders.lockOrder(db, ALL_ACCOUNTS, ID, ['draft', 'confirmed', 'in_production'], NOW);
      await orders.lockOrder(db, { kind: 'account', accountId: ID }, ID, ['draft'], NOW);
    },
    insertOrder: (db) => orders.insertOrder(db, orderRow()),
    insertLine: (db) => orders.insertLine(db, orderLineRow()),
    updateLine: async (db) => {
      await orders.updateLine(db, ID, {
        confirmed_date: '2026-12-03',
        date_source: 'capacity',
        new_supply: '2.5',
      });
      await orders.updateLine(db, ID, { open: false, new_supply: '0' });
    },
    // Bulk writes of re-confirmation: more rows than one chunk, each chunk within the parameter and VALUES limits.
    deleteConfirmations: (db) => orders.deleteConfirmations(db, MANY_IDS),
    insertConfirmations: (db) =>
      orders.insertConfirmations(
        db,
        Array.from({ length: 900 }, (_, i) => ({
          order_line_id: ID,
          sku: `SKU-${i}`,
          site_code: 'P1',
          date: '2026-12-01',
          quantity: '2.5',
        })),
      ),
    deleteCapacityBookings: (db) => orders.deleteCapacityBookings(db, MANY_IDS),
    insertCapacityBookings: (db) =>
      orders.insertCapacityBookings(
        db,
        Array.from({ length: 900 }, () => ({
          order_line_id: ID,
          family: 'BALL-VALVE',
          site_code: 'P1',
          date: '2026-12-02',
          units: '4',
        })),
      ),
    insertLedgerRows: (db) =>
      orders.insertLedgerRows(
        db,
        Array.from({ length: 400 }, (_, i) => ({ ...ledgerRow(), version: i + 1 })),
      ),
    replaceConfirmations: async (db) => {
      await orders.replaceConfirmations(db, ID, [
        { order_line_id: ID, sku: 'SKU-1', site_code: 'P1', date: '2026-12-01', quantity: '10' },
        { order_line_id: ID, sku: 'SKU-1', site_code: 'P1', date: '2026-12-03', quantity: '2.5' },
      ]);
      await orders.replaceConfirmations(db, ID, []);
    },
    replaceCapacityBookings: async (db) => {
      await orders.replaceCapacityBookings(db, ID, [
        { order_line_id: ID, family: 'BALL-VALVE', site_code: 'P1', date: '2026-12-02', units: '4' },
      ]);
      await orders.replaceCapacityBookings(db, ID, []);
    },
    insertLedger: (db) => orders.insertLedger(db, ledgerRow()),
    lastLedgerVersion: (db) => orders.lastLedgerVersion(db, ID),
    insertStatusHistory: (db) =>
      orders.insertStatusHistory(db, {
        order_id: ID,
        from_status: 'confirmed',
        to_status: 'cancelled',
        at: NOW,
        actor_id: ID,
        reason: 'Lost to a competitor',
      }),
    findOrder: async (db) => {
      await orders.findOrder(db, ALL_ACCOUNTS, ID);
      await orders.findOrder(db, { kind: 'account', accountId: ID }, ID);
    },
    listOrders: async (db) => {
      await orders.listOrders(db, ALL_ACCOUNTS, {}, 50, null);
      await orders.listOrders(
        db,
        { kind: 'account', accountId: ID },
        { accountId: ID, status: 'confirmed' },
        50,
        [NOW, ID],
      );
    },
    findLines: (db) => orders.findLines(db, [ID]),
    findConfirmations: (db) => orders.findConfirmations(db, [ID]),
    findLedger: (db) => orders.findLedger(db, [ID]),
    findStatusHistory: (db) => orders.findStatusHistory(db, ID),
    findShipments: (db) => orders.findShipments(db, 'SO-000042'),
    updateOrderStatus: (db) => orders.updateOrderStatus(db, ID, 'confirmed', 'in_production', NOW),
    updateOrderTotal: (db) => orders.updateOrderTotal(db, ID, '1250.5'),
  },
  'orders/reconfirm.repository.ts': {
    findOpenLines: async (db) => {
      await reconfirm.findOpenLines(db);
      await reconfirm.findOpenLines(db, MANY_SKUS);
    },
    findHeldLines: (db) => reconfirm.findHeldLines(db),
    findBookingsBySkus: (db) => reconfirm.findBookingsBySkus(db, MANY_SKUS),
    findOpenLineBookings: (db) => reconfirm.findOpenLineBookings(db),
    findStockBySkus: (db) => reconfirm.findStockBySkus(db, MANY_SKUS),
    findOpenSupplyBySkus: (db) => reconfirm.findOpenSupplyBySkus(db, MANY_SKUS, '2027-11-23'),
    findSupplyChangedInRun: (db) => reconfirm.findSupplyChangedInRun(db, MANY_SKUS, ID),
    findErpDemandBySkus: (db) => reconfirm.findErpDemandBySkus(db, MANY_SKUS, '2027-11-23'),
    findCapacityByFamilies: (db) =>
      reconfirm.findCapacityByFamilies(db, ['BALL-VALVE', 'GATE-VALVE'], '2026-11-23', '2027-11-23'),
    findAtpVersions: (db) => reconfirm.findAtpVersions(db, MANY_SKUS),
    findPlanningItemsBySkus: (db) => reconfirm.findPlanningItemsBySkus(db, MANY_SKUS),
    // Bulk writes of moved promises: more rows than one statement takes, each within the parameter and VALUES limits.
    lockSkusInOrder: (db) => reconfirm.lockSkusInOrder(db, ['SKU-2', 'SKU-1']),
    deletePromiseRows: (db) =>
      reconfirm.deletePromiseRows(db, [...MANY_IDS, ...MANY_IDS, ...MANY_IDS, ...MANY_IDS]),
    insertConfirmationRows: (db) =>
      reconfirm.insertConfirmationRows(
        db,
        Array.from({ length: 900 }, (_, i) => ({
          order_line_id: ID,
          sku: `SKU-${i}`,
          site_code: 'P1',
          date: '2026-12-01',
          quantity: '2.5',
        })),
      ),
    insertBookingRows: (db) =>
      reconfirm.insertBookingRows(
        db,
        Array.from({ length: 900 }, () => ({
          order_line_id: ID,
          family: 'BALL-VALVE',
          site_code: 'P1',
          date: '2026-12-02',
          units: '4',
        })),
      ),
    insertLedgerVersions: (db) =>
      reconfirm.insertLedgerVersions(
        db,
        Array.from({ length: 400 }, () => {
          const { version: _, ...row } = ledgerRow();
          return row;
        }),
      ),
    // 700 rows: three statements, each within the parameter limit (8 a row); a null slip keeps the flag.
    updateMovedLines: async (db) => {
      await reconfirm.updateMovedLines(
        db,
        Array.from({ length: 700 }, () => ({
          id: ID,
          confirmed_date: '2026-12-01',
          date_source: 'supply',
          new_supply: '0',
          open: true,
          slipped_at: NOW,
          slip_reason: 'PO-1 moved',
          held_confirmations: '2026-12-01:2500',
        })),
      );
      await reconfirm.updateMovedLines(db, [
        {
          id: ID,
          confirmed_date: null,
          date_source: 'none',
          new_supply: '0',
          open: false,
          slipped_at: null,
          slip_reason: null,
          held_confirmations: null,
        },
      ]);
    },
  },
  'shared/audit.repository.ts': {
    writeAudit: async (db) => {
      await audit.writeAudit(db, { actor: null, action: 'account.created', entity: 'account' });
      await audit.writeAudit(db, {
        actor: { userId: ID, role: 'admin' },
        action: 'account.created',
        entity: 'account',
        entityId: ID,
        detail: { name: 'Acme' },
        requestId: 'req-1',
      });
    },
    findAudit: (db) => audit.findAudit(db, 'account', ID),
  },
};

function discoverRepositoryModules(): string[] {
  return fs
    .readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file.endsWith('.repository.ts'))
    .sort();
}

/** Per module, the cases here and those kept beside their domain (tests/shared/mssql-cases). */
const ALL_CASES: Record<string, Record<string, RepositoryCase>> = { ...REPOSITORY_CASES };
for (const [module, fns] of Object.entries(DOMAIN_REPOSITORY_CASES))
  ALL_CASES[module] = { ...ALL_CASES[module], ...fns };
const CASES = Object.entries(ALL_CASES).flatMap(([module, fns]) =>
  Object.entries(fns).map(([fn, run]) => ({ name: `${module}:${fn}`, module, run })),
);

describe('repository queries on SQL Server', () => {
  test('every exported function of every repository module has a SQL Server compile case', () => {
    const modules = discoverRepositoryModules();
    expect(modules.length).toBeGreaterThan(0);
    const exported = modules.flatMap((module) => {
      const loaded = require(path.join(SRC, module)) as Record<string, unknown>;
      return Object.keys(loaded)
        .filter((name) => typeof loaded[name] === 'function')
        .map((fn) => `${module}:${fn}`);
    });
    const covered = CASES.map((c) => c.name);
    expect({
      missingCases: exported.filter((name) => !covered.includes(name)),
      casesForNothing: covered.filter((name) => !exported.includes(name)),
    }).toEqual({
      missingCases: [],
      casesForNothing: [],
    });
  });

  test.each(CASES)('$name compiles for SQL Server inside a transaction', async ({ name, module, run }) => {
    const { db, statements } = createRecordingMssqlKnex();
    try {
      // As services call repositories: on the transaction they opened.
      await db
        .transaction((trx) => run(trx))
        .catch((error: unknown) => {
          throw new Error(
            `${name} did not compile for SQL Server: ${error instanceof Error ? error.message : String(error)}`,
          );
        });
      expect(statements.length).toBeGreaterThan(0);
      expectSqlServerSyntax(statements);
      // Every identifier bracket-quoted, whether knex's builder or a knex.raw ?? binding wrote it.
      expectBracketedIdentifiers(statements, HAND_WRITTEN_NAMES[module]);
    } finally {
      await db.destroy();
    }
  });
});

// ---------------------------------------------------------------------------------------------

/** The staging table's bookkeeping columns, before the dataset's own (staging.repository.ts). */
const BOOKKEEPING = ['line', 'bad', 'reason', 'raw', 'row_hash', 'new_id'];

/** Every merge statement of one dataset, in load-dataset's order (SQL Server path), on the transaction that sees the staging table. */
async function mergeDataset(trx: Knex, stg: string, spec: DatasetSpec): Promise<void> {
  await merge.indexStaging(trx, stg, spec);
  // load-dataset marks duplicates only when hasDuplicates finds some; the fake finds none, so both run here.
  await merge.hasDuplicates(trx, stg, spec);
  await merge.markDuplicates(trx, stg, spec);
  await merge.markUnknownReferences(trx, stg, spec.references);
  await merge.countStaged(trx, stg, spec);
  await merge.countChanges(trx, stg, spec);
  await merge.applyUpdates(trx, stg, spec, NOW, ALL_COLUMNS(spec), ID);
  await merge.insertNew(trx, stg, spec, NOW);
  if (spec.mode === 'snapshot') await merge.closeAbsent(trx, stg, spec, NOW, ID);
  await merge.pageBadRows(trx, stg, 0, 2000);
  await runs.insertQuarantine(trx, quarantineRows(3));
  await runs.resolveQuarantine(trx, spec.name, ID, NOW);
  await runs.saveRunDataset(trx, { ...runDatasetRow(), name: spec.name });
}

/** Runs fn on a fresh recorder inside a transaction, as load-dataset's merge runs; returns what was recorded. */
async function recordInTransaction(fn: (trx: Knex) => Promise<unknown>): Promise<RecordedStatement[]> {
  const { db, statements } = createRecordingMssqlKnex();
  try {
    await db.transaction((trx) => fn(trx));
    return statements;
  } finally {
    await db.destroy();
  }
}

const placeholders = (sql: string): number[] =>
  [...new Set([...sql.matchAll(/@p(\d+)\b/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);

describe('order intake on SQL Server', () => {
  test('the ATP locks are row updates taken once per sku, in sorted order', async () => {
    // An UPDATE holds its row lock to the commit; sorted, two orders never wait on each other in a cycle.
    const statements = await recordInTransaction((trx) => orders.lockSkus(trx, ['SKU-2', 'SKU-1', 'SKU-2']));
    expect(statements).toEqual([
      {
        sql: 'update [items] set [atp_version] = [atp_version] + @p0 where [sku] = @p1;select @@rowcount',
        bindings: [1, 'SKU-1'],
      },
      {
        sql: 'update [items] set [atp_version] = [atp_version] + @p0 where [sku] = @p1;select @@rowcount',
        bindings: [1, 'SKU-2'],
      },
    ]);
  });

  test('the bulk reads of re-confirmation stay within the parameter limit: 600 skus are two statements of at most 500', async () => {
    const statements = await recordInTransaction((trx) => reconfirm.findStockBySkus(trx, MANY_SKUS));
    expect(statements.map((s) => s.bindings.length)).toEqual([500, 100]);
  });
});

describe('the ERP merge on SQL Server', () => {
  test('knex.raw replaces every ?? of every merge statement, for every dataset, with a bracket-quoted name', async () => {
    const statements = await recordInTransaction(async (trx) => {
      for (const { spec, stg } of STAGED) {
        await mergeDataset(trx, stg, spec);
        await merge.applyUpdates(trx, stg, spec, NOW, new Set(), ID);
      }
    });
    expect(statements.filter((s) => s.sql.includes('?')).map((s) => s.sql)).toEqual([]);
    expect(statements.filter((s) => /[`"]/.test(codeOf(s.sql))).map((s) => s.sql)).toEqual([]);
    expectSqlServerSyntax(statements);
    expectBracketedIdentifiers(statements, HAND_WRITTEN_NAMES['erp/merge.repository.ts']);
    // Each dataset's names arrive bracketed where the ?? stood: its target, staging table and key match.
    for (const { spec, stg } of STAGED) {
      const own = statements.filter((s) => s.sql.includes(`[${stg}]`)).map((s) => s.sql);
      const joined = own.filter(
        (sql) => sql.includes(`[${spec.table}] AS t`) || sql.includes(`[${spec.table}] as [t]`),
      );
      expect(joined.length).toBeGreaterThan(0);
      for (const sql of joined) for (const k of spec.key) expect(sql).toContain(`[t].[${k}] = [s].[${k}]`);
      expect(own.some((sql) => sql.startsWith(`INSERT INTO [${spec.table}] (`))).toBe(true);
    }
  });

  const expectedSets: Record<
    'stock' | 'supply' | 'customers' | 'prices',
    { all: string[]; requiredOnly: string[] }
  > = {
    stock: { all: ['on_hand', 'blocked'], requiredOnly: ['on_hand'] },
    supply: {
      all: ['kind', 'sku', 'site_code', 'open_qty', 'due_date', 'status'],
      requiredOnly: ['kind', 'sku', 'site_code', 'open_qty', 'due_date'],
    },
    customers: {
      all: [
        'name',
        'country',
        'currency',
        'payment_terms',
        'credit_limit',
        'account_manager_email',
        'active',
      ],
      requiredOnly: ['name'],
    },
    prices: { all: ['unit_price', 'valid_to'], requiredOnly: ['unit_price'] },
  };
  const UPDATE_FROM =
    /^UPDATE t SET (.+), updated_at = @p(\d+)(, closed_at = NULL)? FROM \[([^\]]+)\] AS t INNER JOIN \[([^\]]+)\] AS s ON (.+) WHERE s\.bad = 0 AND \((.+)\)$/s;

  test.each(Object.keys(expectedSets) as Array<keyof typeof expectedSets>)(
    'applyUpdates(%s) is one UPDATE t SET … FROM table AS t INNER JOIN #stg AS s ON the key, one binding per @p placeholder',
    async (name) => {
      const spec = datasetSpec(name);
      const stg = stagingName('mssql', spec);
      const statements = await recordInTransaction(async (trx) => {
        await merge.applyUpdates(trx, stg, spec, NOW, ALL_COLUMNS(spec), ID);
        await merge.applyUpdates(trx, stg, spec, NOW, new Set(), ID);
      });
      expect(statements).toHaveLength(2);
      statements.forEach((statement, i) => {
        const shape = UPDATE_FROM.exec(statement.sql);
        if (!shape)
          throw new Error(`not UPDATE t SET … FROM … AS t INNER JOIN … AS s ON …:\n${statement.sql}`);
        const [, sets, param, reopen, table, staging, on, changed] = shape;
        const setColumns = [
          ...(i === 0 ? expectedSets[name].all : expectedSets[name].requiredOnly),
          'row_hash',
        ];
        expect({ table, staging }).toEqual({ table: spec.table, staging: stg });
        // Tracked columns (stock, supply) keep their previous value when it changes, and the run that changed them.
        const tracked = (spec.track ?? []).map(
          ({ column, previous }) =>
            `[${previous}] = CASE WHEN [t].[${column}] <> [s].[${column}] THEN [t].[${column}] ELSE [t].[${previous}] END`,
        );
        const runParam = spec.track?.length ? [`changed_run_id = @p0`] : [];
        expect(sets).toBe(
          [...setColumns.map((c) => `[${c}] = [s].[${c}]`), ...tracked, ...runParam].join(', '),
        );
        expect(on).toBe(spec.key.map((k) => `[t].[${k}] = [s].[${k}]`).join(' AND '));
        expect(Boolean(reopen)).toBe(spec.mode === 'snapshot');
        expect(changed).toBe(
          [
            '[t].[row_hash] IS NULL',
            '[t].[row_hash] <> [s].[row_hash]',
            ...(spec.mode === 'snapshot' ? ['[t].[closed_at] IS NOT NULL'] : []),
          ].join(' OR '),
        );
        // Names went in as identifiers, so the only parameters are the run id (tracked datasets) and the timestamp.
        expect(placeholders(statement.sql)).toEqual([...(runParam.length ? [0] : []), Number(param)]);
        expect(placeholders(statement.sql)).toHaveLength(statement.bindings.length);
        expect(statement.bindings).toEqual([...(runParam.length ? [ID] : []), NOW]);
        expect(problemsIn(statement)).toEqual([]);
      });
      if (name === 'stock') {
        expect(statements[0]!.sql).toBe(
          'UPDATE t SET [on_hand] = [s].[on_hand], [blocked] = [s].[blocked], [row_hash] = [s].[row_hash], ' +
            '[prev_on_hand] = CASE WHEN [t].[on_hand] <> [s].[on_hand] THEN [t].[on_hand] ELSE [t].[prev_on_hand] END, changed_run_id = @p0, updated_at = @p1, closed_at = NULL ' +
            'FROM [erp_stock] AS t INNER JOIN [##stg_stock] AS s ON [t].[sku] = [s].[sku] AND [t].[site_code] = [s].[site_code] ' +
            'WHERE s.bad = 0 AND ([t].[row_hash] IS NULL OR [t].[row_hash] <> [s].[row_hash] OR [t].[closed_at] IS NOT NULL)',
        );
      }
    },
  );

  test('insertNew names as many target columns as it selects, with the CRM-owned id and created_at where the table has them', async () => {
    const statements = await recordInTransaction(async (trx) => {
      for (const { spec, stg } of STAGED) await merge.insertNew(trx, stg, spec, NOW);
    });
    const shapes = statements.map((s) =>
      /^INSERT INTO \[([^\]]+)\] \(([^)]*)\) select (.*?) from \[(#[^\]]+)\] as \[s\] where /s.exec(s.sql),
    );
    expect(shapes.every(Boolean)).toBe(true);
    const inserted = shapes.map((m, i) => ({
      table: m![1]!,
      into: bracketed(m![2]!),
      selected: splitTopLevel(m![3]!),
      bindings: statements[i]!.bindings.length,
      params: placeholders(statements[i]!.sql).length,
    }));
    for (const insert of inserted) {
      expect(insert.selected).toHaveLength(insert.into.length);
      expect(insert.params).toBe(insert.bindings);
    }
    const customers = inserted.find((i) => i.table === 'accounts')!;
    expect(customers.into.slice(-4)).toEqual(['row_hash', 'updated_at', 'id', 'created_at']);
    expect(customers.selected.slice(-4)).toEqual([
      '[s].[row_hash]',
      expect.stringMatching(/^@p\d+ as updated_at$/),
      '[s].[new_id]',
      expect.stringMatching(/^@p\d+ as created_at$/),
    ]);
    const prices = inserted.find((i) => i.table === 'erp_prices')!;
    expect(prices.into).toEqual([
      ...datasetSpec('prices').columns.map((c) => c.name),
      'row_hash',
      'updated_at',
    ]);
  });
});

describe('ERP staging on SQL Server: openStaging → write → merge → dispose', () => {
  test.each(['stock', 'customers', 'prices'] as const)(
    '%s: one transaction from CREATE TABLE to commit; 1,000 rows written in chunks within the parameter limit',
    async (name) => {
      const spec = datasetSpec(name);
      const { db, statements, transactions } = createRecordingMssqlKnex();
      try {
        // Opened on the database, as load-dataset does: the transaction begins before the CREATE TABLE.
        const staging = await openStaging(db, spec);
        expect(staging.table).toMatch(new RegExp(`^##stg_${name}_[0-9a-f]{8}$`));
        expect(transactions).toEqual([{ op: 'begin', name: undefined, atStatement: 0 }]);
        expect(statements).toHaveLength(1);
        expect(declaredNames(statements[0]!.sql)).toEqual([
          staging.table,
          ...BOOKKEEPING,
          ...spec.columns.map((c) => c.name),
        ]);

        const rows = stagingRows(spec, 1000);
        await staging.write(rows);
        const inserts = statements.filter((s) => s.sql.startsWith(`insert into [${staging.table}] (`));
        const perRow = BOOKKEEPING.length + spec.columns.length;
        expect(inserts.length).toBeGreaterThan(1);
        expect(inserts.reduce((n, s) => n + valuesRows(s.sql), 0)).toBe(1000);
        for (const insert of inserts) {
          expect(insert.bindings.length).toBeLessThanOrEqual(2100);
          expect(insert.bindings.length).toBe(valuesRows(insert.sql) * perRow);
          expect(problemsIn(insert)).toEqual([]);
        }
        // The first row, column by column: bookkeeping, then the spec's values (booleans as bits).
        const first = inserts[0]!;
        const names = bracketed(/^insert into \[[^\]]+\] \(([^)]*)\)/.exec(first.sql)![1]!);
        const row = rows[0]!;
        expect(Object.fromEntries(names.map((n, i) => [n, first.bindings[i]]))).toEqual({
          line: row.line,
          bad: 0,
          reason: null,
          raw: null,
          row_hash: row.rowHash,
          new_id: row.newId,
          ...Object.fromEntries(
            spec.columns.map((c, i) => [
              c.name,
              typeof row.values[i] === 'boolean' ? Number(row.values[i]) : row.values[i],
            ]),
          ),
        });

        const written = statements.length;
        expect(
          await staging.merge(async (trx) => (await mergeDataset(trx, staging.table, spec), 'merged')),
        ).toBe('merged');
        expect(statements.length).toBeGreaterThan(written);
        await staging.dispose();
        // Committed once, after the merge's last statement; dispose finds nothing left to roll back.
        expect(transactions).toEqual([
          { op: 'begin', name: undefined, atStatement: 0 },
          { op: 'commit', name: undefined, atStatement: statements.length },
        ]);
        expectSqlServerSyntax(statements);
        expectBracketedIdentifiers(statements, HAND_WRITTEN_NAMES['erp/merge.repository.ts']);
      } finally {
        await db.destroy();
      }
    },
  );

  test('a merge that throws (a refused snapshot) rolls the staging transaction back, and dispose does not roll back again', async () => {
    const spec = datasetSpec('stock');
    const { db, transactions } = createRecordingMssqlKnex();
    try {
      const staging = await openStaging(db, spec);
      await staging.write(stagingRows(spec, 10));
      await expect(
        staging.merge(async (trx) => {
          await merge.countStaged(trx, staging.table, spec);
          throw new Error('refused: the snapshot shrank');
        }),
      ).rejects.toThrow('refused: the snapshot shrank');
      await staging.dispose();
      expect(transactions.map((t) => t.op)).toEqual(['begin', 'rollback']);
    } finally {
      await db.destroy();
    }
  });

  test('dispose without a merge (the source failed mid-read) rolls the staging transaction back', async () => {
    const spec = datasetSpec('customers');
    const { db, statements, transactions } = createRecordingMssqlKnex();
    try {
      const staging = await openStaging(db, spec);
      await staging.write(stagingRows(spec, 300));
      await staging.dispose();
      expect(transactions).toEqual([
        { op: 'begin', name: undefined, atStatement: 0 },
        { op: 'rollback', name: undefined, atStatement: statements.length },
      ]);
    } finally {
      await db.destroy();
    }
  });

  /* SQL Server specifics of staging that a compile check cannot see but the recorded SQL shows. */
  test('the staging table outlives the statement that creates it (a global ##table, not a local #table created through knex)', async () => {
    // knex's mssql client sends every statement with tedious's execSql, which wraps it in
    // sp_executesql; a local #table created inside sp_executesql is dropped when it returns, so
    // the first INSERT into it fails with "Invalid object name '#stg_…'" (tediousjs/tedious#24).
    const { db, statements } = createRecordingMssqlKnex();
    try {
      const staging = await openStaging(db, datasetSpec('stock'));
      await staging.dispose();
      expect(statements.filter((s) => /^CREATE TABLE #(?!#)/.test(s.sql)).map((s) => s.sql)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  test('every text column of the staging table takes the database collation (COLLATE DATABASE_DEFAULT)', async () => {
    // A #table takes tempdb's collation; where the database's differs, every comparison with the
    // target table ([t].[sku] = [s].[sku]) fails with "Cannot resolve the collation conflict".
    const { db, statements } = createRecordingMssqlKnex();
    try {
      const staging = await openStaging(db, datasetSpec('stock'));
      await staging.dispose();
      const defs = splitTopLevel(/^CREATE TABLE #+\w+ \((.*)\)$/s.exec(statements[0]!.sql)![1]!);
      expect(
        defs.filter((def) => /\bn?(?:var)?char\(/i.test(def) && !/\bCOLLATE DATABASE_DEFAULT\b/i.test(def)),
      ).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('the SQL Server recorder', () => {
  test('when a query uses a feature knex cannot express for SQL Server (onConflict().merge()), it fails and nothing is recorded', async () => {
    const { db, statements } = createRecordingMssqlKnex();
    try {
      await expect(
        db('items').insert({ sku: 'SKU-1', description: 'Bolt' }).onConflict('sku').merge(),
      ).rejects.toThrow('.onConflict() is not supported for mssql.');
      expect(statements).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  test('when a binding is a value tedious cannot send (an unsafe integer), the query fails as in production', async () => {
    const { db, statements } = createRecordingMssqlKnex();
    try {
      await expect(db('items').where('lead_time_days', 2 ** 60)).rejects.toThrow(
        'Bigint must be safe integer',
      );
      expect(statements).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  test('when SQL comes from another dialect, the syntax check names each problem', () => {
    expect(
      problemsIn({
        sql: 'create table "t" ("id" integer primary key autoincrement, "ok" boolean) returning *',
        bindings: [],
      }),
    ).toEqual([
      "double-quoted identifier (another dialect's quoting)",
      'AUTOINCREMENT (SQLite; SQL Server uses identity)',
      'boolean type (SQL Server uses bit)',
      'RETURNING (SQL Server uses OUTPUT)',
    ]);
    expect(problemsIn({ sql: 'select * from [t] where [a] = @p0 limit 5', bindings: [1, 2] })).toEqual([
      'LIMIT (SQL Server uses TOP or OFFSET … FETCH)',
      'placeholders @p… (1) do not match bindings (2)',
    ]);
  });

  test("when a raw statement leaves a ?? or quotes a name another dialect's way, the checks name it", () => {
    expect(
      problemsIn({ sql: 'UPDATE ?? SET "on_hand" = [s].[on_hand] FROM "#stg_stock" AS s', bindings: [] }),
    ).toEqual([
      'leftover ?? identifier binding (knex.raw did not substitute it)',
      "double-quoted identifier (another dialect's quoting)",
      'unpositioned ? placeholder',
    ]);
    expect(
      identifierProblems(
        {
          sql: 'UPDATE t SET [a] = s.sku, updated_at = @p0 FROM [erp_stock] AS t INNER JOIN [#stg_stock] AS s ON t.sku = [s].[sku]',
          bindings: [NOW],
        },
        ['t', 's', 'updated_at'],
      ),
    ).toEqual(['identifier sku is not bracket-quoted']);
    expect(
      identifierProblems({
        sql: 'CREATE TABLE #stg_x (line int NOT NULL, [key] nvarchar(40), file nvarchar(300))',
        bindings: [],
      }),
    ).toEqual(['reserved word file as an unquoted identifier']);
    expect(
      identifierProblems({
        sql: "select top (@p0) count(*) as [n] from [t] where [a] = 'not an identifier';select @@rowcount",
        bindings: [1],
      }),
    ).toEqual([]);
  });

  test('when one INSERT carries more than 1000 rows or 2098 parameters, the syntax check names it', () => {
    const rows = (n: number, perRow: number) => ({
      sql: `insert into [t] ([a], [b]) values ${Array.from({ length: n }, (_, r) => `(${Array.from({ length: perRow }, (_, c) => `@p${r * perRow + c}`).join(', ')})`).join(', ')}`,
      bindings: Array.from({ length: n * perRow }, () => 1),
    });
    expect(problemsIn(rows(1000, 2))).toEqual([]);
    expect(problemsIn(rows(1001, 2))).toEqual(['1001 rows in one VALUES list (max 1000)']);
    expect(problemsIn(rows(700, 3))).toEqual(['2100 parameters (max 2098)']);
  });

  test('the tedious transaction calls knex makes are logged with the statement count they came after', async () => {
    const { db, statements, transactions } = createRecordingMssqlKnex();
    try {
      const trx = await db.transaction();
      await trx('items').select('sku');
      await trx.transaction(async (nested) => nested('items').select('uom'));
      await trx.commit();
      await db
        .transaction(async (t) => {
          await t('items').del();
          throw new Error('abandon');
        })
        .catch(() => undefined);
      expect(statements).toHaveLength(3);
      expect(transactions).toEqual([
        { op: 'begin', name: undefined, atStatement: 0 },
        { op: 'save', name: expect.any(String), atStatement: 1 },
        { op: 'commit', name: undefined, atStatement: 2 },
        { op: 'begin', name: undefined, atStatement: 2 },
        { op: 'rollback', name: undefined, atStatement: 3 },
      ]);
    } finally {
      await db.destroy();
    }
  });

  test('when a unique key on a nullable column is a plain constraint, the schema check catches it', () => {
    const schema = readSchema([
      {
        sql: 'CREATE TABLE [a] ([id] nvarchar(36), [erp] nvarchar(40), [note] nvarchar(max), CONSTRAINT [a_pkey] PRIMARY KEY ([id]))',
        bindings: [],
      },
      { sql: 'ALTER TABLE [a] ADD CONSTRAINT [a_erp_unique] UNIQUE ([erp])', bindings: [] },
      { sql: 'CREATE INDEX [a_note_idx] ON [a] ([note])', bindings: [] },
    ]);
    expect(schema.tables.get('a')?.get('erp')).toEqual({ type: 'nvarchar(40)', nullable: true });
    expect(schema.keys.find((k) => k.statement.includes('a_erp_unique'))).toMatchObject({
      unique: true,
      filtered: false,
      columns: ['erp'],
    });
    expect(keyProblems(schema)).toEqual([
      'a.note is nvarchar(max), which SQL Server cannot index: CREATE INDEX [a_note_idx] ON [a] ([note])',
    ]);
  });

  test('inside a transaction, queries are recorded and answered as knex expects, and a thrown error rejects the transaction', async () => {
    const { db, statements } = createRecordingMssqlKnex();
    try {
      const result = await db.transaction(async (trx) => ({
        first: await trx('items').where({ sku: 'SKU-1' }).first(),
        rows: await trx('items').select('sku'),
        updated: await trx('items').where({ sku: 'SKU-1' }).update({ uom: 'EA' }),
      }));
      expect(result).toEqual({ first: undefined, rows: [], updated: 0 });
      await expect(
        db.transaction(async (trx) => {
          await trx('items').del();
          throw new Error('abandon');
        }),
      ).rejects.toThrow('abandon');
      expect(statements.map((s) => s.sql)).toEqual([
        'select top (@p0) * from [items] where [sku] = @p1',
        'select [sku] from [items]',
        'update [items] set [uom] = @p0 where [sku] = @p1;select @@rowcount',
        'delete from [items];select @@rowcount',
      ]);
    } finally {
      await db.destroy();
    }
  });
});
