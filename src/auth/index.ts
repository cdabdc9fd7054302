export { authRoutes } from './auth.routes';
export { actorResolver, checkCsrf } from './auth.http';
export { startSession, revoke, createToken } from './auth.service';
export { createUser, ensureFirstAdmin } from './users.service';
export { csrfTokenFor } from './tokens';
export { countUsers } from './auth.repository';
export { forgetUser } from './token-cache';
export { safeEqual } from './tokens';
