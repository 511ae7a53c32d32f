import { z } from 'zod';
import { CYCLE_UNITS, MAX_CYCLE_EVERY, type BillingCycle } from '../domain/billing-cycles';
import { MAX_DATE, MIN_DATE, isInDateRange, isValidIsoDate, type IsoDate } from '../domain/calendar-date';
import { isCurrencyCode } from '../domain/currencies';
import { MAX_AMOUNT_MESSAGE, MAX_AMOUNT_TEXT, MAX_MAJOR_AMOUNT } from '../domain/money';
import { CONTRACT_END_ACTIONS, type ContractEndAction, MAX_RENEW_MONTHS, MAX_TERM_MONTHS } from '../domain/contracts';
import { MAX_LEAD_DAYS } from '../domain/reminder-plan';
import { operation } from './define';
import { MAX_COST_CENTRE, costCentreField, idParam, intQuery, labelText } from './fields';

export const EXPENSE_STATUSES = ['active', 'trial', 'paused', 'cancelled'] as const;
export type ExpenseStatus = (typeof EXPENSE_STATUSES)[number];
export const EXPENSE_SORTS = ['name', 'amount', 'monthly', 'renewal_date', 'created_at'] as const;
export type ExpenseSort = (typeof EXPENSE_SORTS)[number];

/** A subscription as JSON. Field names follow the original app's `expenses`; money in major units. */
export interface Expense {
  id: number;
  user_id: number;
  name: string;
  category: string;
  category_id: number;
  /** In major units of `currency` (45.5 = $45.50). */
  amount: number;
  currency: string;
  billing_cycle: BillingCycle;
  /** Next renewal; rolled forward once it has passed (active, auto_renew). */
  renewal_date: IsoDate;
  description: string | null;
  status: ExpenseStatus;
  /** Only with status "trial": sending one with another status is refused; leaving the trial clears it. */
  trial_ends_on: IsoDate | null;
  notice_period_days: number | null;
  auto_renew: boolean;
  payment_method: string | null;
  url: string | null;
  /** Effective lead days (the account default when the subscription has none of its own). */
  reminder_days: number[];
  /** false when reminder_days follows the account default. */
  reminder_days_custom: boolean;
  /** true once the reminder for the current cycle went out. */
  reminder_sent: boolean;
  /** Priced per seat: amount = seats × seat_price (both set), else both null and the amount is as entered. */
  seats: number | null;
  /** Price per seat in major units of `currency`; null unless `seats` is set. */
  seat_price: number | null;
  /** Free text, or null; suggestions are the workspace's distinct values (expenses.costCentres). */
  cost_centre: string | null;
  /** The owner's display name (their username); `user_id` is the owner's id. */
  owner_name: string;
  /** Monthly equivalent in `currency`, major units (rounded once, half away from zero). */
  monthly_cost: number;
  /** Monthly equivalent in the account's base currency; null when no rate exists for `currency`. */
  monthly_cost_base: number | null;
  base_currency: string;
  /** Its fixed-term contract, or null when it has none. */
  contract: ExpenseContract | null;
  created_at: string;
  updated_at: string;
}

