import type { ExpenseCreateInput, ExpenseUpdateInput } from '../../common/contract/expenses';
import { type BillingCycle, anchorDayOf, rollForward } from '../../common/domain/billing-cycles';
import { normalizeAmountText } from '../../common/domain/amount-text';
import { daysInMonth, formatIsoDate, partsOf } from '../../common/domain/calendar-date';
import { minorToMajor, parseMajorAmount } from '../../common/domain/money';
import { AppError, type FieldErrors } from '../../common/errors';
import { summarize } from '../../common/contract/validate';
import type { ExpenseRow } from '../db/schema';
import type { AccountContext } from './account-settings';
import { cycleOf } from './expense-rows';
import { inexactFigure } from './money-bounds';
import { afterTrial, rollsForward } from './renewals';

// Turns a create or a partial update into the columns to store, checking the combination as a whole
// (an amount valid in USD may not be in JPY; a trial end date needs status "trial").

export const DEFAULT_CYCLE: BillingCycle = { unit: 'month', every: 1 };
export const TRIAL_ONLY = 'A trial end date only applies to status "trial"';

/** Every column the user controls; ids, timestamps and soft-delete state are set by the service. */
export type ExpenseColumns = Omit<ExpenseRow, 'id' | 'user_id' | 'workspace_id' | 'category_id' | 'deleted_at' | 'created_at' | 'updated_at'>;

function fail(fields: FieldErrors): never {
  throw new AppError('validation', summarize(fields), fields);
}

function amountFor(input: string | number, currency: string, account: AccountContext, fields: FieldErrors): number {
  // Text is read the account's way ("1.234,50" in de-DE); refused where it could mean two amounts.
  const text = typeof input === 'string' ? normalizeAmountText(input, account.amountLocale) : null;
  if (text && !text.ok) {
    fields.amount = text.reason;
    return 0;
  }
  const parsed = parseMajorAmount(text ? text.text : input, currency);
  if (parsed.ok) return parsed.minor;
  fields.amount = parsed.reason;
  return 0;
}

// Refused before the write: a plan whose figures (in the base currency at today's rate) could not be shown exactly.
function checkExact(amountMinor: number, currency: string, cycle: BillingCycle, account: AccountContext, fields: FieldErrors): void {
  if (fields.amount !== undefined) return;
  const problem = inexactFigure(amountMinor, currency, cycle, account.money);
  if (problem) fields.amount = `Amount is too large for this plan: ${problem}`;
}

// A past date given by the user (the first billing date, say) becomes the next renewal; one that
// would roll past the calendar's end (9999-12-31) keeps its date.
function nextRenewal(date: string, cycle: BillingCycle, anchorDay: number, status: ExpenseRow['status'], autoRenew: boolean, account: AccountContext): string {
  return rollsForward(status, autoRenew) ? (rollForward(date, cycle, anchorDay, account.today) ?? date) : date;
}

/** How far back a renewal date may lie: older is a typo (0026 for 2026), not a first billing date. */
export const MAX_RENEWAL_YEARS_BACK = 100;

function checkRenewalDate(date: string | undefined, account: AccountContext, fields: FieldErrors): void {
  if (date === undefined) return;
  const { year, month, day } = partsOf(account.today);
  const earliest = formatIsoDate({ year: Math.max(1, year - MAX_RENEWAL_YEARS_BACK), month, day: Math.min(day, daysInMonth(year - MAX_RENEWAL_YEARS_BACK, month)) });
  if (date < earliest) {
    fields.renewal_date = `Renewal date must be within ${MAX_RENEWAL_YEARS_BACK} years before today (on or after ${earliest})`;
  }
}

function cancelledAt(status: ExpenseRow['status'], previous: string | null, account: AccountContext): string | null {
  return status === 'cancelled' ? (previous ?? account.now.toISOString()) : null;
}

