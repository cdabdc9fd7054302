import knexFactory, { Knex } from 'knex';

export interface RecordedStatement {
  sql: string;
  bindings: unknown[];
}

/** A tedious row as knex's mssql processResponse reads it: one cell per column. */
type TediousRow = Array<{ metadata: { colName: string }; value: unknown }>;

interface MssqlQuery {
  sql: string;
  bindings?: unknown[];
  returning?: unknown;
  response?: TediousRow[];
}

/** The private parts of knex's mssql client (lib/dialects/mssql/index.js) this fake replaces. */
interface MssqlClientSeams {
  acquireRawConnection(): Promise<unknown>;
  destroyRawConnection(connection: unknown): Promise<void>;
  _query(connection: unknown, query: MssqlQuery): Promise<MssqlQuery>;
  _stream(): Promise<void>;
  _typeForBinding(binding: unknown): unknown;
}

/**
 * FAKE SQL Server, for compile checks only: there is no SQL Server on developer machines or in CI,
 * so this is the one place where tests stand in for the database instead of running it.
 *
 * The knex instance is real (`client: 'mssql'`): its query, schema and column compilers, its pool,
 * runner and mssql transaction class all run unchanged. Only the tedious boundary is replaced:
 * - `acquireRawConnection`/`destroyRawConnection`: the pool gets a fake connection instead of
 *   opening a TCP connection to a server that does not exist.
 * - `_query`: instead of sending the request, records the SQL exactly as it would go on the wire
 *   (bindings already positioned as @p0, @p1…) and answers with no rows. Update and delete
 *   statements end in `select @@rowcount`, whose single row processResponse reads, so they get a
 *   row count of 0.
 * - `_stream`: fails loudly; streaming is not faked.
 * - the fake connection carries tedious's transaction calls (begin/commit/rollback/save), which
 *   knex's mssql Transaction calls directly instead of sending BEGIN/COMMIT as SQL.
 *
 * Every binding still goes through knex's own tedious type mapping, so a value tedious would
 * refuse (an unsafe integer, say) throws here as it would in production. Nothing is executed: a
 * statement SQL Server would reject at run time (a missing column, a constraint) passes.
 */
export function createRecordingMssqlKnex(): { db: Knex; statements: RecordedStatement[] } {
  const statements: RecordedStatement[] = [];
  const db = knexFactory({
    client: 'mssql',
    // Never used to connect: acquireRawConnection below is replaced before the pool creates one.
    connection: { server: 'fake-mssql.invalid', database: 'factorydesk', userName: 'fake', password: 'fake' },
    pool: { min: 0, max: 4 },
  });
  const client = db.client as unknown as MssqlClientSeams;

  client.acquireRawConnection = async () => createFakeTediousConnection();
  client.destroyRawConnection = async () => undefined;
  client._query = async (_connection, query) => {
    const bindings = query.bindings ?? [];
    for (const binding of bindings) client._typeForBinding(binding);
    statements.push({ sql: query.sql, bindings: [...bindings] });
    query.response = query.returning === '@@rowcount' ? [[{ metadata: { colName: '' }, value: 0 }]] : [];
    return query;
  };
  client._stream = async () => {
    throw new Error('the recording mssql fake does not support streams');
  };

  return { db, statements };
}

/** The part of a tedious Connection that knex's pool and mssql Transaction touch. */
function createFakeTediousConnection() {
  type Done = (err?: Error) => void;
  const connection = {
    // knex's mssql validateConnection checks `connected`; its rollback checks the state name.
    connected: true,
    state: { name: 'LoggedIn' },
    inTransaction: false,
    beginTransaction(done: Done) {
      connection.inTransaction = true;
      process.nextTick(done);
    },
    saveTransaction(done: Done) {
      process.nextTick(done);
    },
    commitTransaction(done: Done) {
      connection.inTransaction = false;
      process.nextTick(done);
    },
    rollbackTransaction(done: Done) {
      connection.inTransaction = false;
      process.nextTick(done);
    },
  };
  return connection;
}
