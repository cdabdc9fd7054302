import type { Knex } from 'knex';
import { addMonths, BASES, type Basis, monthsOf, myDeliveries, myDeliveriesQuerySchema } from '../metrics';
import { AppError } from '../shared/errors';
import { todayIso } from '../shared/time';
import { otifTrendSvg } from './charts';
import { compileValidator } from '../shared/http/validation';
import { BASIS_WORDS } from './metrics-words';
import { type PageContext, queryText } from './page-support';

const checkQuery = compileValidator<{ from?: string; to?: string; basis?: Basis }>(
  myDeliveriesQuerySchema,
  'The filter is not valid',
);

/**
 * A customer's own delivery performance (/portal/deliveries): GET /api/metrics/my-deliveries's rows
 * by month on the basis chosen, and OTIF on every basis as a chart. The account is the signed-in
 * user's, never a parameter, so another account's figures cannot be asked for.
 */
export async function myDeliveriesPage(db: Knex, c: PageContext): Promise<void> {
  const raw: Record<string, string> = {};
  for (const name of ['from', 'to', 'basis'] as const) {
    const v = queryText(c.req, name, 20);
    if (v) raw[name] = v;
  }
  let result: Record<string, unknown> | null = null;
  let error: { message: string; details: unknown[] } | null = null;
  try {
    checkQuery(raw);
    const basis = (raw.basis ?? 'requested') as Basis;
    const all = new Map<Basis, Awaited<ReturnType<typeof myDeliveries>>['rows']>();
    for (const b of BASES) all.set(b, (await myDeliveries(db, c.actor, { ...raw, basis: b })).rows);
    const rows = all.get(basis) ?? [];
    const today = todayIso().slice(0, 7);
    const to = raw.to ?? today;
    const from = raw.from ?? addMonths(to, -11);
    const periods = monthsOf(from, to);
    result = {
      rows: rows.filter((r) => r.linesDue > 0),
      chart: otifTrendSvg(
        periods,
        BASES.map((b) => {
          const of = new Map(all.get(b)!.map((r) => [r.period, r.otifPct]));
          return { name: BASIS_WORDS[b], values: periods.map((p) => of.get(p) ?? null) };
        }),
      ),
    };
    Object.assign(raw, { from, to, basis });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    error = { message: err.message, details: err.details ?? [] };
  }
  c.render(
    'my-deliveries',
    'Delivery performance',
    {
      form: raw,
      bases: BASES.map((b) => ({ value: b, label: BASIS_WORDS[b], selected: b === raw.basis })),
      basisWords: BASIS_WORDS[(raw.basis as Basis | undefined) ?? 'requested'],
      result,
      error,
    },
    error ? 400 : 200,
  );
}
