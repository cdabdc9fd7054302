import type { Deps } from '../deps';
import { type AnyRoute, defineRoute } from '../shared/http/route';
import { S } from '../shared/http/validation';
import { ATTACHMENT_TYPE_NAMES, contentDisposition, MAX_ATTACHMENT_BYTES } from './attachment-types';
import { attachFile, listAttachments, openAttachment } from './case-attachments.service';
import { type IdParams, idParams } from './cases.schemas';

const WHO = ['admin', 'account_manager', 'service', 'customer'] as const;
const TAG = 'Service cases';

const attachmentSchema = S.object({
  id: S.id,
  fileName: { type: 'string' },
  contentType: { enum: ATTACHMENT_TYPE_NAMES },
  sizeBytes: { type: 'integer' },
  internal: { type: 'boolean' },
  uploadedAt: { type: 'string', format: 'date-time' },
});
const uploadQuery = S.object({ fileName: S.str(200), internal: { enum: ['true', 'false'] } }, ['fileName']);
const fileParams = S.object({ id: S.id, attachmentId: S.id }, ['id', 'attachmentId']);

/** Photos and PDFs on a case: uploaded as the raw body, served only as downloads. */
export function attachmentRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute<unknown, { fileName: string; internal?: 'true' | 'false' }, IdParams>({
      method: 'post',
      path: '/api/cases/:id/attachments',
      tag: TAG,
      summary: `Attach a photo or PDF: the file is the body, its Content-Type one of ${ATTACHMENT_TYPE_NAMES.join(', ')} (checked against its bytes), at most ${MAX_ATTACHMENT_BYTES / 2 ** 20} MB`,
      access: WHO,
      params: idParams,
      query: uploadQuery,
      responses: {
        201: { description: 'The attachment', schema: attachmentSchema },
        413: { description: 'Larger than the limit' },
        415: { description: 'Not an allowed type, or its bytes are not of the type declared' },
      },
      handler: async ({ actor, params, query, req }) => ({
        status: 201,
        body: await attachFile(
          deps,
          actor!,
          params.id,
          {
            fileName: query.fileName,
            contentType: req.get('content-type') ?? '',
            internal: query.internal === 'true',
          },
          req.body,
        ),
      }),
    }),
    defineRoute<unknown, Record<string, never>, IdParams>({
      method: 'get',
      path: '/api/cases/:id/attachments',
      tag: TAG,
      summary: "The case's attachments (customers never see internal ones)",
      access: WHO,
      params: idParams,
      responses: {
        200: {
          description: 'Attachments',
          schema: S.object({ items: { type: 'array', items: attachmentSchema } }),
        },
      },
      handler: async ({ actor, params }) => ({
        status: 200,
        body: { items: await listAttachments(deps, actor!, params.id) },
      }),
    }),
    defineRoute<unknown, Record<string, never>, { id: string; attachmentId: string }>({
      method: 'get',
      path: '/api/cases/:id/attachments/:attachmentId',
      tag: TAG,
      summary:
        'Download an attachment: always as a download (Content-Disposition attachment, nosniff, sandboxed)',
      access: WHO,
      params: fileParams,
      responses: { 200: { description: 'The file', contentType: 'application/octet-stream' } },
      handler: async ({ actor, params, res }) => {
        const { view, file } = await openAttachment(deps, actor!, params.id, params.attachmentId);
        // The stored type is one of the allow-list; the headers make sure no browser renders it in our origin.
        res.setHeader('Content-Type', view.contentType);
        res.setHeader('Content-Disposition', contentDisposition(view.fileName));
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
        res.sendFile(file, { dotfiles: 'deny', headers: { 'Content-Type': view.contentType } });
      },
    }),
  ];
}
