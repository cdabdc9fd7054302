import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { AppError, ErrorDetail } from '../errors';
import { isValidDate } from '../time';

export type JsonSchema = Record<string, unknown>;

/**
 * The one ajv instance of the process. Schemas are compiled once (at route registration or
 * module load) and reused; allErrors so a client sees every problem at once.
 */
export const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: true });
addFormats(ajv);
ajv.addFormat('iso-date', { type: 'string', validate: isValidDate });

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

/** Compiles a schema once; the returned function throws validation_failed with every problem. */
export function compileValidator<T>(schema: JsonSchema, message = 'Request is invalid'): Validator<T> {
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

/** Shorthands for the schemas every domain writes. */
export const S = {
  id: { type: 'string', format: 'uuid' },
  date: { type: 'string', format: 'iso-date' },
  str: (maxLength: number, minLength = 1) => ({ type: 'string', minLength, maxLength }),
  /** Query-string integers arrive as text; one ajv instance without coercion, so check the text. */
  queryInt: { type: 'string', pattern: '^[0-9]{1,6}$' },
  object: (properties: Record<string, unknown>, required: string[] = []) => ({
    type: 'object',
    properties,
    required,
    additionalProperties: false,
  }),
};
