import knexFactory from 'knex';
import { compileOnce } from '../../src/shared/db/compile-once';

describe('compileOnce', () => {
  const pg = knexFactory({ client: 'pg' });
  let built = 0;
  const read = compileOnce((db, id: string, accountId: string) => {
    built++;
    return [
      db('orders').where({ id, account_id: accountId }).limit(1),
      db('order_lines').where('order_id', id),
    ];
  });

  test('builds once per database and binds each call its own values, other bindings kept', () => {
    const first = read(pg, 'O-1', 'A-1');
    const second = read(pg, 'O-2', 'A-2');
    expect(built).toBe(1);
    expect(second[0]!.sql).toBe(first[0]!.sql);
    expect(first[0]!.nativeSql).toMatch(/\$1\b[\s\S]*\$2\b/);
    expect(first.map((c) => c.bindings)).toEqual([['O-1', 'A-1', 1], ['O-1']]);
    expect(second.map((c) => c.bindings)).toEqual([['O-2', 'A-2', 1], ['O-2']]);
    const sqlite = knexFactory({ client: 'better-sqlite3', useNullAsDefault: true });
    expect(read(sqlite, 'O-3', 'A-3')[0]!.sql).toContain('`orders`');
    expect(built).toBe(2);
  });
});
