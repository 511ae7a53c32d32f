import type { ExpenseCreateInput } from '../../../common/contract/expenses';
import type { ImportedExpense } from '../../../common/contract/imports';
import { rollForward } from '../../../common/domain/billing-cycles';
import { daysInMonth, partsOf } from '../../../common/domain/calendar-date';
import { minorToMajor } from '../../../common/domain/money';
import { AppError } from '../../../common/errors';
import type { AccountContext } from '../account-settings';
import { columnsForCreate, type ExpenseColumns } from '../expense-changes';
import { rollsForward } from '../renewals';
import { parseCreateInput } from './create-input';
import type { ColumnMapping, ImportField, ImportInput, RowReading, SourceTable } from './types';

// A read row (row.ts) through the very rules expenses.create applies: the contract's schema, then
// columnsForCreate (amount against its currency, seats × price, dates in range). Every refusal names the row
// and the column as the file heads it.

/** The contract's field names whose cells the import reads from a column of the same field. */
const FIELD_OF_INPUT: Partial<Record<string, ImportField>> = {
  name: 'name',
  amount: 'amount',
  currency: 'currency',
  billing_cycle: 'billing_cycle',
  renewal_date: 'renewal_date',
  category: 'category',
  description: 'description',
  url: 'url',
  payment_method: 'payment_method',
  status: 'status',
  auto_renew: 'auto_renew',
  notice_period_days: 'notice_period_days',
  trial_ends_on: 'trial_ends_on',
  cost_centre: 'cost_centre',
  seats: 'seats',
  seat_price: 'seat_price',
  reminder_days: 'reminder_days',
  billing_day: 'billing_day',
};

/** What a field is called when the file has no column for it. */
const FIELD_LABELS: Record<ImportField, string> = {
  name: 'Name',
  amount: 'Amount',
  currency: 'Currency',
  billing_cycle: 'Billing cycle',
  renewal_date: 'Next renewal',
  billing_day: 'Billing day',
  category: 'Category',
  description: 'Description',
  url: 'URL',
  payment_method: 'Payment method',
  status: 'Status',
  auto_renew: 'Auto-renew',
  notice_period_days: 'Notice period',
  last_day_to_cancel: 'Last day to cancel',
  trial_ends_on: 'Trial ends',
  owner: 'Owner',
  cost_centre: 'Cost centre',
  seats: 'Seats',
  seat_price: 'Price per seat',
  reminder_days: 'Reminder days',
  reminders_enabled: 'Notifications',
};

export interface ValidatedRow {
  row: number;
  /** null when the row has an error. */
  columns: ExpenseColumns | null;
  category: string | null;
  /** The file's owner text, matched to a member by the pipeline. */
  owner: string | null;
  errors: string[];
  warnings: string[];
}

/** The header of the column a field is read from, or its label when the file has none. */
export function columnName(table: SourceTable, mapping: ColumnMapping, field: ImportField): { header: string; mapped: boolean } {
  const index = mapping[field];
  return index === undefined ? { header: FIELD_LABELS[field], mapped: false } : { header: table.headers[index] ?? FIELD_LABELS[field], mapped: true };
}

function createInputOf(input: ImportInput): Record<string, unknown> {
  const candidate: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined) candidate[key] = value;
  };
  put('name', input.name);
  put('amount', input.amount);
  put('currency', input.currency);
  put('billing_cycle', input.billing_cycle);
  put('renewal_date', input.renewal_date);
  put('category', input.category);
  put('description', input.description);
  put('url', input.url);
  put('payment_method', input.payment_method);
  put('status', input.status);
  put('auto_renew', input.auto_renew);
  put('notice_period_days', input.notice_period_days);
  put('trial_ends_on', input.trial_ends_on);
  put('cost_centre', input.cost_centre);
  put('seats', input.seats);
  put('seat_price', input.seat_price);
  // Wallos's "Notifications: No": no reminders at all for it.
  put('reminder_days', input.reminders_enabled === false ? [] : input.reminder_days);
  return candidate;
}

const NONE_UNREAD: ReadonlySet<string | null> = new Set();

/**
 * Validates one read row. `account` reads amounts as plain decimals: row.ts has already read the file's
 * numbers in the user's locale and handed them on as "1234.56".
 */
