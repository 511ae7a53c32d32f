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
import { type Pricing, resolvePricing } from './seat-pricing';
import { afterTrial, rollsForward } from './renewals';

// Turns a create or a partial update into the columns to store, checking the combination as a whole
// (an amount valid in USD may not be in JPY; a trial end date needs status "trial").

export const DEFAULT_CYCLE: BillingCycle = { unit: 'month', every: 1 };
export const TRIAL_ONLY = 'A trial end date only applies to status "trial"';

/** Every column the user controls; ids, timestamps and soft-delete state are set by the service. */
export type ExpenseColumns = Omit<ExpenseRow, 'id' | 'import_id' | 'user_id' | 'workspace_id' | 'category_id' | 'deleted_at' | 'created_at' | 'updated_at'>;

function fail(fields: FieldErrors): never {
  throw new AppError('validation', summarize(fields), fields);
}

export type MoneyFieldName = 'amount' | 'seat_price';
// The money parser words its reasons for "Amount"; a price per seat follows the same rules under its own name.
const LABELS: Record<MoneyFieldName, string> = { amount: 'Amount', seat_price: 'Price per seat' };
const named = (reason: string, field: MoneyFieldName) => reason.replace(/^Amount\b/, LABELS[field]);

export function moneyFor(input: string | number, currency: string, account: AccountContext, fields: FieldErrors, field: MoneyFieldName): number | undefined {
  // Text is read the account's way ("1.234,50" in de-DE); refused where it could mean two amounts.
  const text = typeof input === 'string' ? normalizeAmountText(input, account.amountLocale) : null;
  if (text && !text.ok) {
    fields[field] = named(text.reason, field);
    return undefined;
  }
  const parsed = parseMajorAmount(text ? text.text : input, currency);
  if (parsed.ok) return parsed.minor;
  fields[field] = named(parsed.reason, field);
  return undefined;
}

/** A sent money field in minor units: undefined when not sent (or refused, with the reason in `fields`), null when cleared. */
function optionalMoney(input: string | number | null | undefined, currency: string, account: AccountContext, fields: FieldErrors, field: MoneyFieldName): number | null | undefined {
  if (input === null || input === undefined) return input;
  return moneyFor(input, currency, account, fields, field);
}

// Refused before the write: a plan whose figures (in the base currency at today's rate) could not be shown exactly.
function checkExact(pricing: Pricing, currency: string, cycle: BillingCycle, account: AccountContext, fields: FieldErrors): void {
  const field = pricing.derived ? 'seat_price' : 'amount';
  if (fields.amount !== undefined || fields.seat_price !== undefined || fields.seats !== undefined) return;
  const problem = inexactFigure(pricing.amountMinor, currency, cycle, account.money);
  if (problem) fields[field] = `${pricing.derived ? 'Seats × price per seat' : 'Amount'} is too large for this plan: ${problem}`;
}

/** The same number of major units in another currency (a currency change keeps "12.50"), or the reason it does not fit. */
function inCurrency(minor: number, from: string, to: string): { ok: true; minor: number } | { ok: false; reason: string } {
  if (from === to) return { ok: true, minor };
  const major = minorToMajor(minor, from);
  const parsed = parseMajorAmount(major, to);
  return parsed.ok ? parsed : { ok: false, reason: `${major} does not fit ${to}: ${parsed.reason}` };
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
  const pricing = resolvePricing(
    {
      amountMinor: optionalMoney(input.amount, currency, account, fields, 'amount') ?? undefined,
      seats: input.seats,
      seatPriceMinor: optionalMoney(input.seat_price, currency, account, fields, 'seat_price'),
    },
    null,
    currency,
    fields,
  );
  const givenStatus = input.status ?? 'active';
  if ((input.trial_ends_on ?? null) !== null && givenStatus !== 'trial') fields.trial_ends_on = TRIAL_ONLY;
  checkRenewalDate(input.renewal_date, account, fields);
  const cycle = input.billing_cycle ?? DEFAULT_CYCLE;
  checkExact(pricing, currency, cycle, account, fields);
  if (Object.keys(fields).length > 0) fail(fields);

  const autoRenew = input.auto_renew ?? true;
  // A trial entered with an end date already passed is over, as the sweep would find it.
  const { status, trial_ends_on: trialEndsOn } = afterTrial(givenStatus, input.trial_ends_on ?? null, autoRenew, account.today);
  const anchorDay = anchorDayOf(input.renewal_date);
  return {
    name: input.name,
    amount_minor: pricing.amountMinor,
    seats: pricing.seats,
    seat_price_minor: pricing.seatPriceMinor,
    cost_centre: input.cost_centre ?? null,
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
  // A currency change keeps the same number of major units, so stored money must fit the new currency's decimals.
  const amountSent = optionalMoney(input.amount, currency, account, fields, 'amount') ?? undefined;
  const clearing = input.seats === null || input.seat_price === null;
  const derived = !clearing && (input.seats ?? row.seats) !== null && (input.seat_price ?? row.seat_price_minor) !== null;
  let storedSeatPrice = row.seat_price_minor;
  if (!clearing && input.seat_price === undefined && row.seat_price_minor !== null) {
    const moved = inCurrency(row.seat_price_minor, row.currency, currency);
    if (moved.ok) storedSeatPrice = moved.minor;
    else fields.seat_price = moved.reason;
  }
  let storedAmount = row.amount_minor;
  if (input.amount === undefined && !derived) {
    const moved = inCurrency(row.amount_minor, row.currency, currency);
    if (moved.ok) storedAmount = moved.minor;
    else fields.amount = moved.reason;
  }
  const pricing = resolvePricing(
    { amountMinor: amountSent, seats: input.seats, seatPriceMinor: optionalMoney(input.seat_price, currency, account, fields, 'seat_price') },
    { amountMinor: storedAmount, seats: row.seats, seatPriceMinor: storedSeatPrice },
    currency,
    fields,
  );

  const givenStatus = input.status ?? row.status;
  let givenTrialEnd = input.trial_ends_on === undefined ? row.trial_ends_on : input.trial_ends_on;
  if (givenStatus !== 'trial') {
    // Leaving the trial drops its end date; sending one with another status is a mistake.
    if (input.trial_ends_on !== undefined && input.trial_ends_on !== null) fields.trial_ends_on = TRIAL_ONLY;
    givenTrialEnd = null;
  }
  checkRenewalDate(input.renewal_date, account, fields);
  const cycle = input.billing_cycle ?? cycleOf(row);
  checkExact(pricing, currency, cycle, account, fields);
  if (Object.keys(fields).length > 0) fail(fields);

  const autoRenew = input.auto_renew ?? row.auto_renew === 1;
  const { status, trial_ends_on: trialEndsOn } = afterTrial(givenStatus, givenTrialEnd ?? null, autoRenew, account.today);
  const givenDate = input.renewal_date ?? row.renewal_date;
  const anchorDay = input.renewal_date !== undefined ? anchorDayOf(input.renewal_date) : row.anchor_day;
  const renewalDate = nextRenewal(givenDate, cycle, anchorDay, status, autoRenew, account);
  const reminderDays = input.reminder_days === undefined ? row.reminder_days : input.reminder_days === null ? null : JSON.stringify(input.reminder_days);
  return {
    name: input.name ?? row.name,
    amount_minor: pricing.amountMinor,
    seats: pricing.seats,
    seat_price_minor: pricing.seatPriceMinor,
    cost_centre: input.cost_centre === undefined ? row.cost_centre : input.cost_centre,
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
