import type { Knex } from 'knex';
import type { Actor } from './http/actor';
import { nowIso } from './time';

export interface AuditEntry {
  actor: Pick<Actor, 'userId' | 'role'> | null;
  action: string;
  entity: string;
  entityId?: string;
  detail?: Record<string, unknown>;
  requestId?: string;
}

/** Append-only; written inside the caller's transaction so the record and the change commit together. */
export async function writeAudit(db: Knex, e: AuditEntry): Promise<void> {
  await db('audit_log').insert({
    at: nowIso(),
    actor_id: e.actor?.userId ?? null,
    actor_role: e.actor?.role ?? null,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId ?? null,
    detail: e.detail ? JSON.stringify(e.detail) : null,
    request_id: e.requestId ?? null,
  });
}

export async function findAudit(
  db: Knex,
  entity: string,
  entityId: string,
): Promise<Array<{ action: string; actor_id: string | null; at: string; detail: string | null }>> {
  return db('audit_log')
    .where({ entity, entity_id: entityId })
    .orderBy('id')
    .select('action', 'actor_id', 'at', 'detail');
}
