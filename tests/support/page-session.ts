import request from 'supertest';
import type { Express } from 'express';
import { TEST_PASSWORD, TestUser } from './factories';

const CSRF = /name="_csrf" value="([^"]+)"/;

/** The form token of a page's HTML (every form of one session carries the same one). */
export function csrfOf(html: string): string {
  const m = CSRF.exec(html);
  if (!m) throw new Error('the page has no form token');
  return m[1]!;
}

/**
 * A signed-in agent for page tests without a browser (the session cookie the login form sets),
 * and `post`, which opens `page` for its form token and posts the fields as a browser form would.
 */
export async function pageSession(app: Express, user: TestUser) {
  const agent = request.agent(app);
  const login = await agent.get('/login');
  const signedIn = await agent
    .post('/login')
    .type('form')
    .send({ email: user.email, password: TEST_PASSWORD, _csrf: csrfOf(login.text) });
  if (signedIn.status !== 303) throw new Error(`sign-in failed: ${signedIn.status}`);
  const post = async (page: string, action: string, fields: Record<string, string>) => {
    const csrf = csrfOf((await agent.get(page)).text);
    return agent
      .post(action)
      .type('form')
      .send({ ...fields, _csrf: csrf });
  };
  return { agent, post };
}
