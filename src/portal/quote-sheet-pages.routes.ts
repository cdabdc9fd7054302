import { Router } from 'express';
import type { Deps } from '../deps';
import { importQuoteLines } from '../quotes';
import { AppError } from '../shared/errors';
import { fieldsOf, text } from './form-fields';
import { idParam, PageKit, STAFF } from './page-support';
import { uploadedFile, uploadForm } from './upload-form';

// The API's limit for the same upload (app.ts: express.raw for the xlsx body).
const UPLOAD_LIMIT = '10mb';

/**
 * Quote lines from a spreadsheet, in the pages: the quote page's upload form posts the .xlsx as
 * multipart and this runs POST /api/quotes/:id/import-lines's use case on it. The export is the
 * API's own GET /api/quote-lines.xlsx, linked from the quote pages (the session cookie signs it in).
 */
export function quoteSheetPageRoutes(deps: Deps, { action }: Pick<PageKit, 'action'>): Router {
  const router = Router();
  const quoteUrl = (req: Parameters<typeof idParam>[0]) => `/quotes/${idParam(req)}`;
  router.post(
    '/quotes/:id/import-lines',
    ...uploadForm(UPLOAD_LIMIT),
    ...action(STAFF, quoteUrl, async (c) => {
      const file = uploadedFile(c.req, 'file');
      if (!file)
        throw new AppError('validation_failed', 'Choose the .xlsx file to import', [
          { path: '/file', message: 'is missing' },
        ]);
      const reason = text(fieldsOf(c.req), 'reason')?.slice(0, 500);
      const done = await importQuoteLines(deps, c.actor, idParam(c.req), file.data, reason);
      const skipped = done.errors as Array<{ row: number; message: string }>;
      const words = skipped.map((e) => `row ${e.row}: ${e.message}`).join('; ');
      return {
        message: `${done.imported} lines imported as revision ${done.quote.revision}${skipped.length ? `; not imported: ${words}` : ''}`,
        warning: skipped.length > 0,
      };
    }),
  );
  return router;
}
