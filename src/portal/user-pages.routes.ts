import { type Request, Router } from 'express';
import { listAccounts } from '../accounts';
import {
  changeUser,
  createUser,
  getUser,
  listUsers,
  type ManagedUser,
  type NewUser,
  newUserSchema,
  passwordResetSchema,
  resetPassword,
  userChangeSchema,
} from '../auth';
import type { Deps } from '../deps';
import { AppError } from '../shared/errors';
import { ROLES, type Role } from '../shared/http/actor';
import { compileValidator } from '../shared/http/validation';
import { fieldsOf, text } from './form-fields';
import { idParam, nextPageUrl, type PageContext, type PageKit, queryText } from './page-support';

const ADMINS: readonly Role[] = ['admin'];
const STAFF_ROLES = ROLES.filter((r) => r !== 'customer');

/** The forms go through the API's own schemas, so a page and a client are refused alike. */
const checkNewUser = compileValidator<NewUser>(newUserSchema, 'The user is not valid');
const checkChange = compileValidator<{ role?: Role; active?: boolean }>(
  userChangeSchema,
  'The change is not valid',
);
const checkPassword = compileValidator<{ password: string }>(
  passwordResetSchema,
  'The password is not valid',
);

const roleText = (r: string) => r.replace('_', ' ');
const roleOptions = (roles: readonly Role[], selected?: string) =>
  roles.map((r) => ({ value: r, label: roleText(r), selected: r === selected }));

const userRow = (u: ManagedUser) => ({
  ...u,
  roleText: roleText(u.role),
  createdText: u.createdAt.slice(0, 10),
});

/** A customer user is bound by the account's ERP id, the number people know it by. */
async function accountIdFor(db: Deps['db'], c: PageContext, erpId: string): Promise<string> {
  const found = await listAccounts(db, c.actor, { erpCustomerId: erpId.slice(0, 40) });
  const id = found.items[0]?.id;
  if (!id)
    throw new AppError('business_rule', 'The user is not valid', [
      { path: '/accountErpId', message: `no account has ERP id ${erpId.slice(0, 40)}` },
    ]);
  return id;
}

/**
 * The admin's user management (/users): the list with a form to add a user, and a user's page
 * to change the role, deactivate or reactivate, and set a new password. Each form calls the same
 * use case as /api/users, which revokes a deactivated user's sessions at once.
 */
export function userPageRoutes(deps: Deps, { view, action }: Pick<PageKit, 'view' | 'action'>): Router {
  const { db } = deps;
  const router = Router();
  const userUrl = (req: Request) => `/users/${idParam(req)}`;

  router.get(
    '/users',
    view(ADMINS, async (c) => {
      const cursor = queryText(c.req, 'cursor');
      const page = await listUsers(db, { limit: '100', ...(cursor && { cursor }) });
      c.render('users', 'Users', {
        users: page.items.map(userRow),
        next: nextPageUrl('/users', undefined, page.nextCursor),
        roles: roleOptions(ROLES, 'account_manager'),
      });
    }),
  );

  router.post(
    '/users',
    ...action(
      ADMINS,
      () => '/users',
      async (c) => {
        const f = fieldsOf(c.req);
        const erpId = text(f, 'accountErpId');
        const accountId = erpId ? await accountIdFor(db, c, erpId) : undefined;
        const [email, password, role, name] = ['email', 'password', 'role', 'name'].map((k) => text(f, k));
        const input = checkNewUser({
          email: email ?? '',
          password: password ?? '',
          role: role ?? '',
          ...(name && { name }),
          ...(accountId && { accountId }),
        });
        const user = await createUser(db, c.actor, input, c.req.id);
        return {
          to: `/users/${user.id}`,
          message: `${user.email} can sign in now as ${roleText(user.role)}`,
        };
      },
    ),
  );

  router.get(
    '/users/:id',
    view(ADMINS, async (c) => {
      const user = await getUser(db, idParam(c.req));
      const self = user.id === c.actor.userId;
      c.render('user', user.email, {
        person: userRow(user),
        self,
        // A customer user stays a customer (bound to an account); staff change among staff roles.
        roles: user.role === 'customer' ? [] : roleOptions(STAFF_ROLES, user.role),
      });
    }),
  );

  router.post(
    '/users/:id/role',
    ...action(ADMINS, userUrl, async (c) => {
      const change = checkChange({ role: text(fieldsOf(c.req), 'role') ?? '' });
      const user = await changeUser(db, c.actor, idParam(c.req), change, c.req.id);
      return { message: `${user.email} is ${roleText(user.role)} now` };
    }),
  );

  router.post(
    '/users/:id/active',
    ...action(ADMINS, userUrl, async (c) => {
      const active = text(fieldsOf(c.req), 'active') === 'true';
      const user = await changeUser(db, c.actor, idParam(c.req), checkChange({ active }), c.req.id);
      return {
        message: active
          ? `${user.email} may sign in again`
          : `${user.email} is deactivated; their sessions and tokens stopped working`,
      };
    }),
  );

  router.post(
    '/users/:id/password',
    ...action(ADMINS, userUrl, async (c) => {
      const body = checkPassword({ password: text(fieldsOf(c.req), 'password') ?? '' });
      const id = idParam(c.req);
      await resetPassword(db, c.actor, id, body, c.req.id);
      const user = await getUser(db, id);
      return { message: `New password set for ${user.email}; their sessions and tokens were ended` };
    }),
  );

  return router;
}
