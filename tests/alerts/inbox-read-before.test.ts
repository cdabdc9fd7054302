import crypto from 'node:crypto';
import { markInboxReadBefore } from '../../src/alerts';
import { insertInboxItems } from '../../src/alerts/alerts.repository';
import { createTestUser } from '../support/factories';
import { useTestApp } from '../support/test-app';

const t = useTestApp();

const item = (userId: string, createdAt: string, readAt: string | null = null) => ({
  id: crypto.randomUUID(),
  user_id: userId,
  alert_id: null,
  kind: 'follow_up_due',
  subject: `created ${createdAt}`,
  link: '/',
  order_id: null,
  line_no: null,
  created_at: createdAt,
  read_at: readAt,
});

describe('marking old inbox items read (the demo start)', () => {
  test('only unread items created before the cut are marked; newer ones and earlier readings stay', async () => {
    const user = await createTestUser(t.deps.db, 'account_manager');
    const readEarlier = '2026-10-02T08:00:00.000Z';
    await insertInboxItems(t.deps.db, [
      item(user.id, '2026-10-01T09:00:00.000Z'),
      item(user.id, '2026-10-01T10:00:00.000Z', readEarlier),
      item(user.id, '2026-11-28T23:59:59.999Z'),
      item(user.id, '2026-11-29T00:00:00.000Z'),
    ]);
    const marked = await markInboxReadBefore(t.deps.db, '2026-11-29T00:00:00.000Z');
    const rows = await t.deps
      .db('inbox_items')
      .where('user_id', user.id)
      .orderBy('created_at')
      .select('created_at', 'read_at');
    expect(Number(marked)).toBe(2);
    expect(rows.map((r) => [String(r.created_at).slice(0, 10), r.read_at !== null])).toEqual([
      ['2026-10-01', true],
      ['2026-10-01', true],
      ['2026-11-28', true],
      ['2026-11-29', false],
    ]);
    expect(rows[1]!.read_at).toBe(readEarlier);
  });
});
