import type { Request } from 'express';
import { AppError, ErrorDetail } from '../shared/errors';

/*
 * HTML forms send flat text fields (`lines.0.quantity`); these read them, so the form modules can
 * turn them into the same inputs the JSON API takes and check them against the same schemas.
 */

export type Fields = Record<string, unknown>;

export const fieldsOf = (req: Request): Fields =>
  req.body && typeof req.body === 'object' ? (req.body as Fields) : {};

/** A trimmed text field, or undefined when blank or sent twice. */
export function text(f: Fields, key: string): string | undefined {
  const v = f[key];
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

/** A decimal as people type it ("1250.5", "12,50"); what is not a number is reported, not guessed. */
export function decimal(f: Fields, key: string, path: string, problems: ErrorDetail[]): number | undefined {
  const t = text(f, key);
  if (t === undefined) return undefined;
  const normal = t.replace(/\s/g, '').replace(',', '.');
  if (!/^\d{1,13}(\.\d{1,6})?$/.test(normal)) {
    problems.push({ path, message: `"${t.slice(0, 30)}" is not a number` });
    return undefined;
  }
  return Number(normal);
}

export function fail(problems: ErrorDetail[], message: string): void {
  if (problems.length) throw new AppError('validation_failed', message, problems);
}
