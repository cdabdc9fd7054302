import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { AppError, ErrorDetail } from '../errors';

export type JsonSchema = Record<string, unknown>;

/**
 * The one ajv instance of the process. Schemas are compiled once (at route registration or
 * module load) and reused; allErrors so a client sees every problem at once.
 */
export const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: true });
addFormats(ajv);
ajv.addFormat('iso-date', { type: 'string', validate: isCalendarDate });

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real proleptic Gregorian date, years 0000 to 9999; arithmetic, as ERP files hold millions of dates. */
function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const year = Number(s.slice(0, 4));
  const month = Number(s.slice(5, 7));
  const day = Number(s.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

export function toDetails(errors: ErrorObject[] | null | undefined): ErrorDetail[] {
  return (errors ?? []).map((e) => {
    if (e.keyword === 'additionalProperties') {
      return { path: `${e.instancePath}/${String(e.params.additionalProperty)}`, message: 'is not allowed' };
    }
    if (e.keyword === 'required') {
      return { path: `${e.instancePath}/${String(e.params.missingProperty)}`, message: 'is required' };
    }
    return { path: e.instancePath || '/', message: e.message ?? 'is invalid' };
  });
}

export interface Validator<T> {
  (value: unknown, where?: string): T;
  schema: JsonSchema;
}

/**
 * Compiles a schema once; the returned function throws validation_failed with every problem.
 * The value's type comes from the schema when the `S` builders made it, so it is written once.
 */
export function compileValidator<T>(schema: Schema<T>, message = 'Request is invalid'): Validator<T> {
  const fn: ValidateFunction = ajv.compile(schema);
  const validate = ((value: unknown, where?: string): T => {
    if (!fn(value)) {
      const details = toDetails(fn.errors);
      const prefixed = where
        ? details.map((d) => ({ ...d, path: `${where}${d.path === '/' ? '' : d.path}` }))
        : details;
      throw new AppError('validation_failed', message, prefixed);
    }
    return value as T;
  }) as Validator<T>;
  validate.schema = schema;
  return validate;
}

/**
 * The type of the values a schema accepts rides on the schema for the compiler only (as TypeBox
 * does): the symbol is declared, never created, so the schemas stay plain JSON for ajv and OpenAPI.
 */
declare const STATIC: unique symbol;
export type Schema<T = unknown> = JsonSchema & { readonly [STATIC]?: T };
/**
 * What a schema accepts. A part written by hand rather than built with `S` carries no type and
 * reads as `any`, so schemas can move to the builders one at a time.
 */
export type Static<S> = S extends { readonly [STATIC]?: infer T } ? (unknown extends T ? any : T) : any;

type Flat<T> = { [K in keyof T]: T[K] } & {};
type ObjectOf<P, R extends keyof P> = Flat<
  { [K in R]: Static<P[K]> } & { [K in Exclude<keyof P, R>]?: Static<P[K]> }
>;
type Literal = string | number | boolean | null;
/** Keywords beside the builder's own type. */
type Keywords = Record<string, unknown> & { type?: never };

const typed = <T>(schema: JsonSchema): Schema<T> => schema;

/** Shorthands for the schemas every domain writes; each carries the type it checks. */
export const S = {
  id: typed<string>({ type: 'string', format: 'uuid' }),
  date: typed<string>({ type: 'string', format: 'iso-date' }),
  str: (maxLength: number, minLength = 1) => typed<string>({ type: 'string', minLength, maxLength }),
  /** Query-string integers arrive as text; one ajv instance without coercion, so check the text. */
  queryInt: typed<string>({ type: 'string', pattern: '^[0-9]{1,6}$' }),
  string: (keywords: Keywords) => typed<string>({ type: 'string', ...keywords }),
  number: (keywords: Keywords = {}) => typed<number>({ type: 'number', ...keywords }),
  integer: (keywords: Keywords = {}) => typed<number>({ type: 'integer', ...keywords }),
  boolean: typed<boolean>({ type: 'boolean' }),
  enum: <const V extends readonly Literal[]>(values: V) => typed<V[number]>({ enum: [...values] }),
  /** The same schema, also accepting null: `type: 'string'` becomes `type: ['string', 'null']`. */
  nullable: <T>(schema: Schema<T>) => typed<T | null>({ ...schema, type: [schema.type, 'null'] }),
  array: <T>(items: Schema<T>, keywords: Keywords = {}) => typed<T[]>({ type: 'array', ...keywords, items }),
  object: <P extends Record<string, Schema>, R extends keyof P & string = never>(
    properties: P,
    required: readonly R[] = [],
  ) =>
    typed<ObjectOf<P, R>>({
      type: 'object',
      properties,
      required,
      additionalProperties: false,
    }),
};
