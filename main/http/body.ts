import type { IncomingMessage } from 'node:http';
import { AppError } from '../../common/errors';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads a JSON body of at most 1 MB; refuses other media types and malformed JSON. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new AppError('payload_too_large', 'The request body is larger than 1 MB');

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new AppError('payload_too_large', 'The request body is larger than 1 MB');
    chunks.push(chunk);
  }
  if (size === 0) return {};

  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new AppError('unsupported_media_type', 'Send the body as JSON with Content-Type: application/json');
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new AppError('bad_request', `The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
