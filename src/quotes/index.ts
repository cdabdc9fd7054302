export { quoteRoutes } from './quotes.routes';
export { quoteRequestRoutes } from './quote-requests.routes';
export { registerQuoteJobs, scheduleQuoteJobs, expireQuotes } from './quotes.jobs';
export { quoteDocumentRoutes, XLSX_MIME } from './documents.routes';
