/**
 * The files a case takes: photos and PDFs, each recognised by its first bytes as well as its
 * declared type, so an HTML page sent as "image/png" is refused rather than stored. None of these
 * is a type a browser runs as a page or a script.
 */
export const ATTACHMENT_TYPES = {
  'image/jpeg': { ext: 'jpg', magic: [[0xff, 0xd8, 0xff]] },
  'image/png': { ext: 'png', magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
  'image/gif': { ext: 'gif', magic: [[0x47, 0x49, 0x46, 0x38]] },
  'application/pdf': { ext: 'pdf', magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]] },
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;
export const ATTACHMENT_TYPE_NAMES = Object.keys(ATTACHMENT_TYPES) as AttachmentType[];

/** 10 MB: a phone photo or a scanned delivery note, not a video. */
export const MAX_ATTACHMENT_BYTES = 10 * 2 ** 20;

export const isAttachmentType = (t: string): t is AttachmentType => t in ATTACHMENT_TYPES;

export function startsAs(type: AttachmentType, data: Buffer): boolean {
  return ATTACHMENT_TYPES[type].magic.some((m) => m.every((byte, i) => data[i] === byte));
}

/**
 * A file name safe to store and to name in Content-Disposition: no path, no control or quote
 * characters, at most 200 characters, and the extension of its real type.
 */
export function safeFileName(name: string, type: AttachmentType): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .replace(/[\u0000-\u001f\u007f"\\;]/g, '')
    .replace(/\.[^.]*$/, '')
    .trim()
    .slice(0, 180);
  return `${base || 'attachment'}.${ATTACHMENT_TYPES[type].ext}`;
}

/** `attachment` always: the browser saves the file instead of showing it in our origin. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
