import sql from 'mssql';

/** The part of an mssql Request the connector uses, so tests can stand in for SQL Server. */
export interface MssqlRequestLike {
  stream: boolean;
  input(name: string, type: unknown, value: unknown): unknown;
  query(command: string): Promise<{ recordset?: Record<string, unknown>[] }>;
  // mssql's Request is an EventEmitter: 'recordset', 'row', 'error', 'done'.
  on(event: string, listener: (...args: any[]) => void): unknown;
  pause(): unknown;
  resume(): unknown;
  cancel(): unknown;
}

/** The part of mssql's ConnectionPool the connector uses. */
export interface MssqlPoolLike {
  request(): MssqlRequestLike;
  close(): Promise<unknown>;
}

export interface QueryInput {
  name: string;
  type: unknown;
  value: unknown;
}

/** Rows buffered before the request is paused; bounds memory whatever the result's size. */
export const PAUSE_AT = 1000;
/** Rows left when the request resumes, so the consumer rarely waits for the network. */
export const RESUME_AT = 100;

/**
 * The query's result columns before any row is read: the sync engine needs `columns` from
 * open(), and sp_describe_first_result_set answers from metadata without running the query.
 */
export async function describeColumns(
  pool: MssqlPoolLike,
  query: string,
  inputs: QueryInput[],
  label: string,
): Promise<string[]> {
  const request = pool.request();
  request.input('tsql', sql.NVarChar(sql.MAX), query);
  const params = inputs.map((i) => `@${i.name} bigint`).join(', ');
  request.input('params', sql.NVarChar(sql.MAX), params === '' ? null : params);
  let result;
  try {
    result = await request.query('EXEC sp_describe_first_result_set @tsql = @tsql, @params = @params');
  } catch (err) {
    throw new Error(`${label}: the configured query cannot be described (${(err as Error).message})`);
  }
  return (result.recordset ?? [])
    .filter((c) => !c.is_hidden)
    .map((c) => c.name)
    .filter((n): n is string => typeof n === 'string' && n !== '');
}

/**
 * mssql's streaming event API as an async generator with backpressure: the request is paused
 * when PAUSE_AT rows wait unread and resumed once the consumer has taken most of them. An
 * 'error' event ends the iteration with that error; leaving the loop early cancels the request
 * so its connection returns to the pool.
 */
export async function* streamQuery(
  pool: MssqlPoolLike,
  query: string,
  inputs: QueryInput[],
): AsyncGenerator<Record<string, unknown>> {
  const request = pool.request();
  request.stream = true;
  for (const i of inputs) request.input(i.name, i.type, i.value);

  let buffer: Record<string, unknown>[] = [];
  let head = 0;
  let paused = false;
  let done = false;
  let failure = null as { error: unknown } | null;
  let recordsets = 0;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const fail = (error: unknown) => {
    failure ??= { error };
    notify();
  };

  request.on('recordset', () => {
    recordsets += 1;
    // A second result set has other columns: its rows cannot be read as this dataset's.
    if (recordsets === 2) fail(new Error('the query returned more than one result set'));
  });
  request.on('row', (row: Record<string, unknown>) => {
    if (recordsets > 1) return;
    buffer.push(row);
    if (!paused && buffer.length - head >= PAUSE_AT) {
      paused = true;
      request.pause();
    }
    notify();
  });
  request.on('error', fail);
  request.on('done', () => {
    done = true;
    notify();
  });
  // In stream mode mssql reports failures through 'error'; the promise only settles.
  request.query(query).catch(fail);

  try {
    for (;;) {
      if (failure) throw failure.error;
      if (head < buffer.length) {
        const row = buffer[head] as Record<string, unknown>;
        head += 1;
        if (head === buffer.length) {
          buffer = [];
          head = 0;
        }
        if (paused && buffer.length - head <= RESUME_AT) {
          paused = false;
          request.resume();
        }
        yield row;
        continue;
      }
      if (done) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    if (!done) request.cancel();
  }
}
