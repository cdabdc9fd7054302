import type { AnyRoute } from './route';
import type { JsonSchema } from './validation';

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
        requestId: { type: 'string' },
      },
    },
  },
};

/** ajv's own formats are not OpenAPI's; keep the document readable by standard tools. */
function forOpenApi(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(forOpenApi);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    // Our own keyword: an extension plus words, not multipleOf (client validators divide in floating point too).
    if (k === 'maxDecimals') {
      out['x-maxDecimals'] = v;
      const said = (schema as { description?: unknown }).description;
      out.description = `${typeof said === 'string' ? `${said} ` : ''}At most ${String(v)} decimals.`;
    } else if (k !== 'description' || !('maxDecimals' in schema))
      out[k] = k === 'format' && v === 'iso-date' ? 'date' : forOpenApi(v);
  }
  return out;
}

function parametersOf(schema: JsonSchema | undefined, where: 'path' | 'query'): unknown[] {
  const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema?.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: forOpenApi(s),
  }));
}

/** Generated from the very schemas ajv checks, so the document cannot drift from the server. */
export function buildOpenApi(routes: AnyRoute[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const responses: Record<string, unknown> = {};
    for (const [status, doc] of Object.entries(r.responses)) {
      responses[status] =
        doc.schema || doc.contentType
          ? {
              description: doc.description,
              content: {
                [doc.contentType ?? 'application/json']: {
                  schema: forOpenApi(doc.schema ?? { type: 'string' }),
                },
              },
            }
          : { description: doc.description };
    }
    responses.default = {
      description: 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
    const op: Record<string, unknown> = {
      operationId: `${r.method}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      summary: r.summary,
      tags: [r.tag],
      parameters: [...parametersOf(r.params, 'path'), ...parametersOf(r.query, 'query')],
      responses,
      security: r.access === 'public' ? [] : [{ bearerAuth: [] }, { sessionCookie: [] }],
    };
    if (Array.isArray(r.access)) op['x-roles'] = r.access;
    if (r.body)
      op.requestBody = { required: true, content: { 'application/json': { schema: forOpenApi(r.body) } } };
    (paths[path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'FactoryDesk API',
      version,
      description:
        'Order-centric CRM for B2B manufacturers. Errors always have the shape of components.schemas.Error.',
    },
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'Token from POST /api/auth/token' },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'fd_session',
          description: 'Web session; unsafe methods also need X-CSRF-Token',
        },
      },
    },
  };
}
