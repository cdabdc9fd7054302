import { ROLES } from '../shared/http/actor';
import { pageQuerySchema } from '../shared/http/pagination';
import { S, Static } from '../shared/http/validation';

export const credentialsSchema = S.object(
  {
    email: S.str(254, 3),
    password: S.str(200, 1),
  },
  ['email', 'password'],
);
export type CredentialsBody = Static<typeof credentialsSchema>;

const publicUserFields = {
  id: S.id,
  email: { type: 'string' },
  name: { type: ['string', 'null'] },
  role: { enum: [...ROLES] },
  accountId: { type: ['string', 'null'] },
};

export const publicUserSchema = S.object(publicUserFields);

export const tokenResponseSchema = S.object({
  token: { type: 'string' },
  expiresAt: { type: 'string' },
  user: publicUserSchema,
});

export const newUserSchema = S.object(
  {
    email: S.string({ format: 'email', maxLength: 254 }),
    password: S.str(200, 10),
    role: S.enum(ROLES),
    accountId: S.id,
    name: S.str(200),
  },
  ['email', 'password', 'role'],
);
export type NewUser = Static<typeof newUserSchema>;

export const listUsersQuery = S.object({ ...pageQuerySchema });

/** A user as the admin's list and user page see it: who, and whether they may still sign in. */
export const managedUserSchema = S.object({
  ...publicUserFields,
  active: { type: 'boolean' },
  createdAt: { type: 'string' },
});

export const userIdParams = S.object({ id: S.id }, ['id']);

/** PATCH /api/users/:id: a staff user's role, or whether the user may sign in. */
export const userChangeSchema = {
  ...S.object({ role: S.enum(ROLES), active: S.boolean }),
  minProperties: 1,
};
export type UserChangeBody = Static<typeof userChangeSchema>;

export const passwordResetSchema = S.object({ password: S.str(200, 10) }, ['password']);
export type PasswordResetBody = Static<typeof passwordResetSchema>;
