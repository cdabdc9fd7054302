/**
 * The one error of FactoryDesk. Codes form a closed list and each maps to exactly one HTTP
 * status in STATUS_BY_CODE: adding a code without a status does not compile.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'malformed_json'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf_failed'
  | 'not_found'
  | 'conflict'
  | 'illegal_state'
  | 'sync_in_progress'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'business_rule'
  | 'approval_required'
  | 'rate_limited'
  | 'service_unavailable'
  | 'internal';

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation_failed: 400,
  malformed_json: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  illegal_state: 409,
  sync_in_progress: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  business_rule: 422,
  approval_required: 422,
  rate_limited: 429,
  service_unavailable: 503,
  internal: 500,
};

export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  /** Seconds, for 429 and 503 answers. */
  readonly retryAfter?: number;

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = [], retryAfter?: number) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    if (retryAfter !== undefined) this.retryAfter = retryAfter;
  }

  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}

export const notFound = (what = 'Resource'): AppError => new AppError('not_found', `${what} not found`);

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetail[]; requestId?: string };
}

export function toErrorBody(err: AppError, requestId?: string): ErrorBody {
  const body: ErrorBody = { error: { code: err.code, message: err.message, details: err.details } };
  if (requestId) body.error.requestId = requestId;
  return body;
}
