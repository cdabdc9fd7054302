import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { NO_DUE } from '../src/cases/cases.repository';
import { dialectOf, rowsPerStatement } from '../src/shared/db/knex';

/**
 * The bench's service desk, written with multi-row inserts: `cases` cases (one in five still open,
 * every open one past its due with no breach recorded yet, so the sweep has a breach to record on
 * each) and `eventsPerCase` timeline entries per case, over `accounts` accounts and `agents`
 * service users. Deterministic: case i's fields come from i.
 */
export interface SeedShape {
  cases: number;
  eventsPerCase: number;
  accounts: number;
  agents: string[];
}

const TYPES = ['complaint', 'return', 'warranty', 'question'];
const SEVERITIES: Array<[string, string]> = [
  ['low', 'P4'],
  ['normal', 'P3'],
  ['high', 'P2'],
  ['critical', 'P1'],
];
const HOUR = 3_600_000;

async function insertAll(db: Knex, table: string, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  // knex writes a multi-row insert on SQLite as SELECT … UNION ALL, and SQLite allows 500 of those.
  const per = Math.min(
    rowsPerStatement(db, Object.keys(rows[0]!).length),
    dialectOf(db) === 'sqlite' ? 500 : 5000,
  );
  for (let i = 0; i < rows.length; i += per) await db(table).insert(rows.slice(i, i + per));
}

export async function seedCases(db: Knex, shape: SeedShape, now: number): Promise<{ open: number }> {
  const at = new Date(now).toISOString();
  const accounts = Array.from({ length: shape.accounts }, (_, i) => ({
    id: crypto.randomUUID(),
    erp_customer_id: `BENCH-${i}`,
    name: `Bench account ${i}`,
    country: 'DE',
    currency: 'EUR',
    payment_terms: 'NET30',
    active: true,
    created_at: at,
    updated_at: at,
  }));
  await insertAll(db, 'accounts', accounts);
  let open = 0;
  const CHUNK = 5000;
  for (let start = 0; start < shape.cases; start += CHUNK) {
    const cases: object[] = [];
    const events: object[] = [];
    for (let i = start; i < Math.min(shape.cases, start + CHUNK); i++) {
      const isOpen = i % 5 === 0;
      open += Number(isOpen);
      const created = now - (isOpen ? 3 + (i % 20) : 30 + (i % 300)) * 24 * HOUR - (i % 1000) * 1000;
      const createdAt = new Date(created).toISOString();
      const [severity, priority] = SEVERITIES[i % 4]!;
      const resolvedAt = new Date(created + 2 * 24 * HOUR).toISOString();
      const id = crypto.randomUUID();
      cases.push({
        id,
        number: `CS-B${String(i).padStart(8, '0')}`,
        account_id: accounts[i % accounts.length]!.id,
        type: TYPES[i % TYPES.length],
        subject: `Bench case ${i}`,
        description: 'A case written by the bench',
        severity,
        priority,
        channel: 'portal',
        status: isOpen ? (i % 10 === 0 ? 'new' : 'open') : i % 3 === 0 ? 'resolved' : 'closed',
        assignee_id: i % 7 === 0 ? null : shape.agents[i % shape.agents.length],
        created_at: createdAt,
        updated_at: createdAt,
        resolved_at: isOpen ? null : resolvedAt,
        fr_target_minutes: 480,
        fr_due: new Date(created + 8 * HOUR).toISOString(),
        fr_stopped_at: isOpen ? null : resolvedAt,
        res_target_minutes: 2400,
        res_due: new Date(created + 40 * HOUR).toISOString(),
        res_stopped_at: isOpen ? null : resolvedAt,
        // Past due and not breached yet: each open case is a candidate the sweep must settle.
        sla_next_due: isOpen ? new Date(created + 8 * HOUR).toISOString() : NO_DUE,
        breached: false,
      });
      for (let seq = 1; seq <= shape.eventsPerCase; seq++)
        events.push({
          case_id: id,
          seq,
          at: new Date(created + seq * 60_000).toISOString(),
          kind: seq === 1 ? 'created' : 'message',
          actor_id: null,
          internal: seq % 4 === 0,
          body: seq === 1 ? null : `Message ${seq} of bench case ${i}`,
          detail: seq % 2 ? 'customer' : 'staff',
        });
    }
    await insertAll(db, 'cases', cases);
    await insertAll(db, 'case_events', events);
  }
  return { open };
}
