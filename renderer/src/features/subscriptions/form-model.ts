// The add/edit form's values as typed, and their translation into the contract's input (validated by its own schemas).
import { expenseCreateInput, expenseUpdateInput, type Expense, type ExpenseStatus } from '../../../../common/contract/expenses';
import { fieldErrors } from '../../../../common/contract/validate';
import type { CycleUnit } from '../../../../common/domain/billing-cycles';
import type { ContractEndAction } from '../../../../common/domain/contracts';
import { currencyExponent, isCurrencyCode } from '../../../../common/domain/currencies';
import type { FieldErrors } from '../../../../common/errors';
import { normalizeAmountText } from '../../../../common/domain/amount-text';
import { parseMajorAmount } from '../../../../common/domain/money';
import { ApiError } from '../../api/client';

export const NEW_CATEGORY = '\u0000new';

export interface FormValues {
  name: string;
  category: string;
  new_category: string;
  amount: string;
  /** Seats and price per seat: both filled, the amount is their product (shown read-only). */
  seats: string;
  seat_price: string;
  currency: string;
  every: string;
  unit: CycleUnit;
  renewal_date: string;
  status: ExpenseStatus;
  trial_ends_on: string;
  notice_period_days: string;
  auto_renew: boolean;
  payment_method: string;
  url: string;
  reminder_mode: 'default' | 'custom';
  reminder_days: string;
  description: string;
  cost_centre: string;
  /** A fixed-term contract: sent only while this is on (off on an edit removes it). */
  contract_enabled: boolean;
  contract_start: string;
  contract_term: string;
  /** Empty: start + term. */
  contract_end: string;
  contract_action: ContractEndAction;
  contract_renew: string;
}

/** Form control names in the order they appear, so the first error can take focus. */
export const FORM_FIELDS = [
  'name',
  'category',
  'new_category',
  'seats',
  'seat_price',
  'amount',
  'currency',
  'billing_cycle',
  'renewal_date',
  'status',
  'trial_ends_on',
  'notice_period_days',
  'auto_renew',
  'cost_centre',
  'payment_method',
  'url',
  'reminder_days',
  'description',
  'contract.start_date',
  'contract.term_months',
  'contract.end_date',
  'contract.end_action',
  'contract.renew_months',
] as const;

const noContract = { contract_enabled: false, contract_start: '', contract_term: '12', contract_end: '', contract_action: 'renew' as ContractEndAction, contract_renew: '12' };

export function blankValues(defaults: { currency: string; category: string; reminderDays: number[] }): FormValues {
  return {
    name: '',
    category: defaults.category,
    new_category: '',
    amount: '',
    seats: '',
    seat_price: '',
    currency: defaults.currency,
    every: '1',
    unit: 'month',
    renewal_date: '',
    status: 'active',
    trial_ends_on: '',
    notice_period_days: '',
    auto_renew: true,
    payment_method: '',
    url: '',
    reminder_mode: 'default',
    reminder_days: defaults.reminderDays.join(', '),
    description: '',
    cost_centre: '',
    ...noContract,
  };
}

function amountText(amount: number, currency: string): string {
  return isCurrencyCode(currency) ? amount.toFixed(currencyExponent(currency)) : String(amount);
}

export function valuesFromExpense(e: Expense): FormValues {
  return {
    name: e.name,
    category: e.category,
    new_category: '',
    amount: amountText(e.amount, e.currency),
    seats: e.seats === null ? '' : String(e.seats),
    seat_price: e.seat_price === null ? '' : amountText(e.seat_price, e.currency),
    currency: e.currency,
    every: String(e.billing_cycle.every),
    unit: e.billing_cycle.unit,
    renewal_date: e.renewal_date,
    status: e.status,
    trial_ends_on: e.trial_ends_on ?? '',
    notice_period_days: e.notice_period_days === null ? '' : String(e.notice_period_days),
    auto_renew: e.auto_renew,
    payment_method: e.payment_method ?? '',
    url: e.url ?? '',
    reminder_mode: e.reminder_days_custom ? 'custom' : 'default',
    reminder_days: e.reminder_days.join(', '),
    description: e.description ?? '',
    cost_centre: e.cost_centre ?? '',
    ...(e.contract
      ? {
          contract_enabled: true,
          contract_start: e.contract.start_date,
          contract_term: String(e.contract.term_months),
          contract_end: e.contract.end_date,
          contract_action: e.contract.end_action,
          contract_renew: e.contract.renew_months === null ? '12' : String(e.contract.renew_months),
        }
      : noContract),
  };
}

/** Money typed the locale's way, in minor units of `currency`, or the reason it is not money. */
function readMoney(text: string, locale: string, currency: string): { ok: true; text: string; minor: number } | { ok: false; reason: string } {
  const typed = normalizeAmountText(text, locale);
  if (!typed.ok) return typed;
  const money = parseMajorAmount(typed.text, currency);
  return money.ok ? { ok: true, text: typed.text, minor: money.minor } : { ok: false, reason: money.reason };
}

/** Whether the form prices per seat (either half filled). */
export const pricedPerSeat = (values: FormValues): boolean => values.seats.trim() !== '' || values.seat_price.trim() !== '';

/**
 * The amount seats × price per seat come to, as text with the currency's decimals ("46.50"), or null
 * while either is missing or not a number. The server computes the stored amount the same way.
 */
export function derivedAmount(values: FormValues, locale: string): string | null {
  const seats = wholeNumber(values.seats);
  if (!Number.isSafeInteger(seats) || seats < 1 || !isCurrencyCode(values.currency)) return null;
  const price = readMoney(values.seat_price, locale, values.currency);
  if (!price.ok) return null;
  const exponent = currencyExponent(values.currency);
  const minor = BigInt(seats) * BigInt(price.minor);
  const scale = 10n ** BigInt(exponent);
  const whole = (minor / scale).toString();
  return exponent === 0 ? whole : `${whole}.${(minor % scale).toString().padStart(exponent, '0')}`;
}


