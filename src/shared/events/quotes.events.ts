import { defineEvent } from '../jobs';

/** A quote revision was sent to the customer; delivered after the commit that sent it. */
export const QuoteSent = defineEvent<{ quoteId: string; revision: number }>('quote.sent');

/** A quote request was made (by a customer or an account manager); delivered after its commit. */
export const QuoteRequestReceived = defineEvent<{ quoteRequestId: string }>('quote_request.received');

/** A customer answered a sent revision with a counter-offer, at the instant given (its history's `at`). */
export const CounterOfferReceived = defineEvent<{ quoteId: string; revision: number; at: string }>(
  'quote.counter_offer',
);

/** A draft beyond its sender's discount authority was put before the admins. */
export const QuoteApprovalRequested = defineEvent<{ quoteId: string; revision: number }>(
  'quote.approval_requested',
);

/** An admin approved a revision's discount. */
export const QuoteApproved = defineEvent<{ quoteId: string; revision: number }>('quote.approved');
