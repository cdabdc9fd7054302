import express from 'express';
import request from 'supertest';
import { errorHandler, requestId } from '../../src/shared/http/edge';
import { createLogger } from '../../src/shared/logger';
import { createTestUser, uniq } from '../support/factories';
import { useTestApp } from '../support/test-app';

const t = useTestApp();

const expectErrorShape = (body: unknown, code: string) => {
  expect(body).toEqual({
    error: { code, message: expect.any(String), details: expect.any(Array), requestId: expect.any(String) },
  });
};

describe('the one error shape', () => {
  test('when a route does not exist, it answers 404 not_found in the error shape', async () => {
    const res = await t.http.get('/api/does-not-exist');
    expect(res.status).toBe(404);
    expectErrorShape(res.body, 'not_found');
  });

  test('when no credentials are sent, a protected endpoint answers 401 unauthenticated', async () => {
    const res = await t.http.get('/api/accounts');
    expect(res.status).toBe(401);
    expectErrorShape(res.body, 'unauthenticated');
  });

  test('when the bearer token is unknown, it answers 401', async () => {
    const res = await t.http.get('/api/accounts').set('authorization', 'Bearer fd_not-a-real-token-at-all');
    expect(res.status).toBe(401);
    expectErrorShape(res.body, 'unauthenticated');
  });

  test('when the body is malformed JSON, it answers 400 malformed_json and creates nothing', async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    const email = `${uniq('broken')}@test.example`;
    const res = await t.http
      .post('/api/users')
      .set('authorization', admin.auth)
      .set('content-type', 'application/json')
      .send(`{"email": "${email}", "password": "long enough password", "role": "planner"`);
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 'malformed_json');
    expect(await t.deps.db('users').where({ email }).first()).toBeUndefined();
  });

  test('when the body has an unknown field, it answers 400 naming the field and creates nothing', async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    const email = `${uniq('u')}@test.example`;
    const res = await t.http
      .post('/api/users')
      .set('authorization', admin.auth)
      .send({ email, password: 'long enough password', role: 'planner', isSuperuser: true });
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 'validation_failed');
    expect(res.body.error.details).toContainEqual({ path: '/isSuperuser', message: 'is not allowed' });
    expect(await t.deps.db('users').where({ email }).first()).toBeUndefined();
  });

  test('when the body is 2 MB, it answers 413 and creates nothing', async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    const email = `${uniq('big')}@test.example`;
    const res = await t.http
      .post('/api/users')
      .set('authorization', admin.auth)
      .send({ email, password: 'long enough password', role: 'planner', name: 'x'.repeat(2 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expectErrorShape(res.body, 'payload_too_large');
    expect(await t.deps.db('users').where({ email }).first()).toBeUndefined();
  });

  test('when several fields are wrong, every problem is listed with its path', async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    const res = await t.http
      .post('/api/users')
      .set('authorization', admin.auth)
      .send({ email: 'not-an-email', password: 'short', role: 'king' });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['/email', '/password', '/role']));
  });

  test('when a query parameter is out of range, it answers 400', async () => {
    const admin = await createTestUser(t.deps.db, 'admin');
    const res = await t.http.get('/api/accounts?limit=5000').set('authorization', admin.auth);
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 'validation_failed');
  });

  test('when a database error happens, the client sees neither SQL nor bound values nor a stack', async () => {
    const lines: string[] = [];
    const logger = createLogger('error');
    const spy = jest.spyOn(logger, 'error').mockImplementation(((obj: unknown) => {
      lines.push(JSON.stringify(obj));
    }) as never);
    const app = express();
    app.use(requestId);
    app.get('/boom', async () => {
      await t.deps.db('no_such_table').where({ secret_column: 'SECRET-VALUE-42' }).first();
    });
    app.use(errorHandler(logger));
    const res = await request(app).get('/boom');
    expect(res.status).toBe(500);
    expectErrorShape(res.body, 'internal');
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/SECRET-VALUE-42|no_such_table|select|\.ts|at /i);
    // The server-side log keeps the cause but not the bound value.
    expect(lines.join('\n')).toMatch(/no_such_table|does not exist|no such table/i);
    expect(lines.join('\n')).not.toContain('SECRET-VALUE-42');
    spy.mockRestore();
  });
});

describe('the HTTP edge', () => {
  test('every response carries a request id and security headers', async () => {
    const res = await t.http.get('/health').set('x-request-id', 'client-chosen-id-123');
    expect(res.headers['x-request-id']).toBe('client-chosen-id-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  test('GET /health reports the database as reachable', async () => {
    const res = await t.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'ok', redis: 'not_configured' });
  });
});
