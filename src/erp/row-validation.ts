import crypto from 'node:crypto';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { SourceRow } from '../../connectors/connector';
import { ajv, unstorableText } from '../shared/http/validation';
import { isTimeZone } from '../shared/time';
import { ColumnSpec, ColumnType, DatasetSpec, DATASETS } from './datasets';

export type StagedValue = string | number | boolean | null;

export type CheckedRow =
  | { ok: true; values: StagedValue[]; rowHash: string }
  /** key: the row's key values when they are readable, so a snapshot keeps that key open. */
  | { ok: false; reason: string; key: StagedValue[] | null };

const PATTERN: Partial<Record<ColumnType, string>> = {
  int: '^[0-9]{1,9}$',
  qty: '^[0-9]{1,15}(\\.[0-9]{1,3})?$',
  money: '^[0-9]{1,14}(\\.[0-9]{1,4})?$',
  bool: '^(true|false|1|0|yes|no|y|n)$',
  country: '^[A-Z]{2}$',
};

const EXPECTED: Record<ColumnType, string> = {
  text: 'text',
  int: 'a whole number ≥ 0',
  qty: 'a quantity ≥ 0 with at most 3 decimals',
  money: 'an amount ≥ 0 with at most 4 decimals',
  date: 'a real date YYYY-MM-DD',
  bool: 'true or false',
  enum: 'one of the listed values',
  email: 'an e-mail address',
  country: 'an ISO 3166 alpha-2 country code such as DE',
};

function columnSchema(c: ColumnSpec): Record<string, unknown> {
  const s: Record<string, unknown> = { type: 'string', nullable: !c.required };
  if (c.max) s.maxLength = c.max;
  const pattern = PATTERN[c.type];
  if (pattern) s.pattern = pattern;
  if (c.type === 'date') s.format = 'iso-date';
  if (c.type === 'email') s.format = 'email';
  if (c.type === 'enum') s.enum = c.required ? [...c.values!] : [...c.values!, null];
  return s;
}

/** The ajv schema of one dataset's row, as text after column mapping; compiled once per dataset. */
export function rowSchema(spec: DatasetSpec): Record<string, unknown> {
  return {
    type: 'object',
    properties: Object.fromEntries(spec.columns.map((c) => [c.name, columnSchema(c)])),
    required: spec.columns.filter((c) => c.required).map((c) => c.name),
  };
}

const VALIDATORS = new Map<string, ValidateFunction>(
  DATASETS.map((d) => [d.name, ajv.compile(rowSchema(d))]),
);

function reasonOf(spec: DatasetSpec, e: ErrorObject, row: Record<string, string | null>): string {
  const name = e.keyword === 'required' ? String(e.params.missingProperty) : e.instancePath.slice(1);
  const col = spec.columns.find((c) => c.name === name);
  const value = row[name];
  if (e.keyword === 'required' || (e.keyword === 'type' && value === null)) return `${name} is required`;
  // A country code too long is a wrong code, not a long text: one reason, not two.
  if (e.keyword === 'maxLength' && col?.type !== 'country')
    return `${name} is longer than ${col?.max} characters`;
  if (col && (col.type === 'qty' || col.type === 'money' || col.type === 'int') && value?.startsWith('-'))
    return `${name} must not be negative, got "${value}"`;
  if (col?.type === 'enum') return `${name} must be one of ${col.values!.join(', ')}, got "${value}"`;
  return `${name}: expected ${col ? EXPECTED[col.type] : 'a valid value'}, got "${value}"`;
}

/** One text per number ("450.50", "0450.5" → "450.5"), so equal values hash equal whatever the source wrote. */
const PLAIN_INTEGER = /^(0|[1-9][0-9]*)$/;

export function canonicalDecimal(s: string): string {
  if (PLAIN_INTEGER.test(s)) return s; // the common case, without splitting
  const [whole = '0', frac = ''] = s.split('.');
  const int = whole.replace(/^0+(?=\d)/, '');
  const f = frac.replace(/0+$/, '');
  return f ? `${int}.${f}` : int;
}

