import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Deps } from '../deps';
import { currentTime } from '../shared/clock';
import { AppError, notFound } from '../shared/errors';
import { accountScopeOf, type Actor } from '../shared/http/actor';
import {
  ATTACHMENT_TYPE_NAMES,
  type AttachmentType,
  isAttachmentType,
  MAX_ATTACHMENT_BYTES,
  safeFileName,
  startsAs,
} from './attachment-types';
import * as repo from './case-attachments.repository';
import { appendEvent, findCase, lockCase, updateCase } from './cases.repository';

export interface AttachmentView {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  internal: boolean;
  uploadedAt: string;
}

const toView = (r: repo.AttachmentRow): AttachmentView => ({
  id: r.id,
  fileName: r.file_name,
  contentType: r.content_type,
  sizeBytes: Number(r.size_bytes),
  internal: Boolean(r.internal),
  uploadedAt: r.uploaded_at,
});

/** Refuses what is not a photo or a PDF of the allowed size, by its declared type and its bytes. */
function checkFile(contentType: string, data: unknown): asserts data is Buffer {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (!isAttachmentType(type))
    throw new AppError(
      'unsupported_media_type',
      `Attach photos or PDFs: ${ATTACHMENT_TYPE_NAMES.join(', ')}`,
    );
  if (!Buffer.isBuffer(data) || data.length === 0)
    throw new AppError('validation_failed', 'Request is invalid', [
      { path: '/', message: 'the file is empty' },
    ]);
  if (data.length > MAX_ATTACHMENT_BYTES)
    throw new AppError('payload_too_large', `An attachment is at most ${MAX_ATTACHMENT_BYTES / 2 ** 20} MB`);
  if (!startsAs(type, data)) throw new AppError('unsupported_media_type', `The file is not a ${type}`);
}

/**
 * Stores a file on a case: under a generated key in CASES_ATTACHMENT_DIR (outside the web root,
 * never under the name the uploader chose), then its row and a timeline entry in one transaction;
 * the file is removed again when that transaction fails. Customers attach to their own cases only
 * and never internally.
 */
export async function attachFile(
  deps: Pick<Deps, 'db' | 'config'>,
  actor: Actor,
  caseId: string,
  input: { fileName: string; contentType: string; internal: boolean },
  data: unknown,
  now = currentTime(),
): Promise<AttachmentView> {
  const scope = accountScopeOf(actor);
  if (actor.role === 'customer' && input.internal)
    throw new AppError('forbidden', 'Customers cannot attach internal files');
  checkFile(input.contentType, data);
  const type = input.contentType.split(';')[0]!.trim().toLowerCase() as AttachmentType;
  if (!(await findCase(deps.db, scope, caseId))) throw notFound('Case');
  const dir = path.resolve(deps.config.casesAttachmentDir);
  await fs.mkdir(dir, { recursive: true });
  const key = crypto.randomBytes(24).toString('hex');
  const file = path.join(dir, key);
  await fs.writeFile(file, data, { flag: 'wx', mode: 0o600 });
  const at = now.toISOString();
  const row: repo.AttachmentRow = {
    id: crypto.randomUUID(),
    case_id: caseId,
    file_name: safeFileName(input.fileName, type),
    content_type: type,
    size_bytes: data.length,
    storage_key: key,
    internal: input.internal,
    uploaded_by: actor.userId,
    uploaded_at: at,
  };
  try {
    await deps.db.transaction(async (trx) => {
      const locked = await lockCase(trx, scope, caseId);
      if (!locked) throw notFound('Case');
      if (locked.status === 'closed') throw new AppError('illegal_state', 'The case is closed');
      await repo.insertAttachment(trx, row);
      await appendEvent(trx, {
        case_id: caseId,
        at,
        kind: 'attachment',
        actor_id: actor.userId,
        internal: input.internal,
        body: null,
        from_value: null,
        to_value: row.id,
        detail: row.file_name,
      });
      await updateCase(trx, caseId, { updated_at: at });
    });
  } catch (error) {
    await fs.rm(file, { force: true });
    throw error;
  }
  return toView(row);
}

/** The attachments a caller may see (customers: their own cases', never internal ones). */
export async function listAttachments(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  caseId: string,
): Promise<AttachmentView[]> {
  if (!(await findCase(deps.db, accountScopeOf(actor), caseId))) throw notFound('Case');
  return (await repo.findAttachmentsOfCase(deps.db, caseId, actor.role !== 'customer')).map(toView);
}

/** The stored file and how to serve it; another account's case or an internal file is 404. */
export async function openAttachment(
  deps: Pick<Deps, 'db' | 'config'>,
  actor: Actor,
  caseId: string,
  id: string,
): Promise<{ view: AttachmentView; file: string }> {
  if (!(await findCase(deps.db, accountScopeOf(actor), caseId))) throw notFound('Attachment');
  const row = await repo.findAttachment(deps.db, caseId, id, actor.role !== 'customer');
  if (!row) throw notFound('Attachment');
  return {
    view: toView(row),
    file: path.join(path.resolve(deps.config.casesAttachmentDir), row.storage_key),
  };
}
