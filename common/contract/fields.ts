import { z } from 'zod';

// Shared field schemas, so every operation words the same mistake the same way.

const DIGITS = /^(?:0|[1-9]\d*)$/;

interface IntWords {
  /** For text or values that are no number at all. */
  notANumber: string;
  notWhole: string;
  /** For text JavaScript would read as a number but that is not plain digits ("0x1", "+1", "01", "1e0", " 1"). */
  notCanonical: string;
  tooSmall: string;
  tooLarge: string;
}

/**
 * A whole number in canonical decimal: a JSON number, or text of digits without sign, spaces,
 * exponent or leading zeros. One spelling per value, so "0x1" or "01" never quietly mean 1.
 */
function canonicalInt(min: number, max: number, words: IntWords) {
  return z
    .union([z.number(), z.string()], { error: words.notANumber })
    .superRefine((v, ctx) => {
      let message: string | null = null;
      if (typeof v === 'string' && !DIGITS.test(v)) {
        message = v.trim() === '' || Number.isNaN(Number(v)) ? words.notANumber : words.notCanonical;
      } else {
        const n = Number(v);
        if (!Number.isFinite(n)) message = words.notANumber;
        else if (!Number.isInteger(n)) message = words.notWhole;
        else if (n < min) message = words.tooSmall;
        else if (n > max) message = words.tooLarge;
      }
      if (message !== null) ctx.addIssue({ code: 'custom', message });
    })
    .transform((v) => Number(v));
}

const PLAIN_DIGITS = 'in plain digits (no sign, spaces, decimals, exponent or leading zeros)';

/** A row id: a positive safe integer, as a JSON number or as plain digits (a path segment). */
export const idParam = canonicalInt(1, Number.MAX_SAFE_INTEGER, {
  notANumber: 'Must be a whole number',
  notWhole: 'Must be a whole number',
  notCanonical: `Id must be written ${PLAIN_DIGITS}, like 12`,
  tooSmall: 'Must be a positive id',
  tooLarge: 'Is too large',
});

export const emailField = z
  .string({ error: 'Email is required' })
  .trim()
  .toLowerCase()
  .min(1, 'Email is required')
  .max(254, 'Email must be at most 254 characters')
  .pipe(z.email({ error: 'Email must be a valid address, like you@company.com' }));

/** A whole number from a query string (or JSON), canonical like an id, with its bounds named in the message. */
export const intQuery = (field: string, min: number, max: number) =>
  canonicalInt(min, max, {
    notANumber: `${field} must be a number`,
    notWhole: `${field} must be a whole number`,
    notCanonical: `${field} must be written ${PLAIN_DIGITS}, like ${Math.max(min, 1)}`,
    tooSmall: `${field} must be at least ${min}`,
    tooLarge: `${field} must be at most ${max}`,
  });

// C0 and C1 controls and DEL: a line break or escape in a one-line label would break lists, CSV and mail.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** Longest cost centre ("Marketing — EMEA field events" fits with room). */
export const MAX_COST_CENTRE = 80;

/** A one-line label: trimmed, at most `max` characters, no line breaks or other control characters. */
export const labelText = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text` })
    .trim()
    .max(max, `${field} must be at most ${max} characters`)
    .refine((v) => !CONTROL_CHARACTERS.test(v), `${field} must be one line, without tabs, line breaks or other control characters`);

/** A subscription's cost centre: free text; empty (or null) means none. */
export const costCentreField = labelText('Cost centre', MAX_COST_CENTRE)
  .nullish()
  .transform((v) => (v ? v : null));
