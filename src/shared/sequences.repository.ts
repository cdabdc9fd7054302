import type { Knex } from 'knex';

/** The document number series kept in `sequences` (seeded by the migrations that need them). */
export type Sequence = 'order' | 'quote' | 'quote_request' | 'case' | 'rma';

/**
 * The next number of a series, e.g. `SO-000042`. The increment comes first, so inside the
 * caller's transaction it is also the lock that makes two concurrent callers take different numbers.
 */
export async function nextNumber(trx: Knex, sequence: Sequence, prefix: string): Promise<string> {
  await trx('sequences').where({ name: sequence }).increment('value', 1);
  const row = (await trx('sequences').where({ name: sequence }).first('value')) as { value: number | string };
  return `${prefix}-${String(row.value).padStart(6, '0')}`;
}
