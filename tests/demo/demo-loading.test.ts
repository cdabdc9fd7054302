import request from 'supertest';
import { DemoLoadingGate } from '../../src/demo';

/** The app behind the gate: answers every request with its path, so a test sees what got through. */
const app = (req: { url?: string }, res: { end(s: string): void }) => res.end(`app ${req.url}`);

describe('the demo start while its history loads', () => {
  test('the sign-in page answers at once and says the history is still loading, with the progress', async () => {
    const gate = new DemoLoadingGate();
    gate.report('simulated up to 2026-08-31');
    const res = await request(gate.wrap(app as never)).get('/login');
    expect(res.status).toBe(200);
    expect(res.text).toContain('The demo history is still loading');
    expect(res.text).toContain('simulated up to 2026-08-31');
    expect(res.text).toContain('<meta http-equiv="refresh" content="5">');
  });

  test('other pages and a sign-in attempt are refused 503 with the same page; the app sees none of them', async () => {
    const gate = new DemoLoadingGate();
    const http = request(gate.wrap(app as never));
    for (const res of [await http.get('/orders'), await http.post('/login').type('form').send('email=a')]) {
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.text).toContain('The demo history is still loading');
    }
  });

  test('the API answers 503 service_unavailable in the one error shape', async () => {
    const gate = new DemoLoadingGate();
    const res = await request(gate.wrap(app as never))
      .post('/api/auth/token')
      .send({ email: 'a@b.c' });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      error: {
        code: 'service_unavailable',
        message: expect.stringContaining('still loading'),
        details: [],
        requestId: expect.any(String),
      },
    });
  });

  test('the stylesheet is served while loading, and once open every request reaches the app', async () => {
    const gate = new DemoLoadingGate();
    const http = request(gate.wrap(app as never));
    expect((await http.get('/assets/app.css')).text).toBe('app /assets/app.css');
    gate.open();
    expect(gate.isLoading).toBe(false);
    expect((await http.get('/login')).text).toBe('app /login');
    expect((await http.get('/api/orders')).text).toBe('app /api/orders');
  });
});
