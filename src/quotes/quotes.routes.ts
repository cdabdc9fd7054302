import type { Deps } from '../deps';
import type { Actor } from '../shared/http/actor';
import { pageOf } from '../shared/http/openapi-helpers';
import { AnyRoute, defineRoute } from '../shared/http/route';
import type { Schema } from '../shared/http/validation';
import { acceptQuote } from './accept-quote';
import { createQuote } from './create-quote';
import * as actions from './quote-actions';
import { diffRevisions } from './quote-diff';
import { quotePdf } from './quote-documents';
import {
  acceptSchema,
  accountIdParams,
  quoteDefaultsSchema,
  counterOfferSchema,
  diffQuery,
  getQuoteQuery,
  listQuotesQuery,
  newQuoteSchema,
  noteSchema,
  quoteIdParams,
  quoteSchema,
  reasonSchema,
  revisionSchema,
} from './quotes.schemas';
import { getQuote, getQuoteDefaults, listQuotes, setQuoteDefaults } from './quotes.service';
import { reviseQuote } from './revise-quote';

const STAFF = ['admin', 'account_manager'] as const;
const PARTIES = [...STAFF, 'customer'] as const;
type Id = { id: string };
const ok = (description: string) => ({ 200: { description, schema: quoteSchema } });

export function quoteRoutes(deps: Deps): AnyRoute[] {
  const { db } = deps;
  /** A POST on one quote that answers with the quote as the caller may see it. */
  const post = <B>(
    path: string,
    summary: string,
    access: AnyRoute['access'],
    body: Schema<B> | undefined,
    handler: (actor: Actor, id: string, body: B, requestId: string) => Promise<unknown>,
    status = 200,
  ) =>
    defineRoute<B, Record<string, never>, Id>({
      method: 'post',
      path,
      tag: 'Quotes',
      summary,
      access,
      params: quoteIdParams,
      ...(body && { body }),
      responses: { [status]: { description: 'The quote, as the caller may see it', schema: quoteSchema } },
      handler: async ({ actor, params, body: b, req }) => ({
        status,
        body: await handler(actor!, params.id, b, req.id),
      }),
    });

  return [
    defineRoute({
      method: 'post',
      path: '/api/quotes',
      tag: 'Quotes',
      summary:
        "A priced, dated draft quotation (revision 1), blank or from a quote request: the customer's agreement price (volume breaks, validity) else the list price, unless given; a quoted date per line from the ATP check",
      access: STAFF,
      body: newQuoteSchema,
      responses: { 201: { description: 'The draft quote', schema: quoteSchema } },
      handler: async ({ actor, body, req }) => ({
        status: 201,
        body: await createQuote(deps, actor!, body, req.id),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/quotes',
      tag: 'Quotes',
      summary: "Quotes, newest first (a customer sees only its own account's, once sent)",
      access: PARTIES,
      query: listQuotesQuery,
      responses: { 200: { description: 'A page of quotes', schema: pageOf(quoteSchema) } },
      handler: async ({ actor, query }) => ({ status: 200, body: await listQuotes(db, actor!, query) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/quotes/:id',
      tag: 'Quotes',
      summary:
        'The quote at its current revision (or ?revision=N), with every revision and the negotiation history',
      access: PARTIES,
      params: quoteIdParams,
      query: getQuoteQuery,
      responses: ok('The quote'),
      handler: async ({ actor, params, query }) => ({
        status: 200,
        body: await getQuote(
          db,
          actor!,
          params.id,
          query.revision === undefined ? undefined : Number(query.revision),
        ),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/quotes/:id/diff',
      tag: 'Quotes',
      summary:
        'What changed between two revisions: terms, validity, total, and line by line price, quantity and date, with the reason',
      access: PARTIES,
      params: quoteIdParams,
      query: diffQuery,
      responses: {
        200: {
          description: 'The difference',
          schema: {
            type: 'object',
            properties: {
              quoteId: { type: 'string' },
              from: { type: 'integer' },
              to: { type: 'integer' },
              reason: { type: ['string', 'null'], description: 'why the later revision was made' },
              terms: { type: 'array', description: '[{field, from, to}] for terms, validity and total' },
              lines: {
                type: 'array',
                description:
                  '[{lineNo, change: added|removed|changed, sku, description, changes: [{field, from, to}]}]',
              },
            },
          },
        },
      },
      handler: async ({ actor, params, query }) => ({
        status: 200,
        body: await diffRevisions(db, actor!, params.id, Number(query.from), Number(query.to)),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/quotes/:id/pdf',
      tag: 'Quotes',
      summary: 'The quotation as a PDF (current revision, or ?revision=N)',
      access: PARTIES,
      params: quoteIdParams,
      query: getQuoteQuery,
      responses: { 200: { description: 'The quotation', contentType: 'application/pdf' } },
      handler: async ({ actor, params, query, res }) => {
        const { number, revision, pdf } = await quotePdf(
          db,
          deps.config,
          actor!,
          params.id,
          query.revision === undefined ? undefined : Number(query.revision),
        );
        res
          .type('application/pdf')
          .setHeader('Content-Disposition', `inline; filename="${number}-rev${revision}.pdf"`);
        res.send(pdf);
      },
    }),
    post(
      '/api/quotes/:id/revisions',
      'A new revision (lines priced and dated afresh, or kept), with its reason; the earlier one is superseded and stays readable',
      STAFF,
      revisionSchema,
      (a, id, b, r) => reviseQuote(deps, a, id, b, r),
      201,
    ),
    post(
      '/api/quotes/:id/send',
      "Send the current revision to the customer; 422 approval_required when a discount is beyond the sender's authority",
      STAFF,
      undefined,
      (a, id, _b, r) => actions.sendQuote(deps, a, id, r),
    ),
    post(
      '/api/quotes/:id/request-approval',
      'Ask an admin to approve the discount of the current draft revision',
      STAFF,
      noteSchema,
      (a, id, b) => actions.requestApproval(deps, a, id, b.note),
    ),
    post(
      '/api/quotes/:id/approve',
      "Approve the current revision's discount so it can be sent (admin; audited)",
      ['admin'],
      noteSchema,
      (a, id, b, r) => actions.approveQuote(deps, a, id, b.note, r),
    ),
    post(
      '/api/quotes/:id/reject',
      'The customer declines the sent revision, with the reason',
      PARTIES,
      reasonSchema,
      (a, id, b) => actions.rejectQuote(deps, a, id, b.reason),
    ),
    post(
      '/api/quotes/:id/counter-offers',
      "The customer's counter-offer on the sent revision: a target price, date or quantity per line, kept in the history",
      PARTIES,
      counterOfferSchema,
      (a, id, b) => actions.counterOffer(deps, a, id, b),
      201,
    ),
    defineRoute({
      method: 'post',
      path: '/api/quotes/:id/accept',
      tag: 'Quotes',
      summary:
        'Accept the current, sent, valid revision: it becomes an order through order intake (ATP re-checked; dateChanges says which dates moved). Accepting again answers 200 with the same order',
      access: PARTIES,
      params: quoteIdParams,
      body: acceptSchema,
      responses: {
        201: { description: 'The order made from the quote' },
        200: { description: 'The quote was already accepted: the same order' },
      },
      handler: async ({ actor, params, body, req }) => {
        const { created, ...order } = await acceptQuote(deps, actor!, params.id, body, req.id);
        return { status: created ? 201 : 200, body: order };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/accounts/:id/quote-defaults',
      tag: 'Quotes',
      summary:
        "The terms the account's new quotes start from: payment terms from the ERP, Incoterm and place, ship-complete, note",
      access: STAFF,
      params: accountIdParams,
      responses: { 200: { description: 'The defaults' } },
      handler: async ({ params }) => ({ status: 200, body: await getQuoteDefaults(db, params.id) }),
    }),
    defineRoute({
      method: 'put',
      path: '/api/accounts/:id/quote-defaults',
      tag: 'Quotes',
      summary: "Set the account's negotiated defaults for new quotes (payment terms stay the ERP's)",
      access: STAFF,
      params: accountIdParams,
      body: quoteDefaultsSchema,
      responses: { 200: { description: 'The defaults' } },
      handler: async ({ actor, params, body }) => ({
        status: 200,
        body: await setQuoteDefaults(db, actor!, params.id, body),
      }),
    }),
  ];
}
