import type { z } from 'zod';
import { AppError, type FieldErrors } from '../errors';

/** Turns zod issues into one message per field, worded for people. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key].join('.');
        fields[path] ??= `Unknown field "${key}"`;
      }
      continue;
    }
    const path = issue.path.length > 0 ? issue.path.join('.') : '_';
    fields[path] ??= issue.message;
  }
  return fields;
}

export function summarize(fields: FieldErrors): string {
  const entries = Object.entries(fields);
  if (entries.length === 1) {
    const [field, message] = entries[0]!;
    return field === '_' ? message : `${field}: ${message}`;
  }
  return `${entries.length} fields need attention: ${entries.map(([f]) => f).join(', ')}`;
}

/** Parses untrusted input at the door; throws a validation AppError naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const fields = fieldErrors(result.error);
  throw new AppError('validation', summarize(fields), fields);
}
