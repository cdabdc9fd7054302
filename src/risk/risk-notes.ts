import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { AppError, notFound } from '../shared/errors';
import type { Actor } from '../shared/http/actor';
import { nowIso } from '../shared/time';
import * as repo from './risk-notes.repository';
import { type RiskLineView, toView } from './risk.service';

export const NOTE_MAX_LENGTH = 1000;

export interface RiskNote {
  id: string;
  body: string;
  authorEmail: string | null;
  createdAt: string;
}

const lineKey = (orderId: string, lineNo: number) => `${orderId}/${lineNo}`;

/** An open line's stored score; a line that is closed or unknown is not found. */
export async function findRiskLine(db: Knex, orderId: string, lineNo: number): Promise<RiskLineView> {
  const row = await repo.findRiskLine(db, orderId, lineNo);
  if (!row) throw notFound('Order line at risk');
  return toView(row);
}

/** A planner's note on an open line at risk; kept when the score is recomputed. */
export async function addRiskNote(
  db: Knex,
  actor: Actor,
  orderId: string,
  lineNo: number,
  body: string,
): Promise<RiskNote> {
  const text = body.trim();
  if (!text || text.length > NOTE_MAX_LENGTH)
    throw new AppError('validation_failed', 'The note is not valid', [
      { path: '/body', message: `1 to ${NOTE_MAX_LENGTH} characters` },
    ]);
  await findRiskLine(db, orderId, lineNo);
  const row: repo.RiskNoteRow = {
    id: crypto.randomUUID(),
    order_id: orderId,
    line_no: lineNo,
    body: text,
    author_id: actor.userId,
    created_at: nowIso(),
  };
  await repo.insertRiskNote(db, row);
  return { id: row.id, body: row.body, authorEmail: null, createdAt: row.created_at };
}

/** The notes of the lines given, newest first, by `orderId/lineNo`. */
export async function notesOfLines(
  db: Knex,
  lines: ReadonlyArray<{ orderId: string; lineNo: number }>,
): Promise<Map<string, RiskNote[]>> {
  const wanted = new Set(lines.map((l) => lineKey(l.orderId, l.lineNo)));
  const out = new Map<string, RiskNote[]>();
  for (const n of await repo.findRiskNotes(
    db,
    lines.map((l) => l.orderId),
  )) {
    const k = lineKey(n.order_id, Number(n.line_no));
    if (!wanted.has(k)) continue;
    const note = { id: n.id, body: n.body, authorEmail: n.author_email, createdAt: n.created_at };
    (out.get(k) ?? out.set(k, []).get(k)!).push(note);
  }
  return out;
}

export { lineKey as riskLineKey };