export function columnsForCreate(input: ExpenseCreateInput, account: AccountContext): ExpenseColumns {
  const fields: FieldErrors = {};
  const currency = input.currency ?? account.baseCurrency;
  const amountMinor = amountFor(input.amount, currency, account, fields);
  const givenStatus = input.status ?? 'active';
  if ((input.trial_ends_on ?? null) !== null && givenStatus !== 'trial') fields.trial_ends_on = TRIAL_ONLY;
  checkRenewalDate(input.renewal_date, account, fields);
  const cycle = input.billing_cycle ?? DEFAULT_CYCLE;
  checkExact(amountMinor, currency, cycle, account, fields);
  if (Object.keys(fields).length > 0) fail(fields);

  const autoRenew = input.auto_renew ?? true;
  // A trial entered with an end date already passed is over, as the sweep would find it.
  const { status, trial_ends_on: trialEndsOn } = afterTrial(givenStatus, input.trial_ends_on ?? null, autoRenew, account.today);
  const anchorDay = anchorDayOf(input.renewal_date);
  return {
    name: input.name,
    amount_minor: amountMinor,
    currency,
    cycle_unit: cycle.unit,
    cycle_every: cycle.every,
    anchor_day: anchorDay,
    renewal_date: nextRenewal(input.renewal_date, cycle, anchorDay, status, autoRenew, account),
    description: input.description,
    status,
    trial_ends_on: trialEndsOn,
    notice_period_days: input.notice_period_days ?? null,
    auto_renew: autoRenew ? 1 : 0,
    payment_method: input.payment_method,
    url: input.url,
    reminder_days: input.reminder_days ? JSON.stringify(input.reminder_days) : null,
    reminder_sent: 0,
    cancelled_at: cancelledAt(status, null, account),
  };
}

/** The row after a partial update: omitted fields keep their value, the result is validated whole. */
export function columnsForUpdate(row: ExpenseRow, input: ExpenseUpdateInput, account: AccountContext): ExpenseColumns {
  const fields: FieldErrors = {};
  const currency = input.currency ?? row.currency;
  let amountMinor = row.amount_minor;
  if (input.amount !== undefined) {
    amountMinor = amountFor(input.amount, currency, account, fields);
  } else if (currency !== row.currency) {
    // The amount stays the same number of major units, so it must fit the new currency's decimals.
    const major = minorToMajor(row.amount_minor, row.currency);
    const parsed = parseMajorAmount(major, currency);
    if (parsed.ok) amountMinor = parsed.minor;
    else fields.amount = `${major} does not fit ${currency}: ${parsed.reason}`;
  }

  const givenStatus = input.status ?? row.status;
  let givenTrialEnd = input.trial_ends_on === undefined ? row.trial_ends_on : input.trial_ends_on;
  if (givenStatus !== 'trial') {
    // Leaving the trial drops its end date; sending one with another status is a mistake.
    if (input.trial_ends_on !== undefined && input.trial_ends_on !== null) fields.trial_ends_on = TRIAL_ONLY;
    givenTrialEnd = null;
  }
  checkRenewalDate(input.renewal_date, account, fields);
  const cycle = input.billing_cycle ?? cycleOf(row);
  checkExact(amountMinor, currency, cycle, account, fields);
  if (Object.keys(fields).length > 0) fail(fields);

  const autoRenew = input.auto_renew ?? row.auto_renew === 1;
  const { status, trial_ends_on: trialEndsOn } = afterTrial(givenStatus, givenTrialEnd ?? null, autoRenew, account.today);
  const givenDate = input.renewal_date ?? row.renewal_date;
  const anchorDay = input.renewal_date !== undefined ? anchorDayOf(input.renewal_date) : row.anchor_day;
  const renewalDate = nextRenewal(givenDate, cycle, anchorDay, status, autoRenew, account);
  const reminderDays = input.reminder_days === undefined ? row.reminder_days : input.reminder_days === null ? null : JSON.stringify(input.reminder_days);
  return {
    name: input.name ?? row.name,
    amount_minor: amountMinor,
    currency,
    cycle_unit: cycle.unit,
    cycle_every: cycle.every,
    anchor_day: anchorDay,
    renewal_date: renewalDate,
    description: input.description === undefined ? row.description : input.description,
    status,
    trial_ends_on: trialEndsOn,
    notice_period_days: input.notice_period_days === undefined ? row.notice_period_days : input.notice_period_days,
    auto_renew: autoRenew ? 1 : 0,
    payment_method: input.payment_method === undefined ? row.payment_method : input.payment_method,
    url: input.url === undefined ? row.url : input.url,
    reminder_days: reminderDays,
    // Another renewal date is another cycle, whose reminder has not gone out.
    reminder_sent: renewalDate === row.renewal_date ? row.reminder_sent : 0,
    cancelled_at: cancelledAt(status, row.cancelled_at, account),
  };
}
