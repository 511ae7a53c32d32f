import type { z } from 'zod';
import { AppError, type FieldErrors } from '../errors';

// Field path → message, collected in a Map: a plain object would treat "__proto__" or "constructor"
// as already present (inherited) and silently drop the field's message.
function collect(entries: Iterable<[string, string]>): FieldErrors {
  const messages = new Map<string, string>();
  for (const [path, message] of entries) if (!messages.has(path)) messages.set(path, message);
  // fromEntries defines own properties, so even "__proto__" becomes an ordinary key.
  return Object.fromEntries(messages) as FieldErrors;
}

// An empty key is named '""', so no refusal names a blank field.
const pathOf = (path: readonly PropertyKey[]): string => (path.length > 0 ? path.map((p) => String(p) || '""').join('.') : '_');

/** Turns zod issues into one message per field, worded for people. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const entries: [string, string][] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) entries.push([pathOf([...issue.path, key]), `Unknown field "${key}"`]);
      continue;
    }
    entries.push([pathOf(issue.path), issue.message]);
  }
  return collect(entries);
}

export function summarize(fields: FieldErrors): string {
  const entries = Object.entries(fields);
  if (entries.length === 0) return 'The input is not valid';
  if (entries.length === 1) {
    const [field, message] = entries[0]!;
    return field === '_' ? message : `${field}: ${message}`;
  }
  return `${entries.length} fields need attention: ${entries.map(([f]) => f).join(', ')}`;
}

// A lone half of a UTF-16 surrogate pair cannot be stored or sent as UTF-8 without being replaced.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
/** Keys that name JavaScript's object machinery, never a field of ours. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Deeper than any input of the contract; deeper input is refused before zod walks it. */
const MAX_DEPTH = 16;

/**
 * Checks what zod cannot see per field, for every operation at once: text that is not valid
 * Unicode (a lone surrogate), prototype keys, and absurd nesting. Iterative, so no input can
 * exhaust the stack. Returns the offending fields, or null.
 */
export function inputProblems(raw: unknown): FieldErrors | null {
  const problems: [string, string][] = [];
  const stack: { value: unknown; path: string[] }[] = [{ value: raw, path: [] }];
  while (stack.length > 0 && problems.length < 20) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) problems.push([pathOf(path), 'Contains an invalid character (a lone UTF-16 surrogate); send valid Unicode text']);
      continue;
    }
    // A file's bytes (an upload) hold no text or keys: walking them would be one step per byte.
    if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) continue;
    if (path.length >= MAX_DEPTH) {
      problems.push([pathOf(path), `Is nested too deeply (more than ${MAX_DEPTH} levels)`]);
      continue;
    }
    const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    for (const [key, child] of entries) {
      const childPath = [...path, key];
      // The name is echoed with U+FFFD in place of the surrogate, so the answer itself stays valid text.
      if (LONE_SURROGATE.test(key)) problems.push([pathOf([...path, key.replace(LONE_SURROGATES, '\ufffd')]), 'This field name contains an invalid character (a lone UTF-16 surrogate)']);
      else if (PROTOTYPE_KEYS.has(key)) problems.push([pathOf(childPath), `Unknown field "${key}"`]);
      else stack.push({ value: child, path: childPath });
    }
  }
  return problems.length > 0 ? collect(problems) : null;
}

/** Parses untrusted input at the door; throws a validation AppError naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const problems = inputProblems(raw);
  if (problems) throw new AppError('validation', summarize(problems), problems);
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const fields = fieldErrors(result.error);
  throw new AppError('validation', summarize(fields), fields);
}
