import { AppError } from '../errors';
import { S } from './validation';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export const pageQuerySchema = {
  limit: S.string({ pattern: '^[0-9]{1,3}$' }),
  cursor: S.string({ maxLength: 500 }),
};

export function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const n = Number(raw);
  if (n < 1 || n > MAX_LIMIT) {
    throw new AppError('validation_failed', 'Request is invalid', [
      { path: '/limit', message: `must be between 1 and ${MAX_LIMIT}` },
    ]);
  }
  return n;
}

/** Keyset cursors: opaque base64url of the last row's sort key, so pages stay stable under inserts. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): string[] | null {
  if (cursor === undefined) return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === 'string'))
      return key as string[];
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'Request is invalid', [
    { path: '/cursor', message: 'is not a cursor this server issued' },
  ]);
}

/** Fetch limit + 1 rows; the extra one only says whether there is a next page. */
export function toPage<R, T>(rows: R[], limit: number, map: (r: R) => T, keyOf: (r: R) => string[]): Page<T> {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(map),
    nextCursor: more && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
