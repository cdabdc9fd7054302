import { createDb } from './src/shared/db/knex';
(async () => {
  const f = '/tmp/busy-knex.sqlite';
  const a = createDb(`sqlite:${f}`); const b = createDb(`sqlite:${f}`);
  await a.schema.dropTableIfExists('t'); await a.schema.createTable('t', (t) => { t.integer('id').primary(); t.integer('v'); });
  await a('t').insert([{ id: 1, v: 0 }, { id: 2, v: 0 }]);
  console.log(await b.raw('pragma journal_mode'), await b.raw('pragma busy_timeout'));
  b.on('query', (q) => console.log('B', Date.now() % 100000, q.sql));
  const trx = await a.transaction();
  await trx('t').where({ id: 1 }).increment('v', 1);
  const t0 = Date.now();
  const p = b.transaction(async (tx) => { await tx('t').where({ id: 2 }).first(); console.log('read done', Date.now() - t0); await tx('t').where({ id: 2 }).update({ v: 5 }); }).then(() => `ok after ${Date.now() - t0}ms`, (e) => `error ${e.code} after ${Date.now() - t0}ms`);
  setTimeout(async () => { console.log('committing'); await trx.commit(); console.log(await p); await a.destroy(); await b.destroy(); }, 300);
})();