const wholeNumber = (text: string): number => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

/** Contract field path → the form control that shows its error ("billing_cycle.every" → "billing_cycle"). */
function controlFor(path: string, values: FormValues): string {
  const top = path.split('.')[0] ?? path;
  // The contract's fields are controls of their own.
  if (top === 'contract') return path === 'contract' ? 'contract.start_date' : path;
  if (top === 'category' && values.category === NEW_CATEGORY) return 'new_category';
  return top === '_' ? '_' : top;
}

function toControls(fields: FieldErrors, values: FormValues): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, message] of Object.entries(fields)) out[controlFor(path, values)] ??= message;
  return out;
}

export type Built = { ok: true; input: Record<string, unknown>; newCategory: string | null } | { ok: false; errors: FieldErrors };

/** Builds the contract input from the form and checks it with the contract's schemas before any request. */
export function buildInput(values: FormValues, locale: string, id: number | null): Built {
  const errors: FieldErrors = {};
  const newCategory = values.category === NEW_CATEGORY ? values.new_category.trim() : null;
  if (newCategory === '') errors.new_category = 'Name the new category';

  let reminderDays: number[] | null = null;
  if (values.reminder_mode === 'custom') {
    const parts = values.reminder_days.split(/[\s,;]+/).filter(Boolean);
    reminderDays = parts.map(wholeNumber);
    if (parts.length === 0) errors.reminder_days = 'List at least one day, like 7, 1 — or use the account default';
    else if (reminderDays.some(Number.isNaN)) errors.reminder_days = 'Reminder days must be whole numbers of days, like 7, 1';
  }

  // Read the locale's way ("1,234.50" in en-US, "1.234,50" in de-DE), as the server reads typed text.
  const typed = normalizeAmountText(values.amount, locale);
  const amount = typed.ok ? typed.text : values.amount.trim();
  const input: Record<string, unknown> = {
    name: values.name,
    category: newCategory ?? values.category,
    amount,
    currency: values.currency,
    billing_cycle: { unit: values.unit, every: wholeNumber(values.every) },
    renewal_date: values.renewal_date,
    status: values.status,
    trial_ends_on: values.status === 'trial' && values.trial_ends_on ? values.trial_ends_on : null,
    notice_period_days: values.notice_period_days.trim() === '' ? null : wholeNumber(values.notice_period_days),
    auto_renew: values.auto_renew,
    payment_method: values.payment_method,
    url: values.url.trim(),
    reminder_days: reminderDays,
    description: values.description,
    cost_centre: values.cost_centre,
    // Both empty: no seat pricing (clears it on an edit; the amount stays as typed).
    seats: null,
    seat_price: null,
    contract: values.contract_enabled
      ? {
          start_date: values.contract_start,
          term_months: wholeNumber(values.contract_term),
          end_date: values.contract_end.trim() === '' ? null : values.contract_end,
          end_action: values.contract_action,
          renew_months: values.contract_action === 'renew' ? wholeNumber(values.contract_renew) : null,
        }
      : null,
  };
  const perSeat = pricedPerSeat(values);
  if (perSeat) {
    delete input.amount;
    input.seats = values.seats.trim() === '' ? null : wholeNumber(values.seats);
    if (values.seats.trim() === '') errors.seats = 'Seats are required with a price per seat (or clear both)';
    if (values.seat_price.trim() === '') errors.seat_price = 'Price per seat is required with seats (or clear both)';
    else {
      const price = readMoney(values.seat_price, locale, values.currency);
      if (price.ok) input.seat_price = Number(price.text);
      else errors.seat_price = price.reason.replace(/^Amount/, 'Price per seat');
    }
  }
  if (id !== null) input.id = id;

  const schema = id === null ? expenseCreateInput : expenseUpdateInput;
  const parsed = schema.safeParse(input);
  const schemaErrors = parsed.success ? {} : toControls(fieldErrors(parsed.error), values);
  for (const [field, message] of Object.entries(schemaErrors)) errors[field] ??= message;

  // Decimals depend on the currency, so the amount is checked with the domain's own parser.
  if (!perSeat && !typed.ok && values.amount.trim() !== '') errors.amount ??= typed.reason;
  if (!perSeat && !errors.amount && !errors.currency) {
    const money = parseMajorAmount(amount, values.currency);
    if (!money.ok) errors.amount = money.reason === 'Amount must be a number' ? 'Amount must be a number, like 45.00' : money.reason;
    // Sent as a number once read, so the server never reads "1.234" a second time in its own locale.
    else input.amount = Number(amount);
  }
  if (values.renewal_date.trim() === '') errors.renewal_date = 'Renewal date is required';
  if (values.name.trim() === '') errors.name = 'Name is required';
  if (values.contract_enabled && values.contract_start.trim() === '') errors['contract.start_date'] = 'Contract start date is required';
  if (values.status === 'trial' && values.trial_ends_on === '') delete errors.trial_ends_on;

  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input, newCategory };
}

/** A failed save as messages under the controls, plus one message for the rest. */
export function serverErrors(error: unknown, values: FormValues): { fields: FieldErrors; message: string | null } {
  if (!(error instanceof ApiError)) return { fields: {}, message: error instanceof Error ? error.message : 'Something went wrong' };
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const [path, message] of Object.entries(toControls(error.fields, values))) {
    if ((FORM_FIELDS as readonly string[]).includes(path)) fields[path] = message;
    else other.push(message);
  }
  const hasFields = Object.keys(fields).length > 0;
  return { fields, message: hasFields ? other.join(' ') || null : error.message };
}
