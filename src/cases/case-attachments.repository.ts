import type { Knex } from 'knex';

/** Every SQL statement over case_attachments. */

export interface AttachmentRow {
  id: string;
  case_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  storage_key: string;
  internal: boolean | number;
  uploaded_by: string | null;
  uploaded_at: string;
}

export async function insertAttachment(trx: Knex, row: AttachmentRow): Promise<void> {
  await trx('case_attachments').insert(row);
}

export async function findAttachment(
  db: Knex,
  caseId: string,
  id: string,
  withInternal: boolean,
): Promise<AttachmentRow | undefined> {
  const q = db('case_attachments').where({ case_id: caseId, id });
  if (!withInternal) q.where('internal', false);
  return q.first();
}

export async function findAttachmentsOfCase(
  db: Knex,
  caseId: string,
  withInternal: boolean,
): Promise<AttachmentRow[]> {
  const q = db('case_attachments').where('case_id', caseId);
  if (!withInternal) q.where('internal', false);
  return q.orderBy([{ column: 'uploaded_at' }, { column: 'id' }]);
}
