import type { Duplex } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { contentDisposition, type FileOut } from '../../common/contract/files';
import { AppError, HTTP_STATUS, type ErrorCode, type ErrorValue } from '../../common/errors';
import type { Logger } from '../ports';

export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
} as const;

/** Headers of every API answer: the security set, and never stored by a cache. */
export const API_HEADERS = { ...SECURITY_HEADERS, 'cache-control': 'no-store' } as const;

const JSON_TYPE = 'application/json; charset=utf-8';

export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).headers(API_HEADERS).type(JSON_TYPE).send(JSON.stringify(body));
}

/** A download: the file's bytes with its type and name; never stored by a cache. */
export function sendFile(reply: FastifyReply, status: number, kind: 'attachment' | 'inline', file: FileOut): FastifyReply {
  const bytes = typeof file.data === 'string' ? Buffer.from(file.data, 'utf8') : Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength);
  return reply.code(status).headers(API_HEADERS).header('content-type', file.type).header('content-disposition', contentDisposition(kind, file.name)).send(bytes);
}

/** `{ error, code, fields? }` with the code's status; a rate limit's wait becomes Retry-After. */
export function sendError(reply: FastifyReply, error: ErrorValue, headers: Record<string, string> = {}): FastifyReply {
  const body: Record<string, unknown> = { error: error.message, code: error.code };
  if (error.fields) body.fields = error.fields;
  if (error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter));
  reply.headers(headers);
  return sendJson(reply, HTTP_STATUS[error.code], body);
}

// Fastify's own refusals, in the app's words (the framework's codes and messages are its own).
const FRAMEWORK_ERRORS: Record<string, ErrorValue> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'The request body is larger than 1 MB' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'Send the body as JSON with Content-Type: application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'bad_request', message: 'The body is not as long as its Content-Length says' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'bad_request', message: 'The body is empty but says it is JSON' },
};

const CODE_BY_STATUS = new Map<number, ErrorCode>(
  (Object.entries(HTTP_STATUS) as [ErrorCode, number][]).filter(([code]) => code !== 'validation').map(([code, status]) => [status, code]),
);

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Turns anything thrown while answering into an error value; the unexpected ones are logged. */
export function errorValueOf(error: unknown, logger: Logger, url: string): ErrorValue {
  if (error instanceof AppError) return error.toValue();
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && code in FRAMEWORK_ERRORS) return FRAMEWORK_ERRORS[code]!;
  const status = statusOf(error);
  if (status !== undefined && status >= 400 && status < 500) {
    return { code: CODE_BY_STATUS.get(status) ?? 'bad_request', message: error instanceof Error ? error.message : 'Bad request' };
  }
  logger.error('http request failed', { url, error: error instanceof Error ? error.stack : String(error) });
  return { code: 'internal', message: 'Something went wrong on our side; the details are in the log.' };
}

// Node's own statuses for requests it could not even parse; the body in the app's shape.
const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request took too long to arrive'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'The request headers are larger than the server accepts'],
};

/** A request that is not valid HTTP (bad framing, huge headers, too slow): answered, then the socket is closed. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, message] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'Bad Request', 'The request is not valid HTTP'];
  const body = JSON.stringify({ error: message, code: 'bad_request' });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
