import type { Deps } from '../deps';
import { AppError } from '../shared/errors';
import { AnyRoute, defineRoute } from '../shared/http/route';
import { S } from '../shared/http/validation';
import { exportQuoteLines, importQuoteLines } from './quote-spreadsheets';
import { exportQuery, quoteIdParams, quoteSchema } from './quotes.schemas';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STAFF = ['admin', 'account_manager'] as const;

/** Quote lines as spreadsheets; the quotation PDF is with the quote's own routes. */
export function quoteDocumentRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/quotes/:id/import-lines',
      tag: 'Quotes',
      summary: `Add lines from an .xlsx (columns sku, quantity, requested date; body of type ${XLSX_MIME}) as a new revision; bad rows are reported by row number and the rest imported`,
      access: STAFF,
      params: quoteIdParams,
      query: S.object({ reason: S.str(500) }),
      responses: {
        201: {
          description: '{quote, imported, errors: [{row, message}]}',
          schema: S.object({ quote: quoteSchema, imported: { type: 'integer' }, errors: { type: 'array' } }),
        },
        422: { description: 'No row could be imported (the row errors are the details); nothing changed' },
      },
      handler: async ({ actor, params, query, req }) => {
        if (!Buffer.isBuffer(req.body) || !req.body.length)
          throw new AppError(
            'unsupported_media_type',
            `Send the spreadsheet as the request body with Content-Type ${XLSX_MIME}`,
          );
        return { status: 201, body: await importQuoteLines(deps, actor!, params.id, req.body, query.reason) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/quote-lines.xlsx',
      tag: 'Quotes',
      summary:
        'Every line of the current revisions of the quotes (filter by account and status) as an Excel sheet; text that a spreadsheet would run as a formula is neutralized',
      access: [...STAFF, 'customer'],
      query: exportQuery,
      responses: { 200: { description: 'The workbook', contentType: XLSX_MIME } },
      handler: async ({ actor, query, res }) => {
        res.type(XLSX_MIME).setHeader('Content-Disposition', 'attachment; filename="quote-lines.xlsx"');
        await exportQuoteLines(
          deps,
          actor!,
          {
            ...(query.accountId && { accountId: query.accountId }),
            ...(query.status && { status: query.status }),
          },
          res,
        );
        res.end();
      },
    }),
  ];
}
