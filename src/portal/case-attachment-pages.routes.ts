import { Router } from 'express';
import { attachFile, MAX_ATTACHMENT_BYTES } from '../cases';
import type { Deps } from '../deps';
import { AppError } from '../shared/errors';
import type { Role } from '../shared/http/actor';
import { fieldsOf, text } from './form-fields';
import { idParam, type PageKit } from './page-support';
import { uploadedFile, uploadForm } from './upload-form';

const WITH_CUSTOMERS: readonly Role[] = ['admin', 'account_manager', 'service', 'customer'];

/**
 * The declared type a browser would send for the file's name. The cases service still checks the
 * file's first bytes against it, so a page renamed to photo.png is refused, never stored.
 */
const TYPE_OF_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  pdf: 'application/pdf',
};

/**
 * "Attach a photo or PDF" on the case page: the form posts multipart, and this runs POST
 * /api/cases/:id/attachments's use case on the file (limits, type check, storage, 404 for
 * another account's case). Staff may mark a file internal; customers never see those.
 */
export function caseAttachmentPageRoutes(deps: Deps, { action }: Pick<PageKit, 'action'>): Router {
  const router = Router();
  router.post(
    '/cases/:id/attachments',
    // One byte over the limit reaches the service, which answers with its own words.
    ...uploadForm(`${MAX_ATTACHMENT_BYTES + 64 * 1024}b`),
    ...action(
      WITH_CUSTOMERS,
      (req) => `/cases/${req.params.id}`,
      async (c) => {
        const file = uploadedFile(c.req, 'file');
        if (!file)
          throw new AppError('validation_failed', 'Choose a photo or PDF to attach', [
            { path: '/file', message: 'is missing' },
          ]);
        const ext = /\.([a-z0-9]+)$/i.exec(file.filename)?.[1]?.toLowerCase() ?? '';
        const internal = c.actor.role !== 'customer' && text(fieldsOf(c.req), 'internal') === 'on';
        const stored = await attachFile(
          deps,
          c.actor,
          idParam(c.req),
          {
            fileName: file.filename,
            contentType: TYPE_OF_EXTENSION[ext] ?? 'application/octet-stream',
            internal,
          },
          file.data,
        );
        return { message: `${stored.fileName} is attached${internal ? ' (internal)' : ''}` };
      },
    ),
  );
  return router;
}
