import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { AppError, ErrorDetail } from '../errors';
import { isValidDate } from '../time';

export type JsonSchema = Record<string, unknown>;

/**
 * The one ajv instance of the process. Schemas are compiled once (at route registration or
 * module load) and reused; allErrors so a client sees every problem at once.
 */
export const ajv = new Ajv({
  allErrors: true,
  strict: true,
  useDefaults: true,
  // maxLength counts UTF-16 units, as SQL Server's nvarchar(n) does: an emoji is two of its n.
  unicode: false,
  // ajv still honours `unicode: false` but warns on stdout that the option is deprecated, at every
  // start of every process (a child process's first line of output among them); that one is dropped.
  logger: {
    log: (...args: unknown[]) => console.log(...args),
    warn: (...args: unknown[]) => {
      if (!String(args[0]).startsWith('DEPRECATED: option unicode')) console.warn(...args);
    },
    error: (...args: unknown[]) => console.error(...args),
  },
});
addFormats(ajv);
ajv.addFormat('iso-date', { type: 'string', validate: isValidDate });
ajv.addKeyword({
  keyword: 'maxDecimals',
  type: 'number',
  schemaType: 'number',
  // ajv's multipleOf divides in binary floating point, where 0.7 / 0.001 is not a whole number.
  validate: (max: number, n: number) => decimalPlaces(n) <= max,
  error: { message: (cxt) => `must have at most ${String(cxt.schema)} decimals` },
});

/**
 * Decimal places of a number as its shortest round-trip text writes it (what the client sent,
 * for any number JSON can carry exactly): 2.675 has 3, 1e-7 has 7, 1.5e3 has none.
 */
export function decimalPlaces(n: number): number {
  const m = /^-?\d+(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(n));
  if (!m) return Number.POSITIVE_INFINITY;
  return Math.max(0, (m[1]?.length ?? 0) - Number(m[2] ?? 0));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text cannot be stored as it is, or null: PostgreSQL refuses NUL, and no database keeps half a surrogate pair. */
export function unstorableText(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(s)) return 'must be valid Unicode text (it holds half of a surrogate pair)';
  return null;
}

/** Every string of a value (keys too), wherever it is nested: checked once here for every body, query and path. */
function unstorableTexts(value: unknown, path: string, out: ErrorDetail[]): ErrorDetail[] {
  if (typeof value === 'string') {
    const why = unstorableText(value);
    if (why) out.push({ path: path || '/', message: why });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unstorableTexts(v, `${path}/${i}`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const why = unstorableText(k);
      if (why)
        out.push({
          path: `${path}/${k.replace(/[^\x20-\x7e]/g, '?')}`,
          message: `names a field that ${why}`,
        });
      unstorableTexts(v, `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
    }
  }
  return out;
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
    const badText = unstorableTexts(value, '', []);
    if (!fn(value) || badText.length > 0) {
      const details = [...badText, ...(fn.errors ? toDetails(fn.errors) : [])];
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
