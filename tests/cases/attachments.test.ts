import fs from 'node:fs';
import { MAX_ATTACHMENT_BYTES } from '../../src/cases';
import { createCustomer, type TestUser } from '../support/factories';
import { useTestApp } from '../support/test-app';

const t = useTestApp();
const service = t.user('service');

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000dIHDR-rest-of-a-photo'),
]);
const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');

async function openCase(user: TestUser, accountId: string): Promise<string> {
  const res = await t.http
    .post('/api/cases')
    .set('authorization', user.auth)
    .send({ accountId, type: 'complaint', subject: 'Cracked housing', description: 'See photo.' });
  expect(res.status).toBe(201);
  return res.body.id;
}

const upload = (user: TestUser, caseId: string, type: string, data: Buffer, query = 'fileName=photo.png') =>
  t.http
    .post(`/api/cases/${caseId}/attachments?${query}`)
    .set('authorization', user.auth)
    .set('content-type', type)
    .send(data);

const storedFiles = () =>
  fs.existsSync(t.deps.config.casesAttachmentDir) ? fs.readdirSync(t.deps.config.casesAttachmentDir) : [];

describe('case attachments', () => {
  test("a customer's photo is stored under a generated name and served only as a download", async () => {
    const customer = await createCustomer(t.deps.db);
    const caseId = await openCase(customer, customer.accountId!);
    const res = await upload(
      customer,
      caseId,
      'image/png',
      PNG,
      `fileName=${encodeURIComponent('../../etc/"evil".png')}`,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      fileName: 'evil.png',
      contentType: 'image/png',
      sizeBytes: PNG.length,
      internal: false,
    });
    expect(storedFiles()).not.toContain('evil.png');

    const got = await t.http
      .get(`/api/cases/${caseId}/attachments/${res.body.id}`)
      .set('authorization', service.auth)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(got.status).toBe(200);
    expect(Buffer.compare(got.body, PNG)).toBe(0);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['content-disposition']).toMatch(/^attachment; filename="evil\.png"/);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-security-policy']).toContain('sandbox');

    const timeline = (await t.http.get(`/api/cases/${caseId}`).set('authorization', customer.auth)).body
      .timeline;
    expect(timeline).toContainEqual(
      expect.objectContaining({ kind: 'attachment', to: res.body.id, detail: 'evil.png' }),
    );
  });

  test('an uploaded HTML file is never stored, so never served as HTML: as text/html, as a PNG, or as a PDF', async () => {
    const customer = await createCustomer(t.deps.db);
    const caseId = await openCase(customer, customer.accountId!);
    const before = storedFiles().length;
    for (const type of [
      'text/html',
      'image/png',
      'application/pdf',
      'image/svg+xml',
      'application/octet-stream',
    ]) {
      const res = await upload(customer, caseId, type, HTML, 'fileName=page.html');
      expect([type, res.status, res.body.error?.code]).toEqual([type, 415, 'unsupported_media_type']);
    }
    expect(storedFiles()).toHaveLength(before);
    const list = await t.http.get(`/api/cases/${caseId}/attachments`).set('authorization', customer.auth);
    expect(list.body.items).toEqual([]);
  });

  test('a file over the size limit is refused and nothing is stored', async () => {
    const customer = await createCustomer(t.deps.db);
    const caseId = await openCase(customer, customer.accountId!);
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_ATTACHMENT_BYTES)]);
    const res = await upload(customer, caseId, 'image/png', big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    const list = await t.http.get(`/api/cases/${caseId}/attachments`).set('authorization', customer.auth);
    expect(list.body.items).toEqual([]);
  });

  test("another account's case and a staff-internal file answer 404 to a customer", async () => {
    const customer = await createCustomer(t.deps.db);
    const other = await createCustomer(t.deps.db);
    const caseId = await openCase(customer, customer.accountId!);
    const internal = await upload(service, caseId, 'image/png', PNG, 'fileName=lab.png&internal=true');
    expect(internal.status).toBe(201);
    expect(
      (
        await t.http
          .get(`/api/cases/${caseId}/attachments/${internal.body.id}`)
          .set('authorization', customer.auth)
      ).status,
    ).toBe(404);
    expect((await upload(other, caseId, 'image/png', PNG)).status).toBe(404);
    expect((await upload(customer, caseId, 'image/png', PNG, 'fileName=x.png&internal=true')).status).toBe(
      403,
    );
    const staffList = await t.http.get(`/api/cases/${caseId}/attachments`).set('authorization', service.auth);
    expect(staffList.body.items).toHaveLength(1);
  });
});