/** A fixed-term contract (issue 13). The notice period is the subscription's own notice_period_days. */
export interface ExpenseContract {
  start_date: IsoDate;
  /** The minimum term in months. */
  term_months: number;
  /** The current end: the day the next term would start (it moves on each time a renewing contract renews). */
  end_date: IsoDate;
  /** renew: for renew_months more unless cancelled by the last day to cancel; monthly: rolling monthly from the end; end: cancelled at the end. */
  end_action: ContractEndAction;
  /** Only with end_action "renew". */
  renew_months: number | null;
  /** The end minus the notice period (the day before the end without one); null when the contract ends by itself or has ended. */
  last_day_to_cancel: IsoDate | null;
  /** The end date on which it became monthly or ended; null while it runs. */
  ended_on: IsoDate | null;
}

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text` })
    .trim()
    .max(max, `${field} must be at most ${max} characters`);

const optionalText = (field: string, max: number) =>
  text(field, max)
    .nullish()
    .transform((v) => (v ? v : null));

export const isoDateField = (field: string) =>
  z
    .string({ error: `${field} is required (YYYY-MM-DD)` })
    .trim()
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v), `${field} must be a date like 2027-03-31`)
    .refine((v) => isValidIsoDate(v), `${field} must be a real date`)
    .refine((v) => isInDateRange(v), `${field} must be between ${MIN_DATE} and ${MAX_DATE}`);

const CYCLE_SHORTHANDS: Record<string, BillingCycle> = {
  daily: { unit: 'day', every: 1 },
  weekly: { unit: 'week', every: 1 },
  monthly: { unit: 'month', every: 1 },
  quarterly: { unit: 'month', every: 3 },
  'semi-annually': { unit: 'month', every: 6 },
  yearly: { unit: 'year', every: 1 },
  annually: { unit: 'year', every: 1 },
};

/** `{ unit: 'month', every: 3 }`, or a shorthand such as "monthly", "quarterly", "yearly". */
export const billingCycleField = z.union(
  [
    z.strictObject({
      unit: z.enum(CYCLE_UNITS as [string, ...string[]], { error: 'Billing cycle unit must be day, week, month or year' }),
      every: z
        .number({ error: 'Billing cycle must repeat every whole number of units' })
        .int('Billing cycle must repeat every whole number of units')
        .min(1, 'Billing cycle must repeat at least every 1 unit')
        .max(MAX_CYCLE_EVERY, `Billing cycle can repeat at most every ${MAX_CYCLE_EVERY} units`),
    }),
    z
      .string()
      .trim()
      .toLowerCase()
      .refine((v) => v in CYCLE_SHORTHANDS)
      .transform((v) => CYCLE_SHORTHANDS[v]!),
  ],
  { error: 'Billing cycle must be like { "unit": "month", "every": 1 } or one of: daily, weekly, monthly, quarterly, yearly' },
) as z.ZodType<BillingCycle, BillingCycle | string>;

export const currencyField = z
  .string({ error: 'Currency must be a 3-letter ISO code like USD' })
  .trim()
  .toUpperCase()
  .refine((v) => isCurrencyCode(v), 'Currency must be a known ISO 4217 code like USD, EUR or JPY');

const leadDays = z
  .array(
    z
      .number({ error: 'Reminder days must be whole numbers of days' })
      .int('Reminder days must be whole numbers of days')
      .min(0, 'Reminder days must be 0 or more')
      .max(MAX_LEAD_DAYS, `Reminder days must be at most ${MAX_LEAD_DAYS}`),
    { error: 'Reminder days must be a list of days, like [7, 1]' },
  )
  .max(10, 'At most 10 reminders per subscription')
  .transform((days) => [...new Set(days)].sort((a, b) => b - a));
export const reminderDaysField = leadDays;

/**
 * The amount stays as given (number or decimal text) until the service knows the currency:
 * whether "12.345" is valid depends on it (KWD yes, USD no).
 */
export const moneyField = (label: string) =>
  z.union(
    [
      z
        .number({ error: `${label} must be a number` })
        .min(0, `${label} cannot be negative`)
        .max(MAX_MAJOR_AMOUNT, MAX_AMOUNT_MESSAGE.replace(/^Amount/, label)),
      z.string().trim().min(1, `${label} is required`).max(MAX_AMOUNT_TEXT, `${label} must be at most ${MAX_AMOUNT_TEXT} characters`),
    ],
    { error: `${label} must be a number` },
  );
const amountField = moneyField('Amount');

export const MAX_SEATS = 100_000;

const wholeMonths = (label: string, max: number) =>
  z
    .number({ error: `${label} must be a whole number of months` })
    .int(`${label} must be a whole number of months`)
    .min(1, `${label} must be at least 1 month`)
    .max(max, `${label} must be at most ${max} months`);

/**
 * A fixed-term contract, or null for none (on update: null removes it, leaving it out keeps it). The end defaults to
 * start + term; the notice period is the subscription's notice_period_days, checked against the term by the service.
 */
export const contractField = z
  .strictObject(
    {
      start_date: isoDateField('Contract start date'),
      term_months: wholeMonths('Minimum term', MAX_TERM_MONTHS),
      end_date: isoDateField('Contract end date').nullish(),
      end_action: z.enum(CONTRACT_END_ACTIONS, { error: 'At the end of the contract must be renew, monthly or end' }),
      renew_months: wholeMonths('Renews for', MAX_RENEW_MONTHS).nullish(),
    },
    { error: 'Contract must be an object with start_date, term_months and end_action, or null' },
  )
  .superRefine((c, ctx) => {
    if (c.end_date != null && c.end_date <= c.start_date) ctx.addIssue({ code: 'custom', path: ['end_date'], message: `Contract end date must be after its start date (${c.start_date})` });
    if (c.end_action === 'renew' && c.renew_months == null) ctx.addIssue({ code: 'custom', path: ['renew_months'], message: 'Renews for is required (months) when the contract renews' });
    if (c.end_action !== 'renew' && c.renew_months != null) ctx.addIssue({ code: 'custom', path: ['renew_months'], message: 'Renews for only applies to a contract that renews' });
  })
  .nullish();
export type ContractInput = NonNullable<z.output<typeof contractField>>;

const expenseFields = {
  name: text('Name', 200).min(1, 'Name is required'),
  category: text('Category', 60).min(1, 'Category must not be empty'),
  amount: amountField,
  currency: currencyField,
  billing_cycle: billingCycleField,
  renewal_date: isoDateField('Renewal date'),
  description: optionalText('Description', 2000),
  status: z.enum(EXPENSE_STATUSES, { error: 'Status must be active, trial, paused or cancelled' }),
  trial_ends_on: isoDateField('Trial end date').nullish(),
  notice_period_days: z
    .number({ error: 'Notice period must be a whole number of days' })
    .int('Notice period must be a whole number of days')
    .min(0, 'Notice period must be 0 or more days')
    .max(365, 'Notice period must be at most 365 days')
    .nullish(),
  auto_renew: z.boolean({ error: 'Auto-renew must be true or false' }),
  payment_method: optionalText('Payment method', 100),
  url: text('URL', 2000)
    .refine((v) => v === '' || /^https?:\/\/[^\s]+$/i.test(v), 'URL must start with http:// or https://')
    .nullish()
    .transform((v) => (v ? v : null)),
  /** null: follow the account default. */
  reminder_days: leadDays.nullish(),
  /** With seat_price (both or neither): the amount becomes seats × seat_price. null clears both, keeping the amount. */
  seats: z
    .number({ error: 'Seats must be a whole number' })
    .int('Seats must be a whole number')
    .min(1, 'Seats must be at least 1')
    .max(MAX_SEATS, `Seats must be at most ${MAX_SEATS.toLocaleString('en-US')}`)
    .nullish(),
  /** Price per seat in the subscription's currency, with the same rules as amount. */
  seat_price: moneyField('Price per seat').nullish(),
  cost_centre: costCentreField,
  contract: contractField,
};

export const expenseCreateInput = z.strictObject({
  ...expenseFields,
  // Derived from seats × seat_price when those are given.
  amount: expenseFields.amount.optional(),
  category: expenseFields.category.optional(),
  currency: expenseFields.currency.optional(),
  billing_cycle: expenseFields.billing_cycle.optional(),
  status: expenseFields.status.optional(),
  auto_renew: expenseFields.auto_renew.optional(),
});
export type ExpenseCreateInput = z.output<typeof expenseCreateInput>;

export const expenseUpdateInput = z
  .strictObject({ id: idParam, ...expenseFields })
  .partial()
  .required({ id: true });
export type ExpenseUpdateInput = z.output<typeof expenseUpdateInput>;

export const EXPENSE_PAGE_MAX = 10_000;

/** The cost-centre filter's value for "no cost centre": a stored cost centre is never empty. */
export const NO_COST_CENTRE = '';

/** One of the workspace's cost centres, with how many live subscriptions carry it. */
export interface CostCentre {
  name: string;
  count: number;
}

/**
 * Default: sort renewal_date. Default order: asc for name and renewal_date, desc for the others.
 * amount and monthly compare values in the base currency (one charge; the monthly equivalent), so
 * currencies mix correctly; subscriptions whose currency has no rate come last in either order.
 * name sorts case-insensitively; q searches name, description, payment method and category name.
 */
export const expenseListInput = z.strictObject({
  q: z.string().trim().max(200, 'Search must be at most 200 characters').optional(),
  category: z.string().trim().max(60).optional(),
  status: z.enum(EXPENSE_STATUSES, { error: 'Status must be active, trial, paused or cancelled' }).optional(),
  sort: z.enum(EXPENSE_SORTS, { error: `Sort must be one of: ${EXPENSE_SORTS.join(', ')}` }).optional(),
  order: z.enum(['asc', 'desc'], { error: 'Order must be asc or desc' }).optional(),
  /** A member's user id: only the subscriptions they own (no member of this workspace: none). */
  owner: intQuery('Owner', 1, Number.MAX_SAFE_INTEGER).optional(),
  /** Exact, ignoring letter case; NO_COST_CENTRE ("") for the subscriptions without one. */
  cost_centre: labelText('Cost centre', MAX_COST_CENTRE).optional(),
  limit: intQuery('Limit', 1, EXPENSE_PAGE_MAX).optional(),
  offset: intQuery('Offset', 0, Number.MAX_SAFE_INTEGER).optional(),
});
export type ExpenseListInput = z.output<typeof expenseListInput>;

const byId = z.strictObject({ id: idParam });

export const expenseOperations = {
  'expenses.create': operation<{ expense: Expense }>()({
    method: 'POST',
    path: '/api/expenses',
    status: 201,
    auth: true,
    role: 'member',
    input: expenseCreateInput,
    summary: 'Add a subscription',
  }),
  'expenses.list': operation<{ expenses: Expense[]; total: number; limit: number; offset: number }>()({
    method: 'GET',
    path: '/api/expenses',
    auth: true,
    role: 'viewer',
    input: expenseListInput,
    summary: 'Subscriptions, filtered, sorted and paged (default 500 per page)',
  }),
  'expenses.costCentres': operation<{ cost_centres: CostCentre[] }>()({
    method: 'GET',
    path: '/api/cost-centres',
    auth: true,
    role: 'viewer',
    input: z.strictObject({}),
    summary: "The workspace's cost centres, most used first (suggestions for the form and the filter)",
  }),
  'expenses.get': operation<{ expense: Expense }>()({
    method: 'GET',
    path: '/api/expenses/:id',
    auth: true,
    role: 'viewer',
    input: byId,
    summary: 'One subscription',
  }),
  'expenses.update': operation<{ expense: Expense }>()({
    method: 'PUT',
    path: '/api/expenses/:id',
    auth: true,
    role: 'member',
    input: expenseUpdateInput,
    summary: 'Change some fields of a subscription',
  }),
  /** Soft delete. undo_until (30 s) is how long to offer "Undo"; restore works for 7 days, then the row is purged. */
  'expenses.delete': operation<{ message: string; expense: Expense; undo_until: string }>()({
    method: 'DELETE',
    path: '/api/expenses/:id',
    auth: true,
    role: 'member',
    input: byId,
    summary: 'Delete a subscription (it can be restored for a while)',
  }),
  'expenses.restore': operation<{ expense: Expense }>()({
    method: 'POST',
    path: '/api/expenses/:id/restore',
    auth: true,
    role: 'member',
    input: byId,
    summary: 'Undo a delete',
  }),
};
