import { pageQuerySchema } from '../shared/http/pagination';
import { S } from '../shared/http/validation';

export const CASE_TYPES = ['complaint', 'return', 'warranty', 'question'] as const;
export const SEVERITIES = ['low', 'normal', 'high', 'critical'] as const;
export const CHANNELS = ['portal', 'email', 'phone', 'api'] as const;
export const CASE_STATUSES = ['new', 'open', 'waiting_on_customer', 'resolved', 'closed'] as const;
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export const DISPOSITIONS = ['credit', 'replace', 'repair', 'scrap', 'return_to_customer'] as const;
export const TARGET_STATES = ['running', 'paused', 'warning', 'met', 'breached'] as const;

export type CaseType = (typeof CASE_TYPES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Channel = (typeof CHANNELS)[number];
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type Priority = (typeof PRIORITIES)[number];
export type Disposition = (typeof DISPOSITIONS)[number];

const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] });
const timestamp = { type: 'string', format: 'date-time' };

export const newCaseSchema = S.object(
  {
    accountId: S.id,
    type: { enum: CASE_TYPES },
    subject: S.str(200),
    description: S.str(4000),
    orderId: S.id,
    lineNo: { type: 'integer', minimum: 1, maximum: 100000 },
    serialOrBatch: S.str(60),
    severity: { enum: SEVERITIES },
    channel: { enum: CHANNELS },
  },
  ['accountId', 'type', 'subject', 'description'],
);
export interface NewCase {
  accountId: string;
  type: CaseType;
  subject: string;
  description: string;
  orderId?: string;
  lineNo?: number;
  serialOrBatch?: string;
  severity?: Severity;
  channel?: Channel;
}

export const messageSchema = S.object({ body: S.str(8000), internal: { type: 'boolean' } }, ['body']);
export interface NewMessage {
  body: string;
  internal?: boolean;
}

export const statusSchema = S.object(
  {
    status: { enum: CASE_STATUSES },
    reason: S.str(500),
    causeCode: S.string({ minLength: 1, maxLength: 30, pattern: '^[A-Z0-9][A-Z0-9_-]*$' }),
  },
  ['status'],
);
export interface StatusChange {
  status: CaseStatus;
  reason?: string;
  /** Closing: the root cause, from the admins' list (a complaint is closed only with one). */
  causeCode?: string;
}

export const assignSchema = S.object({ userId: S.id }, ['userId']);
export interface Assignment {
  userId: string;
}

// maxDecimals, not multipleOf: ajv divides in binary floating point, where 0.7 / 0.001 is no whole number.
const quantity = { type: 'number', exclusiveMinimum: 0, maximum: 1e12, maxDecimals: 3 };

export const newRmaSchema = S.object(
  {
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: 200,
      items: S.object(
        { orderId: S.id, lineNo: { type: 'integer', minimum: 1 }, quantity, reason: S.str(500) },
        ['orderId', 'lineNo', 'quantity', 'reason'],
      ),
    },
    disposition: { enum: DISPOSITIONS },
  },
  ['lines', 'disposition'],
);
export interface NewRma {
  lines: Array<{ orderId: string; lineNo: number; quantity: number; reason: string }>;
  disposition: Disposition;
}

export const listCasesQuery = S.object({
  ...pageQuerySchema,
  status: { enum: CASE_STATUSES },
  type: { enum: CASE_TYPES },
  accountId: S.id,
  assignee: { anyOf: [S.id, { const: 'none' }] },
  breached: { enum: ['true', 'false'] },
});
export interface ListCasesQuery {
  limit?: string;
  cursor?: string;
  status?: CaseStatus;
  type?: CaseType;
  accountId?: string;
  /** A user id, or `none` for the unassigned. */
  assignee?: string;
  breached?: 'true' | 'false';
}

export const idParams = S.object({ id: S.id }, ['id']);
export type IdParams = { id: string };

const hours = { type: 'number', exclusiveMinimum: 0, maximum: 10000, maxDecimals: 2 };
export const slaTargetsSchema = S.object(
  {
    targets: {
      type: 'array',
      minItems: 1,
      maxItems: 4,
      items: S.object({ priority: { enum: PRIORITIES }, firstResponseHours: hours, resolutionHours: hours }, [
        'priority',
        'firstResponseHours',
        'resolutionHours',
      ]),
    },
  },
  ['targets'],
);
export interface SlaTarget {
  priority: Priority;
  firstResponseHours: number;
  resolutionHours: number;
}
export interface SlaTargets {
  targets: SlaTarget[];
}

