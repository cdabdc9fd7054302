import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import PostalMime from 'postal-mime';
import { nowIso } from '../../src/shared/time';
import { uniq } from '../support/factories';

/*
 * Quote and order rows written straight into their tables: what a notification reads, without
 * the quote and order services (written elsewhere, and not what these tests are about).
 */

export interface QuoteLineInput {
  sku?: string | null;
  description?: string | null;
  quantity: string;
  netPrice: string;
  lineTotal: string;
  quotedDate?: string | null;
}

export interface QuoteInput {
  accountId: string;
  currency?: string;
  revision?: number;
  /** Null: a revision still in draft, never sent. */
  sentAt?: string | null;
  accountManagerId?: string | null;
  validUntil?: string;
  paymentTerms?: string | null;
  incoterm?: string | null;
  incotermPlace?: string | null;
  total: string;
  lines: QuoteLineInput[];
}

export interface CreatedQuote {
  id: string;
  number: string;
  revision: number;
}

export async function createSentQuote(db: Knex, input: QuoteInput): Promise<CreatedQuote> {
  const now = nowIso();
  const quote = { id: crypto.randomUUID(), number: uniq('Q'), revision: input.revision ?? 1 };
  const validUntil = input.validUntil ?? '2027-01-31';
  await db('quotes').insert({
    id: quote.id,
    number: quote.number,
    account_id: input.accountId,
    status: input.sentAt === null ? 'draft' : 'sent',
    revision: quote.revision,
    currency: input.currency ?? 'EUR',
    valid_until: validUntil,
    account_manager_id: input.accountManagerId ?? null,
    created_at: now,
    updated_at: now,
  });
  const revisionId = crypto.randomUUID();
  await db('quote_revisions').insert({
    id: revisionId,
    quote_id: quote.id,
    revision: quote.revision,
    status: input.sentAt === null ? 'draft' : 'sent',
    valid_until: validUntil,
    payment_terms: input.paymentTerms ?? 'NET30',
    incoterm: input.incoterm ?? 'FCA',
    incoterm_place: input.incotermPlace ?? 'Rotterdam',
    ship_complete: false,
    total: input.total,
    max_discount_pct: '0',
    sent_at: input.sentAt === undefined ? now : input.sentAt,
    created_at: now,
  });
  await db('quote_lines').insert(
    input.lines.map((l, i) => ({
      id: crypto.randomUUID(),
      revision_id: revisionId,
      line_no: i + 1,
      sku: l.sku ?? null,
      description: l.description ?? null,
      quantity: l.quantity,
      requested_date: '2026-12-15',
      price_source: 'manual',
      unit_price: l.netPrice,
      discount_pct: '0',
      net_price: l.netPrice,
      line_total: l.lineTotal,
      quoted_date: l.quotedDate ?? null,
      date_source: 'lead_time',
    })),
  );
  return quote;
}

export interface OrderInput {
  accountId: string;
  customerPo?: string | null;
  status?: string;
  lines: Array<{ sku: string; quantity: string; confirmedDate: string | null }>;
  customLines?: Array<{ description: string; quantity: string; promisedDate: string | null }>;
}

export async function createOrder(db: Knex, input: OrderInput): Promise<{ id: string; number: string }> {
  const now = nowIso();
  const order = { id: crypto.randomUUID(), number: uniq('SO') };
  await db('orders').insert({
    id: order.id,
    number: order.number,
    account_id: input.accountId,
    customer_po: input.customerPo ?? null,
    site_code: 'P1',
    ship_complete: false,
    status: input.status ?? 'confirmed',
    created_at: now,
    updated_at: now,
  });
  await db('order_lines').insert(
    input.lines.map((l, i) => ({
      id: crypto.randomUUID(),
      order_id: order.id,
      line_no: i + 1,
      sku: l.sku,
      site_code: 'P1',
      quantity: l.quantity,
      requested_date: '2026-12-15',
      confirmed_date: l.confirmedDate,
      date_source: 'stock',
      erp_ref: `${order.number}/${i + 1}`,
    })),
  );
  const custom = input.customLines ?? [];
  if (custom.length > 0) {
    await db('order_custom_lines').insert(
      custom.map((l, i) => ({
        id: crypto.randomUUID(),
        order_id: order.id,
        line_no: input.lines.length + i + 1,
        description: l.description,
        quantity: l.quantity,
        requested_date: '2026-12-15',
        promised_date: l.promisedDate,
        unit_price: '1',
        discount_pct: '0',
        net_price: '1',
        line_total: '1',
      })),
    );
  }
  return order;
}

/** The .eml files a person would see in the outbox (not the dot-named files still being written). */
export function outboxFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => !f.startsWith('.'))
    .sort()
    .map((f) => path.join(dir, f));
}

export interface ReadMail {
  raw: string;
  /** Header lines as they stand in the message, unfolded. */
  headerLines: string[];
  to: string[];
  cc: string[];
  subject: string;
  /** Line ends as \n. */
  html: string;
  text: string;
}

const addresses = (list: PostalMime.Address[] | undefined): string[] =>
  (list ?? []).flatMap((a) => (a.group ? a.group.map((m) => m.address) : [a.address ?? '']));

/** A message as a mail client reads it: MIME parts decoded. */
export async function readMail(raw: Buffer | string): Promise<ReadMail> {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  const mail = await PostalMime.parse(text);
  return {
    raw: text,
    headerLines: mail.headerLines.map((h) => h.line),
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    subject: mail.subject ?? '',
    html: (mail.html ?? '').replace(/\r\n/g, '\n'),
    text: (mail.text ?? '').replace(/\r\n/g, '\n'),
  };
}
