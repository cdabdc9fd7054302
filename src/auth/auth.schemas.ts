import { ROLES } from '../shared/http/actor';
import { pageQuerySchema } from '../shared/http/pagination';
import { S } from '../shared/http/validation';

export const credentialsSchema = S.object(
  {
    email: { type: 'string', minLength: 3, maxLength: 254 },
    password: { type: 'string', minLength: 1, maxLength: 200 },
  },
  ['email', 'password'],
);
export interface CredentialsBody {
  email: string;
  password: string;
}

export const publicUserSchema = S.object({
  id: S.id,
  email: { type: 'string' },
  name: { type: ['string', 'null'] },
  role: { enum: [...ROLES] },
  accountId: { type: ['string', 'null'] },
});

export const tokenResponseSchema = S.object({
  token: { type: 'string' },
  expiresAt: { type: 'string' },
  user: publicUserSchema,
});

export const newUserSchema = S.object(
  {
    email: { type: 'string', format: 'email', maxLength: 254 },
    password: { type: 'string', minLength: 10, maxLength: 200 },
    role: { enum: [...ROLES] },
    accountId: S.id,
    name: S.str(200),
  },
  ['email', 'password', 'role'],
);

export const listUsersQuery = S.object({ ...pageQuerySchema });
