import { selectArrays } from '../../src/shared/db/array-rows';
import { useTestApp } from '../support/test-app';
import { createItem, uniqFamily } from '../support/erp-factories';

const t = useTestApp();

describe('selectArrays', () => {
  test('gives each row as an array in the order the columns were selected, with booleans bound as the database keeps them', async () => {
    const family = uniqFamily();
    const a = await createItem(t.deps.db, { family, leadTimeDays: 7 });
    const b = await createItem(t.deps.db, { family, leadTimeDays: 3, active: false });
    const db = t.deps.db;
    const rows = await selectArrays(
      db,
      db('items').where({ family, active: true }).select('lead_time_days', 'sku'),
    );
    expect(rows).toEqual([[7, a]]);
    const all = await selectArrays(
      db,
      db('items').where({ family }).orderBy('sku').select('sku', 'lead_time_days'),
    );
    expect(all).toEqual(
      a < b
        ? [
            [a, 7],
            [b, 3],
          ]
        : [
            [b, 3],
            [a, 7],
          ],
    );
  });

  test('inside a transaction, reads what the transaction wrote (its own connection)', async () => {
    const family = uniqFamily();
    const db = t.deps.db;
    const item = await createItem(db, { family });
    const seen = await db.transaction(async (trx) => {
      await trx('items').where({ sku: item }).update({ lead_time_days: 42 });
      return selectArrays(trx, trx('items').where({ sku: item }).select('lead_time_days'));
    });
    expect(seen).toEqual([[42]]);
  });
});