// ---------------------------------------------------------------------------------------------
// Responses

export interface Sla {
  firstResponseDue: string;
  firstResponseState: (typeof TARGET_STATES)[number];
  resolutionDue: string;
  resolutionState: (typeof TARGET_STATES)[number];
  state: (typeof TARGET_STATES)[number];
}

export interface Warranty {
  applies: boolean;
  until: string;
  reason: string;
}

export interface CaseSummary {
  id: string;
  number: string;
  accountId: string;
  type: CaseType;
  subject: string;
  orderId: string | null;
  lineNo: number | null;
  serialOrBatch: string | null;
  severity: Severity;
  priority: Priority;
  channel: Channel;
  status: CaseStatus;
  assignee: string | null;
  sla: Sla;
  breached: boolean;
  warranty: Warranty | null;
  createdAt: string;
  updatedAt: string;
}

export interface TimelineEntry {
  at: string;
  kind: string;
  actorId: string | null;
  internal: boolean;
  body: string | null;
  from: string | null;
  to: string | null;
  detail: string | null;
}

export interface RmaView {
  rmaNumber: string;
  status: 'authorized' | 'partially_received' | 'received';
  disposition: Disposition;
  createdAt: string;
  lines: Array<{
    lineNo: number;
    orderId: string;
    orderLineNo: number;
    sku: string;
    quantity: number;
    receivedQuantity: number;
  }>;
}

export interface CaseDetail extends CaseSummary {
  description: string;
  timeline: TimelineEntry[];
  rmas: RmaView[];
}

const slaSchema = S.object({
  firstResponseDue: timestamp,
  firstResponseState: { enum: TARGET_STATES },
  resolutionDue: timestamp,
  resolutionState: { enum: TARGET_STATES },
  state: { enum: TARGET_STATES },
});

const warrantySchema = nullable(
  S.object({ applies: { type: 'boolean' }, until: S.date, reason: { type: 'string' } }),
);

const summaryProperties = {
  id: S.id,
  number: { type: 'string' },
  accountId: S.id,
  type: { enum: CASE_TYPES },
  subject: { type: 'string' },
  orderId: nullable(S.id),
  lineNo: { type: ['integer', 'null'] },
  serialOrBatch: { type: ['string', 'null'] },
  severity: { enum: SEVERITIES },
  priority: { enum: PRIORITIES },
  channel: { enum: CHANNELS },
  status: { enum: CASE_STATUSES },
  assignee: nullable(S.id),
  sla: slaSchema,
  breached: { type: 'boolean', description: 'a breach of either target was recorded (never undone)' },
  warranty: warrantySchema,
  createdAt: timestamp,
  updatedAt: timestamp,
};

export const caseSummarySchema = S.object(summaryProperties);

export const rmaViewSchema = S.object({
  rmaNumber: { type: 'string' },
  status: { enum: ['authorized', 'partially_received', 'received'] },
  disposition: { enum: DISPOSITIONS },
  createdAt: timestamp,
  lines: {
    type: 'array',
    items: S.object({
      lineNo: { type: 'integer' },
      orderId: S.id,
      orderLineNo: { type: 'integer' },
      sku: { type: 'string' },
      quantity: { type: 'number' },
      receivedQuantity: { type: 'number' },
    }),
  },
});

export const caseDetailSchema = S.object({
  ...summaryProperties,
  description: { type: 'string' },
  timeline: {
    type: 'array',
    items: S.object({
      at: timestamp,
      kind: {
        enum: [
          'created',
          'message',
          'status_changed',
          'assigned',
          'sla_breached',
          'rma_authorized',
          'rma_received',
        ],
      },
      actorId: nullable(S.id),
      internal: { type: 'boolean' },
      body: { type: ['string', 'null'] },
      from: { type: ['string', 'null'] },
      to: { type: ['string', 'null'] },
      detail: { type: ['string', 'null'] },
    }),
  },
  rmas: { type: 'array', items: rmaViewSchema },
});
