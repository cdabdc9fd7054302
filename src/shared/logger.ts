import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Knex puts bound values into its error messages, so anything that may
 * carry them is passed through redactError before it is logged.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'factorydesk' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'],
      censor: '[redacted]',
    },
  });
}

/** knex rewrites a failed query's message as `<SQL with bound values inlined> - <database message>`. */
const KNEX_SQL_PREFIX =
  /^\s*(?:select|insert|update|delete|merge|with|create|alter|drop|begin|commit|rollback|pragma|copy|exec|declare|set|if)\b/i;

function redactSql(message: string): string {
  const cut = message.lastIndexOf(' - ');
  return KNEX_SQL_PREFIX.test(message.replace(/^\w*Error: /, '')) && cut >= 0
    ? `[sql redacted] - ${message.slice(cut + 3)}`
    : message;
}

/**
 * Keeps the database's own message but drops the SQL and bound values knex puts in front of it.
 * Duck-typed, not instanceof: errors from native drivers may come from another realm.
 */
export function redactError(err: unknown): { name: string; message: string; code?: string; stack?: string } {
  const e = err as { name?: unknown; message?: unknown; stack?: unknown; code?: unknown } | null;
  if (!e || typeof e !== 'object' || typeof e.message !== 'string')
    return { name: 'NonError', message: redactSql(String(err)) };
  const message = redactSql(e.message);
  const out: { name: string; message: string; code?: string; stack?: string } = {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message,
  };
  if (typeof e.code === 'string') out.code = e.code;
  if (typeof e.stack === 'string') out.stack = e.stack.replace(e.message, message);
  return out;
}
