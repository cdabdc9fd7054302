import { EventEmitter } from 'node:events';
import type { MssqlPoolLike, MssqlRequestLike } from '../../connectors/mssql/mssql.connector';

/** What the fake answers to a query whose text contains `match`. */
export interface FakeResult {
  match: string;
  columns: string[];
  rows: Record<string, unknown>[];
  /** Emit 'error' with this after `failAfter` rows (a conversion error mid-stream, say). */
  failAfter?: number;
  error?: Error;
}

export interface ExecutedQuery {
  sql: string;
  inputs: Record<string, { type: unknown; value: unknown }>;
  stream: boolean;
}

/**
 * FAKE SQL Server at the mssql boundary: there is no SQL Server on developer machines or in CI.
 * It records every query with its inputs and streams rows like mssql's Request does in stream
 * mode: asynchronously ('recordset', then 'row's, then 'done'), never while paused.
 */
export class FakeMssqlPool implements MssqlPoolLike {
  readonly executed: ExecutedQuery[] = [];
  pauseCalls = 0;
  resumeCalls = 0;
  cancelCalls = 0;
  /** Rows emitted so far by streaming requests; a test compares it with the rows it consumed. */
  emitted = 0;
  closed = false;

  constructor(private readonly config: { results: FakeResult[]; upto?: string }) {}

  request(): MssqlRequestLike {
    return new FakeRequest(this);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  resultFor(sql: string): FakeResult {
    const result = this.config.results.find((r) => sql.includes(r.match));
    if (!result) throw new Error(`FakeMssqlPool: no result configured for ${sql}`);
    return result;
  }

  get upto(): string {
    return this.config.upto ?? '0';
  }
}

/** Rows per tick, like rows parsed from one TDS packet. */
const BATCH = 50;

class FakeRequest extends EventEmitter implements MssqlRequestLike {
  stream = false;
  private readonly inputs: ExecutedQuery['inputs'] = {};
  private paused = false;
  private canceled = false;
  private next = 0;
  private continue: (() => void) | null = null;

  constructor(private readonly pool: FakeMssqlPool) {
    super();
  }

  input(name: string, type: unknown, value: unknown): this {
    this.inputs[name] = { type, value };
    return this;
  }

  query(sql: string): Promise<{ recordset?: Record<string, unknown>[] }> {
    this.pool.executed.push({ sql, inputs: this.inputs, stream: this.stream });
    if (sql.includes('MIN_ACTIVE_ROWVERSION'))
      return Promise.resolve({ recordset: [{ upto: this.pool.upto }] });
    if (sql.includes('sp_describe_first_result_set')) {
      const { columns } = this.pool.resultFor(String(this.inputs.tsql?.value));
      return Promise.resolve({ recordset: columns.map((name) => ({ name, is_hidden: false })) });
    }
    const result = this.pool.resultFor(sql);
    if (!this.stream) return Promise.resolve({ recordset: result.rows });
    return new Promise((resolve) => {
      this.continue = () => this.emitSome(result, resolve);
      setImmediate(() => {
        this.emit('recordset', Object.fromEntries(result.columns.map((name) => [name, { name }])));
        this.continue?.();
      });
    });
  }

  private emitSome(
    result: FakeResult,
    resolve: (r: { recordset?: Record<string, unknown>[] }) => void,
  ): void {
    for (let i = 0; i < BATCH; i++) {
      if (this.paused) return;
      if (this.canceled)
        return this.finish(resolve, Object.assign(new Error('Canceled.'), { code: 'ECANCEL' }));
      if (result.failAfter !== undefined && this.next === result.failAfter)
        return this.finish(resolve, result.error ?? new Error('failed'));
      const row = result.rows[this.next];
      if (row === undefined) return this.finish(resolve);
      this.next += 1;
      this.pool.emitted += 1;
      this.emit('row', { ...row });
    }
    setImmediate(() => this.continue?.());
  }

  private finish(resolve: (r: { recordset?: Record<string, unknown>[] }) => void, error?: Error): void {
    this.continue = null;
    if (error) this.emit('error', error);
    this.emit('done', { rowsAffected: [this.next] });
    resolve({});
  }

  pause(): boolean {
    this.pool.pauseCalls += 1;
    this.paused = true;
    return true;
  }

  resume(): boolean {
    this.pool.resumeCalls += 1;
    if (this.paused) {
      this.paused = false;
      setImmediate(() => this.continue?.());
    }
    return true;
  }

  cancel(): boolean {
    this.pool.cancelCalls += 1;
    this.canceled = true;
    // Like tedious, a cancelled request is resumed so the cancellation can be read.
    if (this.paused) this.resume();
    return true;
  }
}
