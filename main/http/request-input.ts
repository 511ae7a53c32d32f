import type { FastifyInstance } from 'fastify';
import { AppError } from '../../common/errors';
import { summarize } from '../../common/contract/validate';

export const MAX_BODY_BYTES = 1024 * 1024;

// Keys that would reach an object's prototype if anything ever merged this input.
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The path ("rates.0.__proto__") of the first prototype key in a parsed value, or null. Iterative: any depth. */
export function findPrototypeKey(value: unknown): string | null {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value !== 'object' || item.value === null) continue;
    for (const key of Object.keys(item.value)) {
      const path = [...item.path, key];
      if (PROTOTYPE_KEYS.has(key)) return path.join('.');
      stack.push({ value: (item.value as Record<string, unknown>)[key], path });
    }
  }
  return null;
}

/** Refuses a prototype key as the unknown field it is (no operation has one), naming it. */
export function refusePrototypeKeys(value: unknown): void {
  const path = findPrototypeKey(value);
  if (path === null) return;
  const fields = { [path]: `Unknown field "${path.split('.').pop()}"` };
  throw new AppError('validation', summarize(fields), fields);
}

// A fatal decoder: bytes that are not UTF-8 (a lone surrogate's CESU bytes, 0xFF) are refused, never replaced by U+FFFD.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

const MALFORMED_QUERY = 'Has a malformed %-escape (a % must start a valid UTF-8 escape like %20)';
// Query fields whose text could not be decoded, by the parsed query they belong to (the router's parser cannot throw).
const malformedQueries = new WeakMap<object, string[]>();

/** `+` is a space in a query string; a %-escape that is not valid UTF-8 is null, never U+FFFD. */
function decodeQueryPart(part: string): string | null {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/**
 * The query string: repeated keys become arrays, and every key is kept as an own property.
 * Unlike URLSearchParams it never swaps an undecodable escape for U+FFFD or keeps it as text:
 * such a field is remembered and refused by refuseMalformedQuery, naming it.
 */
export function parseQueryString(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  const malformed: string[] = [];
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const rawKey = at === -1 ? pair : pair.slice(0, at);
    const key = decodeQueryPart(rawKey);
    const value = decodeQueryPart(at === -1 ? '' : pair.slice(at + 1));
    if (key === null || value === null) {
      malformed.push(key ?? rawKey);
      continue;
    }
    const seen = out[key];
    out[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  if (malformed.length > 0) malformedQueries.set(out, malformed);
  return out;
}

/** Refuses a query whose text parseQueryString could not decode, naming each field. */
export function refuseMalformedQuery(query: object): void {
  const names = malformedQueries.get(query);
  if (!names) return;
  const fields = Object.fromEntries(names.map((name) => [name, MALFORMED_QUERY]));
  throw new AppError('validation', summarize(fields), fields);
}

/**
 * Bodies: JSON in UTF-8 only, at most 1 MB (Fastify's bodyLimit refuses a larger declared or streamed
 * body with 413 and closes the connection); an empty body of any type is `{}`.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_request, buffer, done) => {
    if (buffer.length === 0) return done(null, {});
    let text: string;
    try {
      text = STRICT_UTF8.decode(buffer as Buffer);
    } catch {
      return done(new AppError('bad_request', 'The body is not valid UTF-8 (send text encoded as UTF-8, with no lone surrogates)'), undefined);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      return done(new AppError('bad_request', `The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`), undefined);
    }
    try {
      refusePrototypeKeys(body);
    } catch (error) {
      return done(error as AppError, undefined);
    }
    done(null, body);
  });
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_request, buffer, done) => {
    if (buffer.length === 0) return done(null, {});
    done(new AppError('unsupported_media_type', 'Send the body as JSON with Content-Type: application/json'), undefined);
  });
}
