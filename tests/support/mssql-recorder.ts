import knexFactory, { Knex } from 'knex';

export interface RecordedStatement {
  sql: string;
  bindings: unknown[];
}

/**
 * A tedious transaction call knex made on a fake connection (knex's mssql Transaction calls these
 * directly instead of sending BEGIN/COMMIT as SQL). `atStatement` is how many statements had been
 * recorded when it was made, so a test can tell which statements ran inside the transaction.
 */
export interface RecordedTransactionCall {
  op: 'begin' | 'save' | 'commit' | 'rollback';
  /** The savepoint name knex passes for a nested transaction; undefined for the outermost one. */
  name: string | undefined;
  atStatement: number;
}

/** A tedious row as knex's mssql processResponse reads it: one cell per column. */
type TediousRow = Array<{ metadata: { colName: string }; value: unknown }>;

interface MssqlQuery {
  sql: string;
  bindings?: unknown[];
  returning?: unknown;
  response?: TediousRow[];
}

/** knex's own SQL Server client (lib/dialects/mssql). knex ships no type for it; its base Client is the nearest. */
const MssqlClient = require('knex/lib/dialects/mssql') as typeof Knex.Client;

/**
 * FAKE SQL Server, for compile checks only: there is no SQL Server on developer machines or in CI,
 * so this is the one place where tests stand in for the database instead of running it.
 *
 * The knex instance is real and reports `client: 'mssql'`: its query, schema and column compilers,
 * pool, runner, binding positioning (@p0, @p1…) and mssql transaction class all run unchanged.
 * Only the tedious boundary is replaced, in a subclass of knex's mssql client (not by patching the
 * instance: a transaction's client is built from `client.constructor.prototype`, so instance
 * patches would not reach queries run on `trx`):
 * - `acquireRawConnection`/`destroyRawConnection`: the pool gets a fake connection instead of
 *   opening a TCP connection to a server that does not exist.
 * - `_query`: records the SQL and bindings exactly as they would go on the wire instead of sending
 *   them, and answers with no rows. Updates and deletes end in `select @@rowcount`, whose single
 *   row knex's processResponse reads, so they answer a row count of 0.
 * - `_stream`: fails loudly; streaming is not faked.
 * - the fake connection answers tedious's transaction calls (begin/save/commit/rollback), which
 *   knex's mssql Transaction makes directly instead of sending BEGIN/COMMIT as SQL, and logs them
 *   in `transactions`.
 *
 * Every binding still goes through knex's own tedious type mapping, so a value tedious would
 * refuse (an unsafe integer, say) throws here as in production. Nothing is executed: a statement
 * SQL Server would reject only at run time (an unknown column, a violated constraint) passes.
 */
export function createRecordingMssqlKnex(): {
  db: Knex;
  statements: RecordedStatement[];
  transactions: RecordedTransactionCall[];
} {
  const statements: RecordedStatement[] = [];
  const transactions: RecordedTransactionCall[] = [];
  const onTransaction = (op: RecordedTransactionCall['op'], name: string | undefined) =>
    transactions.push({ op, name, atStatement: statements.length });

  class RecordingMssqlClient extends MssqlClient {
    /** knex's mapping of a JavaScript value to a tedious parameter type; throws for values tedious cannot take. */
    declare _typeForBinding: (binding: unknown) => unknown;

    override async acquireRawConnection(): Promise<unknown> {
      return createFakeTediousConnection(onTransaction);
    }

    override async destroyRawConnection(): Promise<void> {}

    async _query(_connection: unknown, query: MssqlQuery): Promise<MssqlQuery> {
      const bindings = query.bindings ?? [];
      for (const binding of bindings) this._typeForBinding(binding);
      statements.push({ sql: query.sql, bindings: [...bindings] });
      query.response = query.returning === '@@rowcount' ? [[{ metadata: { colName: '' }, value: 0 }]] : [];
      return query;
    }

    async _stream(): Promise<void> {
      throw new Error('the recording SQL Server fake does not support streams');
    }
  }

  const db = knexFactory({
    client: RecordingMssqlClient,
    // Never used to connect (acquireRawConnection is replaced); present because knex builds its pool only with one.
    connection: { server: 'fake-mssql.invalid', database: 'factorydesk', userName: 'fake', password: 'fake' },
    pool: { min: 0, max: 4 },
  });
  // Code that branches on the dialect (dialectOf, migrations) reads config.client: make it the production value.
  db.client.config.client = 'mssql';
  return { db, statements, transactions };
}

/** The part of a tedious Connection that knex's pool and mssql Transaction touch. */
function createFakeTediousConnection(
  onTransaction: (op: RecordedTransactionCall['op'], name: string | undefined) => void,
) {
  type Done = (err?: Error) => void;
  // A nested knex transaction is a savepoint (saveTransaction) later committed or rolled back by
  // name, so one depth counter is enough to answer `inTransaction` as tedious would.
  let depth = 0;
  const settle = (op: RecordedTransactionCall['op'], change: number) => (done: Done, name?: string) => {
    onTransaction(op, name);
    depth = Math.max(0, depth + change);
    process.nextTick(done);
  };
  return {
    // knex's mssql validateConnection checks `connected`; its rollback checks state and inTransaction.
    connected: true,
    state: { name: 'LoggedIn' },
    get inTransaction() {
      return depth > 0;
    },
    beginTransaction: settle('begin', +1),
    saveTransaction: settle('save', +1),
    commitTransaction: settle('commit', -1),
    rollbackTransaction: settle('rollback', -1),
  };
}
