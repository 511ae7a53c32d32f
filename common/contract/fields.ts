import { z } from 'zod';

// Shared field schemas, so every operation words the same mistake the same way.

export const idParam = z.coerce
  .number({ error: 'Must be a whole number' })
  .int('Must be a whole number')
  .positive('Must be a positive id')
  .max(Number.MAX_SAFE_INTEGER, 'Is too large');

export const emailField = z
  .string({ error: 'Email is required' })
  .trim()
  .toLowerCase()
  .min(1, 'Email is required')
  .max(254, 'Email must be at most 254 characters')
  .pipe(z.email({ error: 'Email must be a valid address, like you@company.com' }));

/** A whole number from a query string (or JSON), with its bounds named in the message. */
export const intQuery = (field: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${field} must be a number` })
    .int(`${field} must be a whole number`)
    .min(min, `${field} must be at least ${min}`)
    .max(max, `${field} must be at most ${max}`);
