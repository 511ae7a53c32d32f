import { CYCLE_UNITS, MAX_CYCLE_EVERY, type BillingCycle } from '../../../common/domain/billing-cycles';
import { isInDateRange, isValidIsoDate } from '../../../common/domain/calendar-date';
import { isCurrencyCode } from '../../../common/domain/currencies';
import { MAX_AMOUNT_TEXT } from '../../../common/domain/money';
import { MAX_LEAD_DAYS } from '../../../common/domain/reminder-plan';
import { EXPENSE_STATUSES, MAX_SEATS, expenseCreateInput, type ExpenseCreateInput } from '../../../common/contract/expenses';
import { MAX_COST_CENTRE } from '../../../common/contract/fields';

// The contract's expenseCreateInput for the import's rows, 100k at a time: zod costs ~15 µs a row, most of it on
// rows that are plainly valid. `acceptCreateInput` recognises a row the schema certainly accepts and builds the
// schema's output itself; anything it is not sure of goes to zod, so every refusal (and its wording) is zod's own.
// tests/unit/import/create-input.test.ts checks it against the schema on random rows.

// As common/contract/fields.ts's labelText refuses them (C0 and C1 controls and DEL).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HTTP_URL = /^https?:\/\/[^\s]+$/i;
const STATUSES: ReadonlySet<string> = new Set(EXPENSE_STATUSES);
const UNITS: ReadonlySet<string> = new Set(CYCLE_UNITS);

/** Not sure: the schema decides. */
const UNSURE = Symbol('unsure');
type Sure<T> = T | typeof UNSURE;

const wholeIn = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;

/** zod measures text in code points: a text longer in UTF-16 units than `max` may still fit, and zod tells. */
function requiredText(v: unknown, min: number, max: number): Sure<string> {
  if (typeof v !== 'string') return UNSURE;
  const t = v.trim();
  return t.length >= min && t.length <= max ? t : UNSURE;
}

/** optionalText: absent, null and "" are null. */
function optionalText(v: unknown, max: number): Sure<string | null> {
  if (v === undefined || v === null) return null;
  const t = requiredText(v, 0, max);
  return t === UNSURE ? UNSURE : t === '' ? null : t;
}

/** Dates a file repeats (a few thousand distinct in 100k rows): each checked once. */
const checkedDates = new Map<string, boolean>();

function isoDate(v: unknown): Sure<string> {
  if (typeof v !== 'string') return UNSURE;
  const t = v.trim();
  let fine = checkedDates.get(t);
  if (fine === undefined) {
    fine = ISO_DATE.test(t) && isValidIsoDate(t) && isInDateRange(t);
    if (checkedDates.size >= 50_000) checkedDates.clear();
    checkedDates.set(t, fine);
  }
  return fine ? t : UNSURE;
}

function cycle(v: unknown): Sure<BillingCycle> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return UNSURE;
  const keys = Object.keys(v);
  const { unit, every } = v as { unit?: unknown; every?: unknown };
  if (keys.length !== 2 || typeof unit !== 'string' || !UNITS.has(unit) || !wholeIn(every, 1, MAX_CYCLE_EVERY)) return UNSURE;
  return { unit, every } as BillingCycle;
}

function leadDays(v: unknown): Sure<number[]> {
  if (!Array.isArray(v) || v.length > 10) return UNSURE;
  for (const d of v) if (!wholeIn(d, 0, MAX_LEAD_DAYS)) return UNSURE;
  return [...new Set(v as number[])].sort((a, b) => b - a);
}

const currencyCode = (v: unknown): Sure<string> => {
  if (typeof v !== 'string') return UNSURE;
  const code = v.trim().toUpperCase();
  return isCurrencyCode(code) ? code : UNSURE;
};
const httpUrl = (v: unknown): Sure<string | null> => {
  const t = optionalText(v, 2000);
  return t === UNSURE || t === null || HTTP_URL.test(t) ? t : UNSURE;
};
const costCentre = (v: unknown): Sure<string | null> => {
  const t = optionalText(v, MAX_COST_CENTRE);
  return typeof t === 'string' && CONTROL_CHARACTERS.test(t) ? UNSURE : t;
};

/**
 * Each key in the schema's order (so the output is the schema's to the letter), how it is read, and what an absent
 * key gives: 'omit' (no key), 'read' (the reader decides: the optional texts are null), or 'required'.
 */
const FIELDS: ReadonlyArray<[key: string, read: (v: unknown) => Sure<unknown>, absent: 'omit' | 'read' | 'required', nullable: boolean]> = [
  ['name', (v) => requiredText(v, 1, 200), 'required', false],
  ['category', (v) => requiredText(v, 1, 60), 'omit', false],
  ['amount', (v) => requiredText(v, 1, MAX_AMOUNT_TEXT), 'omit', false],
  ['currency', currencyCode, 'omit', false],
  ['billing_cycle', cycle, 'omit', false],
  ['renewal_date', isoDate, 'required', false],
  ['description', (v) => optionalText(v, 2000), 'read', true],
  ['status', (v) => (typeof v === 'string' && STATUSES.has(v) ? v : UNSURE), 'omit', false],
  ['trial_ends_on', isoDate, 'omit', true],
  ['notice_period_days', (v) => (wholeIn(v, 0, 365) ? v : UNSURE), 'omit', true],
  ['auto_renew', (v) => (typeof v === 'boolean' ? v : UNSURE), 'omit', false],
  ['payment_method', (v) => optionalText(v, 100), 'read', true],
  ['url', httpUrl, 'read', true],
  ['reminder_days', leadDays, 'omit', true],
  ['seats', (v) => (wholeIn(v, 1, MAX_SEATS) ? v : UNSURE), 'omit', true],
  ['seat_price', (v) => requiredText(v, 1, MAX_AMOUNT_TEXT), 'omit', true],
  ['cost_centre', costCentre, 'read', true],
];

/** The schema's output for `candidate` when it certainly accepts it; null when only the schema can tell. */
export function acceptCreateInput(candidate: Record<string, unknown>): ExpenseCreateInput | null {
  let known = 0;
  const out: Record<string, unknown> = {};
  for (const [key, read, absent, nullable] of FIELDS) {
    const v = candidate[key];
    if (v === undefined) {
      if (absent === 'omit') continue;
      if (absent === 'required') return null;
    } else {
      known += 1;
      if (v === null) {
        if (!nullable) return null;
        out[key] = null;
        continue;
      }
    }
    const value = read(v);
    if (value === UNSURE) return null;
    out[key] = value;
  }
  // A key the schema does not know is refused by it (strictObject): only zod words that.
  if (known !== Object.keys(candidate).length) return null;
  return out as unknown as ExpenseCreateInput;
}

export type CreateInputResult = { success: true; data: ExpenseCreateInput } | { success: false; issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> };

/** expenseCreateInput.safeParse, quick for a row it certainly accepts. */
export function parseCreateInput(candidate: Record<string, unknown>): CreateInputResult {
  const accepted = acceptCreateInput(candidate);
  if (accepted) return { success: true, data: accepted };
  const parsed = expenseCreateInput.safeParse(candidate);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, issues: parsed.error.issues };
}
