import type { Actor } from './actor';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Request id: the caller's X-Request-Id when sane, else a new UUID; in every log line and error body. */
      id: string;
      actor?: Actor | null;
      /** The raw session token when the request came with a session cookie (for CSRF and logout). */
      sessionToken?: string;
    }
  }
}

export {};
