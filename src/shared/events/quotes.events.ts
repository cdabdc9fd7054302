import { defineEvent } from '../jobs';

/** A quote revision was sent to the customer; delivered after the commit that sent it. */
export const QuoteSent = defineEvent<{ quoteId: string; revision: number }>('quote.sent');
