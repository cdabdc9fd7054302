export { quoteRoutes } from './quotes.routes';
export { quoteRequestRoutes } from './quote-requests.routes';
export { registerQuoteJobs, scheduleQuoteJobs, expireQuotes, ExpireQuotesJob } from './quotes.jobs';
export { quoteDocumentRoutes, XLSX_MIME } from './documents.routes';
export { createQuote } from './create-quote';
export { assignableStaff, assignRequest, createRequest, takeRequest } from './quote-requests.service';
export { sendQuote } from './quote-actions';
export { findPricedSkus } from './pricing.repository';
export { choosePrice } from './pricing';
export type { ChosenPrice } from './pricing';
export { acceptQuote } from './accept-quote';
export { approveQuote, counterOffer, rejectQuote, requestApproval } from './quote-actions';
export { reviseQuote } from './revise-quote';
export { diffRevisions } from './quote-diff';
export { importQuoteLines } from './quote-spreadsheets';
export { getQuote, getQuoteDefaults, listQuotes, setQuoteDefaults } from './quotes.service';
export { declineRequest, getRequest, listRequests } from './quote-requests.service';
export { dateNote } from './quote-documents';
export { orderConfirmationPdf } from './order-confirmation';
export {
  counterOfferSchema,
  INCOTERMS,
  QUOTE_STATUSES,
  newQuoteSchema,
  quoteDefaultsSchema,
  reasonSchema,
  revisionSchema,
} from './quotes.schemas';
export type {
  CounterOffer,
  NewQuote,
  NewRevision,
  QuoteDefaults,
  QuoteLineInput,
  QuoteStatus,
  Terms,
} from './quotes.schemas';
export { assignSchema, newRequestSchema, REQUEST_STATUSES } from './quote-requests.schemas';
export type { NewRequest } from './quote-requests.schemas';
