import 'dotenv/config';
import { isHolidayCountry } from './cases/sla.calendar';
import { parseServiceHours } from './cases/sla.engine';
import { isTimeZone } from './shared/time';

/**
 * Settings from the environment (and .env), read and validated once at start. Every setting of
 * the contract's table is here with its default; a bad value stops the start with a message
 * that names the variable.
 */
export interface Config {
  port: number;
  databaseUrl: string;
  redisUrl: string | undefined;
  erpConnector: string;
  erpDropDir: string;
  /** Column/query mapping of the connector; default connectors/<connector>/mapping.json. */
  erpMappingFile: string | undefined;
  /** The ERP's own SQL Server, for ERP_CONNECTOR=mssql (not FactoryDesk's database). */
  erpMssqlUrl: string | undefined;
  exportDir: string;
  syncCron: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  demoData: boolean;
  /** Weeks of simulated history the demo company gets on an empty database, ending today. */
  demoWeeks: number;
  /** Snapshot shrink guard: a snapshot losing more than this fraction of its rows is refused. */
  snapshotShrinkGuard: number;
  /** A queued sync no worker started for this long is abandoned and may be replaced. */
  syncStaleAfterSeconds: number;
  /**
   * The orders_out files are the whole picture, so order changes rewrite them at most once per this
   * many seconds (0: at once after each change); 'night': only the nightly run (and a flush) writes them.
   */
  ordersOutCoalesce: number | 'night';
  /** A running sync refreshes its lease every sixth of this; one silent this long belongs to a dead process. */
  syncLeaseSeconds: number;
  /** On SIGTERM, how long requests in flight (and running in-process jobs) may take to finish. */
  shutdownGraceSeconds: number;
  /**
   * Bull's job lock: a worker renews it while a job runs; a job whose lock lapsed (its worker was
   * killed) is run again by another worker within about twice this.
   */
  jobLockSeconds: number;
  /** First retry delay of a failed e-mail (doubling after each try). */
  mailRetryDelaySeconds: number;
  /** Token lifetime for POST /api/auth/token, in hours. */
  tokenTtlHours: number;
  sessionTtlHours: number;
  /** Cookies marked Secure (set when served behind HTTPS). */
  secureCookies: boolean;
  logLevel: string;
  /** Largest discount (percent off the agreement or list price) each role may send without an admin's approval. */
  discountAuthority: Record<string, number>;
  /** Days a new quotation stays valid when it names no validUntil. */
  quoteValidityDays: number;
  /** smtp://user:pass@host:port (or smtps://); unset, e-mails are written to OUTBOX_DIR. */
  smtpUrl: string | undefined;
  mailFrom: string;
  outboxDir: string;
  /** The manufacturer's name and address lines on documents and e-mails ("|" separates lines). */
  companyName: string;
  companyAddress: string[];
  /** Where people reach this server (links in e-mails), e.g. https://crm.example.com. */
  publicUrl: string;
  /** The service desk's working hours (`Mon-Fri 08:00-17:00`), time zone and holiday country. */
  serviceHours: string;
  serviceTimezone: string;
  serviceHolidays: string | null;
  /** An .xlsx (ERP drop or quote-line upload) inflating beyond this is refused; XLSX_MAX_INFLATED_MB. */
  xlsxMaxInflatedMb: number;
  /** An .xlsx part inflating more than this many times its compressed size is refused; XLSX_MAX_RATIO. */
  xlsxMaxRatio: number;
  /** The service mailbox, imap(s)://user:password@host:port (CASES_IMAP_URL); unset, .eml files in casesMailDir are read. */
  casesImapUrl: string | undefined;
  /** Where .eml files dropped for the service desk wait to be read (CASES_MAIL_DIR). */
  casesMailDir: string;
  /** Attachments of cases, outside the web root (CASES_ATTACHMENT_DIR). */
  casesAttachmentDir: string;
  /** The service team lead's e-mail (SERVICE_TEAM_LEAD), warned with the assignee before an SLA breach; unset, every active admin. */
  serviceTeamLead: string | undefined;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid setting ${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const str = (env: Env, name: string, def: string): string => {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? def : v;
};

const optional = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
};

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return def;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function onOff(env: Env, name: string, def: boolean): boolean {
  const raw = optional(env, name)?.toLowerCase();
  if (raw === undefined) return def;
  if (['on', 'true', '1', 'yes'].includes(raw)) return true;
  if (['off', 'false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(name, `expected on or off, got "${raw}"`);
}

function fraction(env: Env, name: string, def: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 1)
    throw new ConfigError(name, `expected a number in (0, 1], got "${raw}"`);
  return n;
}

function databaseUrl(env: Env): string {
  const url = str(env, 'DATABASE_URL', 'sqlite:./data/factorydesk.sqlite');
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+|mssql:\/\/.+)$/.test(url)) {
    throw new ConfigError('DATABASE_URL', 'expected sqlite:<path>, postgres://… or mssql://…');
  }
  return url;
}

