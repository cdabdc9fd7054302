import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../shared/errors';

/** One file of a multipart form, whole in memory (the body is capped before it is read). */
export interface UploadedFile {
  field: string;
  filename: string;
  data: Buffer;
}

const uploads = new WeakMap<Request, UploadedFile[]>();

/** The files an upload form sent, by field name. */
export function uploadedFile(req: Request, field: string): UploadedFile | undefined {
  return uploads.get(req)?.find((f) => f.field === field && f.data.length > 0);
}

const HEADER_END = Buffer.from('\r\n\r\n');

function partOf(part: Buffer): { name: string; filename: string | null; data: Buffer } | null {
  const end = part.indexOf(HEADER_END);
  if (end < 0) return null;
  const headers = part.subarray(0, end).toString('utf8');
  const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
  const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
  if (name === undefined) return null;
  const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
  return { name, filename, data: part.subarray(end + HEADER_END.length) };
}

/**
 * Splits a multipart/form-data body (RFC 7578) into its text fields, which become req.body as a
 * urlencoded form's would (so the CSRF check and the form readers work unchanged), and its files.
 * The few upload forms of the pages need no streaming: the body limit is the API's for the same file.
 */
export function parseMultipart(body: Buffer, contentType: string) {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary)
    throw new AppError('validation_failed', 'The form is not valid', [
      { path: '/', message: 'no multipart boundary' },
    ]);
  const delimiter = Buffer.from(`\r\n--${boundary[1] ?? boundary[2]}`);
  // The first delimiter has no CRLF before it: add one so every delimiter looks alike.
  const all = Buffer.concat([Buffer.from('\r\n'), body]);
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  let at = all.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (all.subarray(start, start + 2).toString() === '--') break;
    const next = all.indexOf(delimiter, start);
    if (next < 0) break;
    const part = partOf(all.subarray(start + 2, next));
    if (part?.filename !== null && part?.filename !== undefined)
      files.push({ field: part.name, filename: part.filename, data: part.data });
    else if (part && !(part.name in fields)) fields[part.name] = part.data.toString('utf8');
    at = next;
  }
  return { fields, files };
}

/** Middleware for a page form with enctype="multipart/form-data", before the page kit's action. */
export function uploadForm(limit: string): RequestHandler[] {
  return [
    express.raw({ type: 'multipart/form-data', limit }),
    (req: Request, _res: Response, next: NextFunction) => {
      if (Buffer.isBuffer(req.body)) {
        const { fields, files } = parseMultipart(req.body, req.get('content-type') ?? '');
        req.body = fields;
        uploads.set(req, files);
      }
      next();
    },
  ];
}
