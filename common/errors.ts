// Errors cross every boundary as values; this is their one vocabulary.

export type ErrorCode =
  | 'validation'
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'bad_gateway'
  | 'internal';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  validation: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  // Another server (SMTP) refused: its exact reply is the message.
  bad_gateway: 502,
  unavailable: 503,
};

/** Field path ("renewal_date", "reminder_days.0") → message in words. */
export type FieldErrors = Record<string, string>;

export interface ErrorValue {
  code: ErrorCode;
  message: string;
  fields?: FieldErrors;
  /** rate_limited: whole seconds until a retry can succeed (HTTP sends it as Retry-After). */
  retryAfter?: number;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorValue };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldErrors | undefined;
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message: string, fields?: FieldErrors, options: { retryAfter?: number } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
    this.retryAfter = options.retryAfter;
  }

  toValue(): ErrorValue {
    const value: ErrorValue = { code: this.code, message: this.message };
    if (this.fields) value.fields = this.fields;
    if (this.retryAfter !== undefined) value.retryAfter = this.retryAfter;
    return value;
  }
}

export function isErrorValue(value: unknown): value is ErrorValue {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && v.code in HTTP_STATUS && typeof v.message === 'string';
}
