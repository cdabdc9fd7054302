import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { milliText, toMilli } from '../shared/quantity';
import type { Config } from '../config';
import { formatMoney, parseMoney } from '../shared/money';
import { renderTemplate, TEMPLATES_DIR } from '../shared/documents/templates';
import type {
  OrderMailLineRow,
  OrderMailRow,
  QuoteMailLineRow,
  QuoteMailRow,
} from './notifications.repository';

/**
 * What a notification says, already formatted, and its rendering: the HTML part through the
 * shared (escaping) handlebars environment, the subject and the plain-text part through one
 * that does not escape, since neither is HTML and `&amp;` would reach the reader as written.
 */
export type MailKind =
  | 'quote_sent'
  | 'order_confirmed'
  | 'delivery_alert'
  | 'request_received'
  | 'counter_offer'
  | 'approval_requested'
  | 'approval_given'
  | 'follow_up_due'
  | 'sla_warning';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

type Company = Pick<Config, 'companyName' | 'companyAddress' | 'publicUrl'>;

const plain = Handlebars.create();
const plainCache = new Map<string, Handlebars.TemplateDelegate>();

function renderPlain(name: string, data: Record<string, unknown>): string {
  let t = plainCache.get(name);
  if (!t) {
    t = plain.compile(fs.readFileSync(path.join(TEMPLATES_DIR, `${name}.hbs`), 'utf8'), {
      strict: false,
      noEscape: true,
    });
    plainCache.set(name, t);
  }
  return t(data);
}

/** `templates/emails/<template>.{subject,html,text}.hbs`; a subject is one header line. */
export function renderMail(template: string, data: Record<string, unknown>): RenderedMail {
  return {
    subject: oneLine(renderPlain(`emails/${template}.subject`, data)),
    html: renderTemplate(`emails/${template}.html`, data),
    text: renderPlain(`emails/${template}.text`, data),
  };
}

/** CR and LF would end a header and start another (header injection). */
export function oneLine(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** A catalog line by its sku with the description beneath; a custom line by its description. */
function lineView(l: {
  line_no: number;
  sku: string | null;
  description: string | null;
  quantity: string | number;
}): Record<string, unknown> {
  return {
    lineNo: l.line_no,
    item: l.sku ?? l.description ?? '',
    description: l.sku ? l.description : null,
    quantity: formatQuantity(l.quantity),
  };
}

function companyView(config: Company): Record<string, unknown> {
  return { name: config.companyName, addressLines: config.companyAddress };
}

export function quoteSentContent(
  config: Company,
  quote: QuoteMailRow,
  lines: QuoteMailLineRow[],
): RenderedMail {
  const money = (v: string | number) => formatAmount(v, quote.currency);
  return renderMail('quote-sent', {
    company: companyView(config),
    accountName: quote.account_name,
    number: quote.number,
    revision: quote.revision,
    validUntil: quote.valid_until,
    currency: quote.currency,
    total: money(quote.total),
    paymentTerms: quote.payment_terms,
    incoterm: [quote.incoterm, quote.incoterm_place].filter(Boolean).join(' ') || null,
    termsNote: quote.terms_note,
    lines: lines.map((l) => ({
      ...lineView(l),
      netPrice: money(l.net_price),
      lineTotal: money(l.line_total),
      quotedDate: l.quoted_date,
    })),
    link: `${config.publicUrl}/portal/quotes/${encodeURIComponent(quote.id)}`,
  });
}

export function orderConfirmedContent(
  config: Company,
  order: OrderMailRow,
  lines: OrderMailLineRow[],
): RenderedMail {
  return renderMail('order-confirmed', {
    company: companyView(config),
    accountName: order.account_name,
    number: order.number,
    customerPo: order.customer_po,
    lines: lines.map((l) => ({ ...lineView(l), confirmedDate: l.confirmed_date })),
    link: `${config.publicUrl}/portal/orders/${encodeURIComponent(order.id)}`,
  });
}

export const formatQuantity = (v: string | number): string => milliText(toMilli(v));

/** A stored decimal (text, or the driver's number) in the currency's minor units, as the documents show it. */
export const formatAmount = (value: string | number, currency: string): string =>
  formatMoney(parseMoney(value), currency);

/** A notice to the manufacturer's own people: what happened, a few lines of detail, the link to act on it. */
export function staffNoticeContent(
  config: Company,
  notice: { subject: string; headline: string; lines: string[]; path: string },
): RenderedMail {
  return renderMail('staff-notice', {
    company: companyView(config),
    subject: notice.subject,
    headline: notice.headline,
    lines: notice.lines,
    link: `${config.publicUrl}${notice.path}`,
  });
}

/** A delivery alert to one audience: the alert's own words (alerts domain), a link into the portal. */
export function deliveryAlertContent(
  config: Company,
  alert: { accountName: string; subject: string; text: string; link: string; audience: 'customer' | 'staff' },
): RenderedMail {
  return renderMail('delivery-alert', {
    company: companyView(config),
    greeting: alert.audience === 'customer' ? alert.accountName : 'colleague',
    subject: alert.subject,
    text: alert.text,
    link: `${config.publicUrl}${alert.link}`,
    linkLabel: alert.link.endsWith('/choice') ? 'Choose how to proceed' : 'Open the order',
  });
}
