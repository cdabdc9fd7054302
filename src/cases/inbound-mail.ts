import crypto from 'node:crypto';
import PostalMime from 'postal-mime';

/** What the service desk reads of an incoming e-mail. */
export interface InboundMail {
  /** The Message-ID without angle brackets; a hash of the raw message when it has none. */
  messageId: string;
  from: string | null;
  subject: string;
  text: string;
  /** In-Reply-To first, then References newest first: the ids this message answers. */
  answers: string[];
}

/** The column holds 250 characters; a longer id is kept by its hash, the same for every reader. */
const MAX_ID = 250;
const keyOf = (id: string): string =>
  id.length <= MAX_ID ? id : `sha256:${crypto.createHash('sha256').update(id).digest('hex')}`;

const idsIn = (header: string | undefined): string[] =>
  [...(header ?? '').matchAll(/<([^<>\s]+)>/g)].map((m) => keyOf(m[1]!));

export async function parseInboundMail(raw: Buffer): Promise<InboundMail> {
  const mail = await PostalMime.parse(raw);
  const [ownId] = idsIn(mail.messageId);
  const from = mail.from && 'address' in mail.from ? (mail.from.address ?? null) : null;
  return {
    messageId: ownId ?? `sha256:${crypto.createHash('sha256').update(raw).digest('hex')}`,
    from: from ? from.trim().toLowerCase() : null,
    subject: (mail.subject ?? '').trim(),
    text: (mail.text ?? stripHtml(mail.html ?? '')).trim(),
    answers: [...idsIn(mail.inReplyTo), ...idsIn(mail.references).reverse()],
  };
}

/** A message with only an HTML part still gives its words, never its markup. */
const stripHtml = (html: string): string =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

/** The case number the desk puts in its replies' subjects (`[CS-000123]`), or any CS number the sender typed. */
export const caseNumberIn = (subject: string): string | null => subject.match(/\bCS-\d{6,}\b/)?.[0] ?? null;