export function validateRow(table: SourceTable, mapping: ColumnMapping, reading: RowReading, account: AccountContext): ValidatedRow {
  const errors = reading.errors.map((e) => e.message);
  const warnings = reading.warnings.map((w) => w.message);
  const where = (key: string): string => {
    const field = FIELD_OF_INPUT[key];
    if (!field) return `row ${reading.row}`;
    const { header, mapped } = columnName(table, mapping, field);
    return mapped ? `row ${reading.row}, ${header}` : `row ${reading.row}, ${header} (no column)`;
  };
  // A cell row.ts could not read is already an error: the schema would only repeat it as "required".
  const unread = reading.errors.length === 0 ? NONE_UNREAD : new Set(reading.errors.map((e) => e.field));
  const base = { row: reading.row, category: reading.input.category ?? null, owner: reading.input.owner ?? null, warnings };
  const parsed = parseCreateInput(createInputOf(reading.input));
  if (!parsed.success) {
    for (const issue of parsed.issues) {
      const key = String(issue.path[0] ?? '');
      if (unread.has(FIELD_OF_INPUT[key] ?? null)) continue;
      errors.push(`${where(key)}: ${issue.message}`);
    }
    return { ...base, columns: null, errors };
  }
  if (errors.length > 0) return { ...base, columns: null, errors };
  let columns: ExpenseColumns;
  try {
    columns = columnsForCreate(parsed.data as ExpenseCreateInput, account);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const fields = error.fields ?? {};
    const keys = Object.keys(fields);
    if (keys.length === 0) errors.push(`row ${reading.row}: ${error.message}`);
    for (const key of keys) errors.push(`${where(key)}: ${fields[key]}`);
    return { ...base, columns: null, errors };
  }
  const anchored = withBillingDay(columns, reading.input, account);
  if (typeof anchored === 'string') return { ...base, columns: null, errors: [`${where('billing_day')}: ${anchored}`] };
  return { ...base, category: parsed.data.category ?? null, columns: anchored, errors };
}

/**
 * A monthly or yearly plan anchored on a day its renewal month lacks (the 31st, renewing on 28 February): the
 * renewal date alone would anchor it on the 28th, so the file's billing day says which. The reason when the two
 * disagree.
 */
function withBillingDay(columns: ExpenseColumns, input: ImportInput, account: AccountContext): ExpenseColumns | string {
  const day = input.billing_day;
  if (day === undefined || input.renewal_date === undefined || columns.cycle_unit === 'day' || columns.cycle_unit === 'week') return columns;
  const { year, month, day: given } = partsOf(input.renewal_date);
  if (given !== Math.min(day, daysInMonth(year, month))) {
    return `${day} does not fit the renewal date ${input.renewal_date}: a plan billing on day ${day} renews on that day, or on the last day of a shorter month`;
  }
  const cycle = { unit: columns.cycle_unit, every: columns.cycle_every };
  const rolls = rollsForward(columns.status, columns.auto_renew === 1);
  const renewal = rolls ? (rollForward(input.renewal_date, cycle, day, account.today) ?? input.renewal_date) : input.renewal_date;
  return { ...columns, anchor_day: day, renewal_date: renewal };
}

/** A valid row as the preview shows it: as it will be saved. */
export function importedExpense(columns: ExpenseColumns, category: string, owner: string): ImportedExpense {
  return {
    name: columns.name,
    amount: minorToMajor(columns.amount_minor, columns.currency),
    currency: columns.currency,
    billing_cycle: { unit: columns.cycle_unit, every: columns.cycle_every },
    renewal_date: columns.renewal_date,
    category,
    description: columns.description,
    url: columns.url,
    payment_method: columns.payment_method,
    status: columns.status,
    auto_renew: columns.auto_renew === 1,
    notice_period_days: columns.notice_period_days,
    trial_ends_on: columns.trial_ends_on,
    owner,
    cost_centre: columns.cost_centre,
    seats: columns.seats,
    seat_price: columns.seat_price_minor === null ? null : minorToMajor(columns.seat_price_minor, columns.currency),
    reminder_days: columns.reminder_days === null ? null : (JSON.parse(columns.reminder_days) as number[]),
  };
}

/** Same subscription, for the duplicate check: name (any case), amount, currency and cycle. */
export function duplicateKey(row: { name: string; amount_minor: number; currency: string; cycle_unit: string; cycle_every: number }): string {
  return `${row.name.trim().toLowerCase()}\u0000${row.amount_minor}\u0000${row.currency}\u0000${row.cycle_every}${row.cycle_unit}`;
}