function typed(c: ColumnSpec, v: string | null): StagedValue {
  if (v === null) return c.default ?? null;
  switch (c.type) {
    case 'int':
      return Number(v);
    case 'qty':
    case 'money':
      return canonicalDecimal(v);
    case 'bool':
      return ['true', '1', 'yes', 'y'].includes(v);
    default:
      return v;
  }
}

/** Rules across columns that a schema cannot say. */
function crossCheck(spec: DatasetSpec, r: Record<string, StagedValue>): string | null {
  if (spec.name === 'stock' && Number(r.blocked) > Number(r.on_hand))
    return `blocked (${r.blocked}) exceeds on_hand (${r.on_hand})`;
  if (spec.name === 'prices' && r.valid_to !== null && String(r.valid_to) < String(r.valid_from))
    return `valid_to (${r.valid_to}) is before valid_from (${r.valid_from})`;
  // A site promises from its own date: an unknown zone would silently count its days in UTC.
  if (spec.name === 'sites' && r.timezone !== null && !isTimeZone(String(r.timezone)))
    return `timezone "${r.timezone}" is not an IANA time zone name (such as Europe/Berlin); leave it empty for UTC`;
  return null;
}

function keyOf(spec: DatasetSpec, row: Record<string, string | null>): StagedValue[] | null {
  const key: StagedValue[] = [];
  for (const k of spec.key) {
    const c = spec.columns.find((x) => x.name === k)!;
    const v = row[k] ?? null;
    const value = v === null ? (c.default ?? null) : v;
    if (
      value === null ||
      unstorableText(String(value)) !== null ||
      (c.type === 'int' && !/^[0-9]{1,9}$/.test(String(value))) ||
      (c.max && String(value).length > c.max)
    )
      return null;
    key.push(typed(c, v));
  }
  return key;
}

/** What PostgreSQL refuses (NUL) or no database keeps as sent (half a surrogate pair), which a text schema accepts. */
function unstorableColumns(spec: DatasetSpec, row: Record<string, string | null>): string | null {
  const reasons: string[] = [];
  for (const c of spec.columns) {
    const v = row[c.name];
    const why = v ? unstorableText(v) : null;
    if (why) reasons.push(`${c.name} ${why}`);
  }
  return reasons.length > 0 ? reasons.join('; ') : null;
}

/** Checks one row against its dataset's schema and rules; the typed values follow spec.columns. */
export function checkRow(spec: DatasetSpec, source: SourceRow): CheckedRow {
  const row: Record<string, string | null> = {};
  for (const c of spec.columns) {
    const v = source.values[c.name] ?? null;
    row[c.name] = v !== null && (c.type === 'bool' || c.type === 'enum') ? v.toLowerCase() : v;
    if (v !== null && c.type === 'country') row[c.name] = v.toUpperCase();
  }
  if (source.problem) return { ok: false, reason: source.problem, key: keyOf(spec, row) };
  // Before the schema: its reasons quote the value, and a reason is stored text too.
  const unstorable = unstorableColumns(spec, row);
  if (unstorable) return { ok: false, reason: unstorable, key: keyOf(spec, row) };
  const validate = VALIDATORS.get(spec.name)!;
  if (!validate(row)) {
    const reasons = [...new Set((validate.errors ?? []).map((e) => reasonOf(spec, e, row)))];
    return { ok: false, reason: reasons.join('; '), key: keyOf(spec, row) };
  }
  const byName: Record<string, StagedValue> = {};
  const values = spec.columns.map((c) => (byName[c.name] = typed(c, row[c.name] ?? null)));
  const problem = crossCheck(spec, byName);
  if (problem) return { ok: false, reason: problem, key: keyOf(spec, row) };
  let text = '';
  for (const v of values) text += v === null ? '\u0000\u0001' : `${v}\u0001`;
  const rowHash = crypto.hash('sha1', text, 'hex');
  return { ok: true, values, rowHash };
}
