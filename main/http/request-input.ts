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

/** The query string as today: repeated keys become arrays, and every key is kept as an own property. */
export function parseQueryString(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  const params = new URLSearchParams(text);
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

/**
 * Bodies: JSON only, at most 1 MB (Fastify's bodyLimit refuses a larger declared or streamed
 * body with 413 and closes the connection); an empty body of any type is `{}`.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: MAX_BODY_BYTES }, (_request, text, done) => {
    if (text === '') return done(null, {});
    let body: unknown;
    try {
      body = JSON.parse(text as string);
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
