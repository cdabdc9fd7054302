import type { Request } from 'express';
import { actorResolver, forgetUser } from '../../src/auth';
import { createTestUser } from '../support/factories';
import { useTestApp } from '../support/test-app';

const t = useTestApp();

describe('bearer tokens under concurrent requests', () => {
  test('look-ups of one token that all miss the memory share one read of the database, and all find its user', async () => {
    const user = await createTestUser(t.deps.db, 'planner');
    forgetUser(user.id);
    const client = t.deps.db.client as { acquireConnection: () => Promise<unknown> };
    const acquire = client.acquireConnection;
    let acquired = 0;
    client.acquireConnection = function (this: unknown) {
      acquired++;
      return acquire.call(this);
    };
    try {
      // Twenty requests whose actor is resolved at once, as a busy server does between two reads.
      const resolve = actorResolver(t.deps.db);
      const request = () =>
        ({ get: (name: string) => (name === 'authorization' ? user.auth : undefined) }) as Request;
      const actors = await Promise.all(Array.from({ length: 20 }, () => resolve(request())));
      expect(actors.map((a) => a?.userId)).toEqual(Array(20).fill(user.id));
    } finally {
      client.acquireConnection = acquire;
    }
    // One read of the token (and at most one write marking it used), not one per request.
    expect(acquired).toBeLessThanOrEqual(2);
  });

  test('a token revoked while others are in flight is refused from then on', async () => {
    const user = await createTestUser(t.deps.db, 'planner');
    const [, revoked] = await Promise.all([
      t.http.get('/api/me').set('authorization', user.auth),
      t.http.delete('/api/auth/token').set('authorization', user.auth),
    ]);
    expect(revoked.status).toBe(204);
    const after = await Promise.all(
      Array.from({ length: 5 }, () => t.http.get('/api/me').set('authorization', user.auth)),
    );
    expect(after.map((a) => a.status)).toEqual(Array(5).fill(401));
  });
});
