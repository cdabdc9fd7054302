import type { Knex } from 'knex';
import type { Deps } from '../deps';
import { currentTime } from '../shared/clock';
import { AppError, notFound } from '../shared/errors';
import { type Actor, accountScopeOf } from '../shared/http/actor';
import { todayIso } from '../shared/time';
import * as cases from './cases.repository';
import { complaintRates, type FamilyRate, type ParetoRow, paretoOf } from './causes.engine';
import * as repo from './causes.repository';
import * as codes from './knowledge.repository';
import type { Cause, CauseChange, CauseQuery, NewCause } from './knowledge.schemas';

/** Root causes: the list admins keep, each closed complaint's cause, and where the problems are. */

type Db = Pick<Deps, 'db'>;

const toCause = (r: codes.CauseCodeRow): Cause => ({
  code: r.code,
  label: r.label,
  active: Boolean(r.active),
});

export async function listCauses(deps: Db): Promise<Cause[]> {
  return (await codes.listCauseCodes(deps.db)).map(toCause);
}

export async function addCause(deps: Db, input: NewCause, now = currentTime()): Promise<Cause> {
  const at = now.toISOString();
  await deps.db.transaction(async (trx) => {
    if (await codes.findCauseCode(trx, input.code))
      throw new AppError('conflict', `Cause code ${input.code} exists already`);
    await codes.insertCauseCode(trx, { ...input, active: true, created_at: at, updated_at: at });
  });
  return { ...input, active: true };
}

/** Relabels or retires a code; a retired code stays on the cases that have it, and in their figures. */
export async function changeCause(
  deps: Db,
  code: string,
  input: CauseChange,
  now = currentTime(),
): Promise<Cause> {
  const done = await deps.db.transaction((trx) =>
    codes.updateCauseCode(trx, code, { ...input, updated_at: now.toISOString() }),
  );
  if (!done) throw notFound('Cause code');
  return { code, ...input };
}

/** An active code of the list, or a 422 naming the field. */
async function activeCause(db: Knex, code: string, path: string): Promise<void> {
  const row = await codes.findCauseCode(db, code);
  if (!row || !row.active)
    throw new AppError('business_rule', 'Choose a cause code from the list', [
      { path, message: 'is not an active cause code' },
    ]);
}

export async function setCause(
  deps: Db,
  actor: Actor,
  caseId: string,
  causeCode: string,
  now = currentTime(),
): Promise<{ id: string; causeCode: string }> {
  await activeCause(deps.db, causeCode, '/causeCode');
  await deps.db.transaction(async (trx) => {
    const row = await cases.lockCase(trx, accountScopeOf(actor), caseId);
    if (!row) throw notFound('Case');
    await repo.setCaseCause(trx, caseId, causeCode, now.toISOString());
  });
  return { id: caseId, causeCode };
}

/**
 * Inside a status change, under the case's lock: a complaint is closed only with a cause, the one
 * given with the change or one set before. Throws before anything is written.
 */
export async function causeForClosing(
  trx: Knex,
  row: { id: string; type: string },
  given: string | undefined,
  at: string,
): Promise<void> {
  if (given !== undefined) {
    await activeCause(trx, given, '/causeCode');
    await repo.setCaseCause(trx, row.id, given, at);
    return;
  }
  if (row.type !== 'complaint') return;
  const known = await repo.findCaseKnowledge(trx, row.id);
  if (!known?.cause_code)
    throw new AppError('business_rule', 'A complaint is closed with its cause code', [
      { path: '/causeCode', message: 'is required to close a complaint' },
    ]);
}

// ---------------------------------------------------------------------------------------------
// Where the problems are

const lastDay = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/** The months asked for (default: the last twelve to this one) as opening-time bounds. */
function period(q: CauseQuery) {
  const today = todayIso();
  const to = q.to ?? today.slice(0, 7);
  const [y, m] = to.split('-').map(Number) as [number, number];
  const from = q.from ?? new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 7);
  if (from > to)
    throw new AppError('validation_failed', 'Request is invalid', [
      { path: '/from', message: 'must not be after to' },
    ]);
  const filter: repo.ComplaintFilter = {
    from: `${from}-01T00:00:00.000Z`,
    to: new Date(Date.UTC(y, m, 1)).toISOString(),
    ...(q.family && { family: q.family }),
    ...(q.accountId && { accountId: q.accountId }),
  };
  return { from, to, filter };
}

/** Closed complaints opened in the period by cause, most frequent first, with the running share. */
export async function causePareto(
  deps: Db,
  q: CauseQuery,
): Promise<{ from: string; to: string; total: number; rows: ParetoRow[] }> {
  const { from, to, filter } = period(q);
  const counts = await repo.countComplaintsByCause(deps.db, filter);
  return {
    from,
    to,
    ...paretoOf(counts.map((c) => ({ causeCode: c.cause_code, label: c.label, count: Number(c.n) }))),
  };
}

/** Complaints opened in the period per 100 order lines shipped in it, by the item's family. */
export async function complaintRatesByFamily(
  deps: Db,
  q: CauseQuery,
): Promise<{ from: string; to: string; rows: FamilyRate[] }> {
  const { from, to, filter } = period(q);
  const [complaints, shipped] = await Promise.all([
    repo.countComplaintsByFamily(deps.db, { from: filter.from, to: filter.to }),
    repo.countShippedLinesByFamily(deps.db, `${from}-01`, lastDay(to)),
  ]);
  const n = (rows: Array<{ family: string | null; n: number | string }>) =>
    rows.map((r) => ({ family: r.family, count: Number(r.n) }));
  return { from, to, rows: complaintRates(n(complaints), n(shipped)) };
}

/** The case's cause code, or null (the case page shows it beside the closing form). */
export async function causeOfCase(deps: Db, caseId: string): Promise<string | null> {
  return (await repo.findCaseKnowledge(deps.db, caseId))?.cause_code ?? null;
}
