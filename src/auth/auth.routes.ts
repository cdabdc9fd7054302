import type { Deps } from '../deps';
import { pageOf } from '../shared/http/openapi-helpers';
import { AnyRoute, defineRoute } from '../shared/http/route';
import {
  credentialsSchema,
  listUsersQuery,
  managedUserSchema,
  newUserSchema,
  passwordResetSchema,
  publicUserSchema,
  tokenResponseSchema,
  userChangeSchema,
  userIdParams,
} from './auth.schemas';
import { issueToken, revoke } from './auth.service';
import { csrfTokenFor } from './tokens';
import { changeUser, getUser, resetPassword } from './user-admin.service';
import { createUser, listUsers } from './users.service';

export function authRoutes({ db, config }: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/auth/token',
      tag: 'Auth',
      summary: 'Exchange e-mail and password for a bearer token (rate-limited per account and address)',
      access: 'public',
      body: credentialsSchema,
      responses: { 200: { description: 'A token and the user', schema: tokenResponseSchema } },
      handler: async ({ body, req }) => ({
        status: 200,
        headers: { 'Cache-Control': 'no-store' },
        body: await issueToken(db, config, { ...body, ip: req.ip ?? 'unknown' }),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/auth/token',
      tag: 'Auth',
      summary: 'Revoke the bearer token this request carries',
      access: 'any',
      responses: { 204: { description: 'Revoked' } },
      handler: async ({ req }) => {
        const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? req.sessionToken;
        if (token) await revoke(db, token);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/me',
      tag: 'Auth',
      summary: 'Who am I (and, for a cookie session, the CSRF token to send with unsafe requests)',
      access: 'any',
      responses: { 200: { description: 'The signed-in user' } },
      handler: async ({ actor, req }) => ({
        status: 200,
        body: {
          id: actor!.userId,
          email: actor!.email,
          role: actor!.role,
          accountId: actor!.accountId,
          ...(req.sessionToken && { csrfToken: csrfTokenFor(req.sessionToken) }),
        },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/users',
      tag: 'Users',
      summary: 'Create a user (a customer user needs accountId and sees only that account)',
      access: ['admin'],
      body: newUserSchema,
      responses: { 201: { description: 'The user', schema: publicUserSchema } },
      handler: async ({ actor, body, req }) => ({
        status: 201,
        body: await createUser(db, actor, body, req.id),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/users',
      tag: 'Users',
      summary: 'List users',
      access: ['admin'],
      query: listUsersQuery,
      responses: { 200: { description: 'A page of users', schema: pageOf(managedUserSchema) } },
      handler: async ({ query }) => ({ status: 200, body: await listUsers(db, query) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/users/:id',
      tag: 'Users',
      summary: 'A user, with whether they may sign in',
      access: ['admin'],
      params: userIdParams,
      responses: { 200: { description: 'The user', schema: managedUserSchema } },
      handler: async ({ params }) => ({ status: 200, body: await getUser(db, params.id) }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/users/:id',
      tag: 'Users',
      summary:
        "Change a staff user's role, or deactivate (active: false) or reactivate a user. Deactivating revokes the user's tokens and sessions at once; an admin cannot change their own role or deactivate themselves (422)",
      access: ['admin'],
      params: userIdParams,
      body: userChangeSchema,
      responses: { 200: { description: 'The user as changed', schema: managedUserSchema } },
      handler: async ({ actor, params, body, req }) => ({
        status: 200,
        body: await changeUser(db, actor!, params.id, body, req.id),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/users/:id/password',
      tag: 'Users',
      summary: "Set a user's password (at least 10 characters); the user's tokens and sessions are revoked",
      access: ['admin'],
      params: userIdParams,
      body: passwordResetSchema,
      responses: { 204: { description: 'Set' } },
      handler: async ({ actor, params, body, req }) => {
        await resetPassword(db, actor!, params.id, body, req.id);
        return { status: 204 };
      },
    }),
  ];
}