function redisUrl(env: Env): string | undefined {
  const url = optional(env, 'REDIS_URL');
  if (url !== undefined && !/^rediss?:\/\/.+/.test(url))
    throw new ConfigError('REDIS_URL', 'expected redis://host:port');
  return url;
}

function erpMssqlUrl(env: Env): string | undefined {
  const url = optional(env, 'ERP_MSSQL_URL');
  if (url !== undefined && !url.startsWith('mssql://'))
    throw new ConfigError('ERP_MSSQL_URL', 'expected mssql://user:password@host:port/database');
  if (url === undefined && str(env, 'ERP_CONNECTOR', 'file-drop') === 'mssql')
    throw new ConfigError('ERP_MSSQL_URL', 'is required when ERP_CONNECTOR=mssql');
  return url;
}

const CRON_FIELD = /^[\d*/,\-A-Za-z?LW#]+$/;

function cron(env: Env, name: string, def: string): string {
  const v = str(env, name, def);
  const fields = v.split(/\s+/);
  if (fields.length < 5 || fields.length > 6 || !fields.every((f) => CRON_FIELD.test(f))) {
    throw new ConfigError(name, `expected a cron expression like "0 2 * * *", got "${v}"`);
  }
  return v;
}

function adminCredentials(env: Env): { email?: string; password?: string } {
  const email = optional(env, 'ADMIN_EMAIL');
  const password = optional(env, 'ADMIN_PASSWORD');
  if ((email === undefined) !== (password === undefined)) {
    throw new ConfigError(
      email === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD',
      'ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
    );
  }
  if (email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(email))
    throw new ConfigError('ADMIN_EMAIL', 'not an e-mail address');
  if (password !== undefined && password.length < 10)
    throw new ConfigError('ADMIN_PASSWORD', 'must be at least 10 characters');
  return { ...(email && { email }), ...(password && { password }) };
}

const ROLE_NAMES = ['admin', 'account_manager', 'planner', 'service', 'customer'];

/** "account_manager:10,admin:100" -> { account_manager: 10, admin: 100 }; roles not named have 0. */
function discountAuthority(env: Env): Record<string, number> {
  const raw = str(env, 'DISCOUNT_AUTHORITY', 'account_manager:10,admin:100');
  const out: Record<string, number> = Object.fromEntries(ROLE_NAMES.map((r) => [r, 0]));
  for (const part of raw.split(',')) {
    const m = /^\s*([a-z_]+)\s*:\s*(\d{1,3}(?:\.\d{1,3})?)\s*$/.exec(part);
    if (!m || !ROLE_NAMES.includes(m[1]!) || Number(m[2]) > 100) {
      throw new ConfigError(
        'DISCOUNT_AUTHORITY',
        `expected role:percent pairs like "account_manager:10,admin:100", got "${part.trim()}"`,
      );
    }
    out[m[1]!] = Number(m[2]);
  }
  return out;
}

function smtpUrl(env: Env): string | undefined {
  const url = optional(env, 'SMTP_URL');
  if (url !== undefined && !/^smtps?:\/\/.+/.test(url))
    throw new ConfigError('SMTP_URL', 'expected smtp://user:password@host:port or smtps://…');
  return url;
}

function serviceHours(env: Env): string {
  const v = str(env, 'SERVICE_HOURS', 'Mon-Fri 08:00-17:00');
  if (!parseServiceHours(v))
    throw new ConfigError('SERVICE_HOURS', `expected days and hours like "Mon-Fri 08:00-17:00", got "${v}"`);
  return v;
}

function serviceTimezone(env: Env): string {
  const v = str(env, 'SERVICE_TIMEZONE', 'UTC');
  if (!isTimeZone(v)) throw new ConfigError('SERVICE_TIMEZONE', `expected an IANA time zone, got "${v}"`);
  return v;
}

function serviceHolidays(env: Env): string | null {
  const v = optional(env, 'SERVICE_HOLIDAYS')?.toUpperCase();
  if (v === undefined) return null;
  if (!isHolidayCountry(v))
    throw new ConfigError('SERVICE_HOLIDAYS', `expected an ISO 3166 country code such as DE, got "${v}"`);
  return v;
}

/** An optional setting that, when set, must match its pattern. */
function optionalMatching(env: Env, name: string, pattern: RegExp, problem: string): string | undefined {
  const v = optional(env, name);
  if (v !== undefined && !pattern.test(v)) throw new ConfigError(name, problem);
  return v;
}

export function loadConfig(env: Env = process.env): Config {
  const admin = adminCredentials(env);
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    databaseUrl: databaseUrl(env),
    redisUrl: redisUrl(env),
    erpConnector: str(env, 'ERP_CONNECTOR', 'file-drop'),
    erpDropDir: str(env, 'ERP_DROP_DIR', './data/erp-drop'),
    erpMappingFile: optional(env, 'ERP_MAPPING_FILE'),
    erpMssqlUrl: erpMssqlUrl(env),
    exportDir: str(env, 'EXPORT_DIR', './data/exports'),
    syncCron: cron(env, 'SYNC_CRON', '0 2 * * *'),
    adminEmail: admin.email,
    adminPassword: admin.password,
    demoData: onOff(env, 'DEMO_DATA', true),
    demoWeeks: int(env, 'DEMO_WEEKS', 26, 1, 104),
    snapshotShrinkGuard: fraction(env, 'SNAPSHOT_SHRINK_GUARD', 0.5),
    syncStaleAfterSeconds: int(env, 'SYNC_STALE_AFTER_SECONDS', 300, 1, 86_400),
    ordersOutCoalesce:
      optional(env, 'ORDERS_OUT_COALESCE_SECONDS') === 'night'
        ? 'night'
        : int(env, 'ORDERS_OUT_COALESCE_SECONDS', 5, 0, 3600),
    syncLeaseSeconds: int(env, 'SYNC_LEASE_SECONDS', 30, 3, 3600),
    shutdownGraceSeconds: int(env, 'SHUTDOWN_GRACE_SECONDS', 20, 1, 3600),
    jobLockSeconds: int(env, 'JOB_LOCK_SECONDS', 30, 1, 3600),
    mailRetryDelaySeconds: int(env, 'MAIL_RETRY_DELAY_SECONDS', 30, 1, 3600),
    tokenTtlHours: int(env, 'TOKEN_TTL_HOURS', 24 * 30, 1, 24 * 365),
    sessionTtlHours: int(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
    secureCookies: onOff(env, 'SECURE_COOKIES', false),
    logLevel: str(env, 'LOG_LEVEL', 'info'),
    discountAuthority: discountAuthority(env),
    quoteValidityDays: int(env, 'QUOTE_VALIDITY_DAYS', 30, 1, 365),
    smtpUrl: smtpUrl(env),
    mailFrom: str(env, 'MAIL_FROM', 'FactoryDesk <no-reply@factorydesk.local>'),
    outboxDir: str(env, 'OUTBOX_DIR', './data/outbox'),
    companyName: str(env, 'COMPANY_NAME', 'Demo Valves & Pumps B.V.'),
    publicUrl: str(env, 'PUBLIC_URL', `http://localhost:${int(env, 'PORT', 3000, 0, 65535)}`).replace(
      /\/+$/,
      '',
    ),
    serviceHours: serviceHours(env),
    serviceTimezone: serviceTimezone(env),
    serviceHolidays: serviceHolidays(env),
    companyAddress: str(env, 'COMPANY_ADDRESS', 'Industrieweg 12|3044 AS Rotterdam|Netherlands')
      .split('|')
      .map((l) => l.trim())
      .filter(Boolean),
    xlsxMaxInflatedMb: int(env, 'XLSX_MAX_INFLATED_MB', 200, 1, 10_000),
    xlsxMaxRatio: int(env, 'XLSX_MAX_RATIO', 100, 2, 100_000),
    casesImapUrl: optionalMatching(
      env,
      'CASES_IMAP_URL',
      /^imaps?:\/\/.+/,
      'expected imap://user:password@host:port or imaps://…',
    ),
    casesMailDir: str(env, 'CASES_MAIL_DIR', './data/mail-in'),
    casesAttachmentDir: str(env, 'CASES_ATTACHMENT_DIR', './data/attachments'),
    serviceTeamLead: optionalMatching(env, 'SERVICE_TEAM_LEAD', /^[^@\s]+@[^@\s]+$/, 'not an e-mail address'),
  };
}

/** The XLSX readers' limits (src/shared/cells/xlsx-zip.ts) in bytes. */
export const xlsxLimitsOf = (config: Config): { maxInflatedBytes: number; maxRatio: number } => ({
  maxInflatedBytes: config.xlsxMaxInflatedMb * 2 ** 20,
  maxRatio: config.xlsxMaxRatio,
});
