import { apiRoutes } from '../../src/app';
import { useTestApp } from '../support/test-app';

const t = useTestApp();

/** Every object in a request schema must refuse unknown fields. */
function openObjects(schema: unknown, path = ''): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as Record<string, unknown>;
  const own = s.type === 'object' && s.additionalProperties !== false ? [path || '/'] : [];
  const nested = Object.entries(s).flatMap(([k, v]) =>
    k === 'properties' && v && typeof v === 'object'
      ? Object.entries(v as Record<string, unknown>).flatMap(([p, sub]) => openObjects(sub, `${path}/${p}`))
      : k === 'items'
        ? openObjects(v, `${path}/*`)
        : [],
  );
  return [...own, ...nested];
}

describe('GET /api/openapi.json', () => {
  test('lists every API endpoint with its method, from the same routes the server mounts', async () => {
    const res = await t.http.get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const r of apiRoutes(t.deps)) {
      const path = r.path.replace(/:([A-Za-z_]+)/g, '{$1}');
      expect(res.body.paths[path]?.[r.method]).toBeDefined();
    }
    expect(
      res.body.paths['/api/auth/token'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(['email', 'password']);
  });

  test('every request body, query and params schema refuses unknown fields', () => {
    const open = apiRoutes(t.deps).flatMap((r) =>
      [r.body, r.query, r.params].flatMap((s) =>
        s ? openObjects(s).map((p) => `${r.method} ${r.path} ${p}`) : [],
      ),
    );
    expect(open).toEqual([]);
  });
});
