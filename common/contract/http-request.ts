import { HTTP_STATUS, type ErrorCode, type ErrorValue, type FieldErrors, type Result } from '../errors';
import type { HttpMethod } from './define';
import { fileNameOf, UPLOAD_FIELD, type FileOut } from './files';

// How an operation travels over HTTP, said once for every HTTP client (the renderer in browser mode, the
// desktop's relay to a team server): `:name` path segments from the input, the rest as the query string
// (GET, DELETE) or a JSON body (POST, PUT); an upload's file is the body itself and its other fields the
// query string. The server's router reads requests the same way.

export interface HttpRoute {
  method: HttpMethod;
  path: string;
  upload?: { maxBytes: number } | undefined;
  download?: 'attachment' | 'inline' | undefined;
}

export interface HttpRequestShape {
  method: HttpMethod;
  /** The path with its parameters filled in and, for GET and DELETE, the query string. */
  target: string;
  /** The JSON body of POST and PUT, or an upload's file; undefined otherwise. */
  body: string | Uint8Array | undefined;
  /** The body's Content-Type (JSON, or application/octet-stream for a file). */
  contentType: string | undefined;
}

export const takesBody = (method: HttpMethod): boolean => method === 'POST' || method === 'PUT';

function toQuery(values: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function httpRequestOf(route: HttpRoute, input: Record<string, unknown>): HttpRequestShape {
  const rest: Record<string, unknown> = { ...input };
  const path = route.path.replace(/:(\w+)/g, (_, key: string) => {
    const value = rest[key];
    delete rest[key];
    return encodeURIComponent(String(value));
  });
  if (route.upload) {
    const file = rest[UPLOAD_FIELD];
    delete rest[UPLOAD_FIELD];
    const bytes = file instanceof Uint8Array ? file : new Uint8Array(0);
    return { method: route.method, target: path + toQuery(rest), body: bytes, contentType: 'application/octet-stream' };
  }
  const body = takesBody(route.method);
  return {
    method: route.method,
    target: path + (body ? '' : toQuery(rest)),
    body: body ? JSON.stringify(rest) : undefined,
    contentType: body ? 'application/json' : undefined,
  };
}

/** A download's successful answer as the FileOut its handler returned; named after the route's last path segment when no name was sent. */
export function fileOfHttpAnswer(route: Pick<HttpRoute, 'path'>, contentType: string | null | undefined, disposition: string | null | undefined, bytes: Uint8Array): FileOut {
  const fallbackName = route.path.split('/').pop() || 'download';
  return { name: fileNameOf(disposition) ?? fallbackName, type: contentType ?? 'application/octet-stream', data: bytes };
}

const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && Object.hasOwn(HTTP_STATUS, code);
const CODE_OF_STATUS = new Map<number, ErrorCode>(
  (Object.entries(HTTP_STATUS) as [ErrorCode, number][]).filter(([code]) => code !== 'validation').map(([code, status]) => [status, code]),
);

/** An answer's JSON (`{ error, code, fields? }` on failure, as main/http/replies.ts sends it) as the Result the door gave. */
export function resultOfHttpAnswer(status: number, json: unknown, retryAfter: string | null = null): Result<unknown> {
  if (status >= 200 && status < 300) return { ok: true, data: json };
  const body = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const error: ErrorValue = {
    code: isErrorCode(body.code) ? body.code : (CODE_OF_STATUS.get(status) ?? 'internal'),
    message: typeof body.error === 'string' ? body.error : `The request failed (HTTP ${status})`,
  };
  if (typeof body.fields === 'object' && body.fields !== null) error.fields = body.fields as FieldErrors;
  const wait = retryAfter === null ? NaN : Number(retryAfter);
  if (Number.isInteger(wait) && wait >= 0) error.retryAfter = wait;
  return { ok: false, error };
}
