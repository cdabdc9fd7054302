export { quoteRoutes } from './quotes.routes';
export { quoteRequestRoutes } from './quote-requests.routes';
export { registerQuoteJobs, scheduleQuoteJobs, expireQuotes, ExpireQuotesJob } from './quotes.jobs';
export { QuoteSent } from './quotes.events';
export { quoteDocumentRoutes, XLSX_MIME } from './documents.routes';
export { createQuote } from './create-quote';
export { assignRequest, createRequest } from './quote-requests.service';
export { sendQuote } from './quote-actions';
export { findPricedSkus } from './pricing.repository';
