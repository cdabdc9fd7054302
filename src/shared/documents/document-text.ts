import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { CommercialDocument } from './document-model';
import { TEMPLATES_DIR } from './templates';

/** The words of one kind of document (templates/documents/<kind>.hbs), named by what they label. */
export const DOCUMENT_TEXT_NAMES = [
  'title',
  'number',
  'revision',
  'issueDate',
  'validUntil',
  'reference',
  'customer',
  'contact',
  'lineNo',
  'item',
  'quantity',
  'unitPrice',
  'discount',
  'netPrice',
  'lineTotal',
  'date',
  'noDate',
  'total',
  'paymentTerms',
  'delivery',
  'shipment',
  'note',
  'closing',
  'continued',
] as const;
export type DocumentText = Record<(typeof DOCUMENT_TEXT_NAMES)[number], string>;

const FOOTER_TEXT_NAMES = ['left', 'right'] as const;
export type FooterText = Record<(typeof FOOTER_TEXT_NAMES)[number], string>;

const TEMPLATE_BY_KIND: Record<CommercialDocument['kind'], string> = {
  quotation: 'quotation',
  order_confirmation: 'order-confirmation',
};

/**
 * A PDF is not HTML: `Müller & Söhne` must print as typed, so these templates are compiled
 * without escaping. That is safe because user text only ever arrives as data (it is never
 * compiled) and on one line, so a value cannot start a "name: text" line of its own.
 * Strict: a misspelt data name in a template fails the render instead of printing nothing.
 */
const hbs = Handlebars.create();
const compiled = new Map<string, Handlebars.TemplateDelegate>();

function template(name: string): Handlebars.TemplateDelegate {
  let t = compiled.get(name);
  if (!t) {
    const source = fs.readFileSync(path.join(TEMPLATES_DIR, 'documents', `${name}.hbs`), 'utf8');
    t = hbs.compile(source, { noEscape: true, strict: true });
    compiled.set(name, t);
  }
  return t;
}

/** Renders templates/documents/<name>.hbs and reads its "name: text" lines; every name must be there once. */
function renderText<K extends string>(
  name: string,
  names: readonly K[],
  data: Record<string, unknown>,
): Record<K, string> {
  const text = new Map<string, string>();
  for (const line of template(name)(data).split('\n')) {
    if (line.trim() === '') continue;
    const m = /^\s*([A-Za-z]\w*):(.*)$/.exec(line);
    const key = m?.[1];
    if (key === undefined || !(names as readonly string[]).includes(key) || text.has(key)) {
      throw new Error(
        `templates/documents/${name}.hbs: "${line.slice(0, 60)}" is not a "name: text" line with a new, known name`,
      );
    }
    text.set(key, m![2]!.trim());
  }
  const missing = names.filter((n) => !text.has(n));
  if (missing.length > 0) throw new Error(`templates/documents/${name}.hbs lacks ${missing.join(', ')}`);
  return Object.fromEntries(text) as Record<K, string>;
}

const oneLine = (s: string): string => s.replace(/[\r\n\v\f\u0085\u2028\u2029]+/g, ' ');
const oneLineOrNull = (s: string | null | undefined): string | null => (s == null ? null : oneLine(s));

/** What a document template may print: the document's headline values, never its lines. */
function templateData(doc: CommercialDocument): Record<string, unknown> {
  return {
    kind: doc.kind,
    number: oneLine(doc.number),
    revision: doc.revision ?? null,
    issueDate: oneLine(doc.issueDate),
    validUntil: oneLineOrNull(doc.validUntil),
    reference: oneLineOrNull(doc.reference),
    currency: oneLine(doc.currency),
    total: oneLine(doc.total),
    lineCount: doc.lines.length,
    company: { name: oneLine(doc.company.name) },
    customer: { name: oneLine(doc.customer.name) },
    contact: doc.contact ? { name: oneLine(doc.contact.name), email: oneLine(doc.contact.email) } : null,
  };
}

export function renderDocumentText(doc: CommercialDocument): DocumentText {
  return renderText(TEMPLATE_BY_KIND[doc.kind], DOCUMENT_TEXT_NAMES, templateData(doc));
}

export function renderFooterText(
  doc: CommercialDocument,
  title: string,
  page: number,
  pages: number,
): FooterText {
  return renderText('footer', FOOTER_TEXT_NAMES, {
    company: oneLine(doc.company.name),
    title,
    number: oneLine(doc.number),
    page,
    pages,
  });
}
