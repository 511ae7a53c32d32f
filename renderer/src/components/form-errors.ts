import { ApiError } from '../api/client';
import type { FieldErrors } from '../../../common/errors';

export interface FormErrorState {
  fields: FieldErrors;
  message: string | null;
}

export const noErrors: FormErrorState = { fields: {}, message: null };

/** Splits a failed call into per-field messages and one form-level message. */
export function toFormErrors(error: unknown, knownFields: readonly string[]): FormErrorState {
  if (!(error instanceof ApiError)) {
    return { fields: {}, message: error instanceof Error ? error.message : 'Something went wrong' };
  }
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const [field, message] of Object.entries(error.fields)) {
    if (knownFields.includes(field)) fields[field] = message;
    else other.push(message);
  }
  const hasFields = Object.keys(fields).length > 0;
  return { fields, message: hasFields ? (other.join(' ') || null) : error.message };
}

/** Moves focus to the first field with an error, in form order. */
export function focusFirstError(form: HTMLFormElement | null, fields: FieldErrors): void {
  if (!form) return;
  const invalid = Array.from(form.elements).find(
    (el): el is HTMLElement => el instanceof HTMLElement && 'name' in el && typeof el.name === 'string' && el.name in fields,
  );
  invalid?.focus();
}
