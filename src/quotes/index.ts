export { quoteRoutes } from './quotes.routes';
export { quoteRequestRoutes } from './quote-requests.routes';
export { registerQuoteJobs, scheduleQuoteJobs, expireQuotes } from './quotes.jobs';
export { quoteDocumentRoutes, XLSX_MIME } from './documents.routes';
export { createQuote } from './create-quote';
export { assignRequest, createRequest } from './quote-requests.service';
export { sendQuote } from './quote-actions';
export { findPricedSkus, findQuoteItems } from './pricing.repository';
// The order confirmation (orders) is a commercial document of the accepted quote: same parties, terms and wording.
export { dateNote, documentParties, documentTerms, fmtPct, fmtQty } from './quote-documents';
export { findQuoteRefs } from './quotes.repository';
