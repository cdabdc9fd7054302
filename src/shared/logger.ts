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
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'], censor: '[redacted]' },
  });
}

/** knex rewrites a failed query's message as `<SQL with bound values inlined> - <database message>`. */
const KNEX_SQL_PREFIX = /^\s*(?:select|insert|update|delete|merge|with|create|alter|drop|begin|commit|rollback|pragma|copy|exec|declare|set|if)\b/i;

/** Keeps the database's own message but drops the SQL and bound values knex appends to it. */
export function redactError(err: unknown): { name: string; message: string; code?: string; stack?: string } {
  if (!(err instanceof Error)) return { name: 'NonError', message: String(err) };
  const cut = err.message.lastIndexOf(' - ');
  const message = KNEX_SQL_PREFIX.test(err.message) && cut >= 0 ? `[sql redacted] - ${err.message.slice(cut + 3)}` : err.message;
  const stack = err.stack?.replace(err.message, message);
  const out: { name: string; message: string; code?: string; stack?: string } = { name: err.name, message };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') out.code = code;
  if (stack) out.stack = stack;
  return out;
}
